import * as ts from 'typescript';
import { relativeSpecifier, usesEsm } from './edits';
import { typedJavaScript } from './jsdoc-emit';
import { OAUTH_HELPER_BASENAME, OAUTH_HELPER_SOURCE } from './oauth-helper';

/**
 * Where the generated `atlassianOAuth` helper goes and in which language: one file per project (two
 * copies would keep two token caches, and with rotating refresh tokens the second refresh would
 * spend a refresh token the first already replaced). TypeScript projects get `atlassianOAuth.ts`;
 * plain JavaScript projects get the same module compiled to JavaScript (CommonJS or ESM, like the file).
 */
export interface HelperPlan {
  /** Workspace-relative path of the helper. */
  readonly path: string;
  readonly source: string;
  /** Module specifier from the edited file. */
  readonly specifier: string;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** The helper's folder: the outermost `src/` of the file, else the file's own folder. */
function helperDir(file: string): string {
  const parts = file.split('/');
  const src = parts.indexOf('src');
  return (src >= 0 && src < parts.length - 1 ? parts.slice(0, src + 1) : parts.slice(0, -1)).join('/');
}

/** A `tsconfig.json`, or `typescript` in a `package.json`, in the file's folder or above. */
function typescriptProject(file: string, readFile: ((p: string) => string | undefined) | undefined): boolean | undefined {
  if (!readFile) return undefined;
  let dir = dirOf(file);
  for (;;) {
    const at = (name: string): string => (dir ? `${dir}/${name}` : name);
    if (readFile(at('tsconfig.json')) !== undefined) return true;
    const pkg = readFile(at('package.json'));
    if (pkg !== undefined) return /"typescript"\s*:/.test(pkg);
    if (dir === '') return false;
    dir = dirOf(dir);
  }
}

/**
 * Whether a TypeScript file's relative imports need the `.js` extension: the nearest `tsconfig.json`
 * resolves modules as Node's ESM does (`"module"`/`"moduleResolution"`: `node16`, `nodenext`) in a
 * package of `"type": "module"` or for `.mts` files, or the file already writes its relative imports
 * with `.js`. Without it `import … from './atlassianOAuth'` fails with TS2835.
 */
function needsJsExtension(file: string, sf: ts.SourceFile, readFile: ((p: string) => string | undefined) | undefined): boolean {
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && /^\.\.?\//.test(s.moduleSpecifier.text)) return /\.[cm]?js$/.test(s.moduleSpecifier.text);
  }
  if (!readFile || /\.cts$/i.test(file)) return false;
  let dir = dirOf(file);
  let nodeEsm: boolean | undefined;
  let typeModule: boolean | undefined;
  for (;;) {
    const at = (name: string): string => (dir ? `${dir}/${name}` : name);
    if (nodeEsm === undefined) {
      const tsconfig = readFile(at('tsconfig.json'));
      if (tsconfig !== undefined) nodeEsm = /"(?:module|moduleResolution)"\s*:\s*"node(?:16|next)"/i.test(tsconfig);
    }
    if (typeModule === undefined) {
      const pkg = readFile(at('package.json'));
      if (pkg !== undefined) typeModule = /"type"\s*:\s*"module"/.test(pkg);
    }
    if ((nodeEsm !== undefined && typeModule !== undefined) || dir === '') break;
    dir = dirOf(dir);
  }
  return nodeEsm === true && (typeModule === true || /\.mts$/i.test(file));
}

const compiled = new Map<ts.ModuleKind, string>();

function javascript(kind: ts.ModuleKind): string {
  let out = compiled.get(kind);
  if (out === undefined) {
    out = typedJavaScript(OAUTH_HELPER_SOURCE, kind, `${OAUTH_HELPER_BASENAME}.ts`);
    compiled.set(kind, out);
  }
  return out;
}

export function helperFor(file: string, sf: ts.SourceFile, readFile?: (p: string) => string | undefined): HelperPlan {
  const dir = helperDir(file);
  const at = (name: string): string => (dir ? `${dir}/${name}` : name);
  const js = /\.[cm]?jsx?$/i.test(file);
  if (!js || typescriptProject(file, readFile) !== false) {
    const p = at(`${OAUTH_HELPER_BASENAME}.ts`);
    const spec = relativeSpecifier(file, p);
    return { path: p, source: OAUTH_HELPER_SOURCE, specifier: needsJsExtension(file, sf, readFile) ? `${spec}.js` : spec };
  }
  const cjsFile = /\.cjs$/i.test(file);
  const esm = /\.mjs$/i.test(file) || (!cjsFile && usesEsm(sf));
  const ext = /\.mjs$/i.test(file) ? 'mjs' : cjsFile ? 'cjs' : 'js';
  const p = at(`${OAUTH_HELPER_BASENAME}.${ext}`);
  const spec = relativeSpecifier(file, p);
  // Node's ESM loader wants the extension; CommonJS `require` finds `.js` without it.
  return { path: p, source: javascript(esm ? ts.ModuleKind.ES2022 : ts.ModuleKind.CommonJS), specifier: esm || ext !== 'js' ? `${spec}.${ext}` : spec };
}
