import * as path from 'path';
import * as ts from 'typescript';

/** Where virtual projects live: inside the repository, so `node_modules` (@forge/api, jira.js, axios) resolves. */
export const VIRTUAL_ROOT = path.resolve(__dirname, '..', '..', '.virtual-typecheck');

/** Modules the fixtures import that ship no types here. */
const STUBS = `declare module 'dotenv/config';
declare module '@forge/bridge' {
  export function requestJira(path: string, init?: RequestInit): Promise<Response>;
  export function requestConfluence(path: string, init?: RequestInit): Promise<Response>;
  export function invoke<T = unknown>(name: string, payload?: unknown): Promise<T>;
}
declare module '@forge/resolver' {
  export default class Resolver {
    define(name: string, fn: (request: { payload: unknown; context: unknown }) => unknown): void;
    getDefinitions(): unknown;
  }
}
`;

/**
 * Type-checks in-memory TypeScript files (absolute path → text) in one program, against the real
 * `@forge/api`, `jira.js` and `axios` types in node_modules. Returns `file:line message` per error.
 */
export function typecheck(files: ReadonlyMap<string, string>, opts: { checkJs?: boolean } = {}): string[] {
  const all = new Map(files);
  const stub = path.join(VIRTUAL_ROOT, 'stubs.d.ts');
  all.set(stub, STUBS);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    esModuleInterop: true,
    skipLibCheck: true,
    jsx: ts.JsxEmit.ReactJSX,
    ...(opts.checkJs ? { allowJs: true, checkJs: true } : {}),
  };
  const program = virtualProgram(all, options, (f) => (opts.checkJs ? /\.[cm]?[jt]sx?$/ : /\.[cm]?tsx?$/).test(f));
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? `${path.relative(VIRTUAL_ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '(global)';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * A program over in-memory files (absolute path → text) on top of the real file system (node_modules
 * types resolve); `root` picks the root names among the files.
 */
export function virtualProgram(all: ReadonlyMap<string, string>, options: ts.CompilerOptions, root: (file: string) => boolean): ts.Program {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) => {
    const text = all.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, version, true) : getSourceFile(name, version, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => all.has(path.resolve(name)) || fileExists(name);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) => {
    const d = path.resolve(dir) + path.sep;
    return [...all.keys()].some((f) => f.startsWith(d)) || (directoryExists ? directoryExists(dir) : false);
  };
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => all.get(path.resolve(name)) ?? readFile(name);
  return ts.createProgram({ rootNames: [...all.keys()].filter(root), options, host });
}
