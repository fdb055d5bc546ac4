import * as ts from 'typescript';
import { normalisePath } from '../files';
import { parseCode } from '../parse';
import { findDeclaration } from './scope';

/**
 * Follows a name imported from another file of the project (`import { getAuthHeader } from
 * './authHeader'`) to the declaration that module exports, so value resolution can continue there.
 * Real integrations build the Authorization header or the client config in one module and send it
 * from many. Analysis stays per file: the other module's text comes from the caller's reader
 * (workspace-relative paths), is parsed on demand and never executed. Only relative specifiers are
 * followed; packages are someone else's code.
 */

/** Reads a workspace file (workspace-relative path); undefined when it cannot. */
export type ModuleReader = (path: string) => string | undefined;

/** What an exported name stands for: a declaration, or the expression of `export default …`. */
export type ExportedValue = ts.VariableDeclaration | ts.FunctionDeclaration | ts.ClassDeclaration | ts.Expression;

interface ModuleHost {
  readonly read: ModuleReader;
  /** Parsed modules by path (null: missing or unparsable), least recently used first; bounded. */
  readonly parsed: Map<string, ts.SourceFile | null>;
}

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'];
/** Modules kept per reader (one audit): the oldest is dropped past this, and parsed again if needed. */
const MAX_MODULES = 128;
const MAX_TEXT = 1024 * 1024;
/** `export { x } from './y'` chains followed at most this far. */
const MAX_HOPS = 2;

const hostsByReader = new WeakMap<ModuleReader, ModuleHost>();
const hostsByFile = new WeakMap<ts.SourceFile, ModuleHost>();
const readers = new WeakSet<ts.SourceFile>();

/**
 * Lets identifiers imported by `sf` be followed into other modules read with `read`. The engine
 * calls it for the file it analyses; modules parsed on demand are registered the same way, so
 * chains work. One cache per reader: an audit passes one reader, so a helper is parsed once.
 */
export function registerModuleReader(sf: ts.SourceFile, read: ModuleReader): void {
  let host = hostsByReader.get(read);
  if (!host) hostsByReader.set(read, (host = { read, parsed: new Map() }));
  hostsByFile.set(sf, host);
}

function candidates(from: string, specifier: string, extra: readonly string[] = []): string[] {
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const base = normalisePath(`${dir}/${specifier}`);
  if (base === undefined) return [];
  // `./x.js` in TypeScript sources names `./x.ts`.
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  const exts = [...EXTENSIONS, ...extra];
  const out = [base, ...exts.map((e) => `${stem}${e}`), ...exts.map((e) => `${base}/index${e}`)];
  return [...new Set(out)].filter((p) => p.length > 0);
}

function parseModule(host: ModuleHost, path: string): ts.SourceFile | undefined {
  const known = host.parsed.get(path);
  if (known !== undefined) {
    host.parsed.delete(path);
    host.parsed.set(path, known);
    return known ?? undefined;
  }
  if (host.parsed.size >= MAX_MODULES) {
    const oldest = host.parsed.keys().next();
    if (!oldest.done) host.parsed.delete(oldest.value);
  }
  let sf: ts.SourceFile | null = null;
  try {
    const text = host.read(path);
    if (text !== undefined && text.length <= MAX_TEXT) sf = parseCode(path, text);
  } catch {
    sf = null; // unreadable or too deeply nested to parse: resolution stops here
  }
  host.parsed.set(path, sf);
  if (sf) hostsByFile.set(sf, host);
  return sf ?? undefined;
}

/** `./x`, `../y`, `.`: a file of the project rather than a package. */
export function isRelativeSpecifier(specifier: string): boolean {
  return /^\.\.?(?:\/|$)/.test(specifier);
}

/** The module a relative specifier names, seen from `sf`; undefined for packages and missing files. */
function moduleFor(sf: ts.SourceFile, specifier: string): ts.SourceFile | undefined {
  const host = hostsByFile.get(sf);
  return host ? moduleIn(host, sf.fileName, specifier) : undefined;
}

function moduleIn(host: ModuleHost, from: string, specifier: string, extra: readonly string[] = []): ts.SourceFile | undefined {
  if (!isRelativeSpecifier(specifier)) return undefined;
  for (const path of candidates(from, specifier, extra)) {
    if (!/\.(?:[cm]?[jt]s|[jt]sx)$/i.test(path)) continue;
    const target = parseModule(host, path);
    if (target) return target;
  }
  return undefined;
}

/**
 * The project module a relative specifier names, seen from `from`, read with `read` and parsed
 * through the same bounded per-reader cache as value following, so a module is parsed once per
 * audit whoever asks. `extra` adds extensions (`.d.ts` for type lookups).
 */
export function relativeModule(from: ts.SourceFile, specifier: string, read: ModuleReader, extra: readonly string[] = []): ts.SourceFile | undefined {
  let host = hostsByReader.get(read);
  if (!host) hostsByReader.set(read, (host = { read, parsed: new Map() }));
  return moduleIn(host, from.fileName, specifier, extra);
}

const exported = (n: ts.Node): boolean => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (n: ts.Node): boolean => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

/** A top-level declaration of `name` in `sf`, following it when it is itself imported. */
function local(sf: ts.SourceFile, name: string, hops: number): ExportedValue | undefined {
  for (const st of sf.statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name?.text === name) return st;
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d;
    }
    if (ts.isImportDeclaration(st) && st.importClause && !st.importClause.isTypeOnly && ts.isStringLiteral(st.moduleSpecifier) && hops < MAX_HOPS) {
      const clause = st.importClause;
      if (clause.name?.text === name) return exportOf(moduleFor(sf, st.moduleSpecifier.text), 'default', hops + 1);
      const nb = clause.namedBindings;
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          if (el.name.text === name && !el.isTypeOnly) return exportOf(moduleFor(sf, st.moduleSpecifier.text), (el.propertyName ?? el.name).text, hops + 1);
        }
      }
    }
  }
  return undefined;
}

const isModuleExports = (e: ts.Expression): boolean =>
  ts.isPropertyAccessExpression(e) && e.name.text === 'exports' && ts.isIdentifier(e.expression) && e.expression.text === 'module';

/** A name of the module itself for a value: `getAuthHeader` in `module.exports = { getAuthHeader }`. */
function named(sf: ts.SourceFile, e: ts.Expression, hops: number): ExportedValue {
  return ts.isIdentifier(e) ? (local(sf, e.text, hops) ?? e) : e;
}

/** `module.exports = …`, `module.exports = { name, … }`, `exports.name = …`, `module.exports.name = …`. */
function commonJsExport(sf: ts.SourceFile, e: ts.Expression, name: string, hops: number): ExportedValue | undefined {
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const { left, right } = e;
  if (isModuleExports(left)) {
    if (name === 'default') return named(sf, right, hops);
    if (!ts.isObjectLiteralExpression(right)) return undefined;
    for (const p of right.properties) {
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return named(sf, p.name, hops);
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return named(sf, p.initializer, hops);
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(left) && left.name.text === name) {
    const owner = left.expression;
    if ((ts.isIdentifier(owner) && owner.text === 'exports') || isModuleExports(owner)) return named(sf, right, hops);
  }
  return undefined;
}

/** The declaration `sf` exports as `name` (`'default'` for the default export). */
function exportOf(sf: ts.SourceFile | undefined, name: string, hops: number): ExportedValue | undefined {
  if (!sf) return undefined;
  for (const st of sf.statements) {
    if (ts.isExpressionStatement(st)) {
      const found = commonJsExport(sf, st.expression, name, hops);
      if (found) return found;
      continue;
    }
    if (ts.isExportAssignment(st) && !st.isExportEquals && name === 'default') return named(sf, st.expression, hops);
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && exported(st)) {
      if (isDefault(st) ? name === 'default' : st.name?.text === name) return st;
    }
    if (ts.isVariableStatement(st) && exported(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d;
    }
    if (ts.isExportDeclaration(st) && !st.isTypeOnly) {
      const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      const clause = st.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        const el = clause.elements.find((e) => e.name.text === name && !e.isTypeOnly);
        if (!el) continue;
        const inner = (el.propertyName ?? el.name).text;
        if (from === undefined) return local(sf, inner, hops);
        return hops < MAX_HOPS ? exportOf(moduleFor(sf, from), inner, hops + 1) : undefined;
      }
      if (!clause && from !== undefined && name !== 'default' && hops < MAX_HOPS) {
        const found = exportOf(moduleFor(sf, from), name, hops + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/**
 * What an identifier imported from a relative module stands for in that module, or undefined (a
 * package, a missing or unparsable module, no such export, or no reader registered for the file).
 */
export function importedValue(id: ts.Identifier): ExportedValue | undefined {
  const decl = findDeclaration(id);
  if (!decl) return undefined;
  let spec: ts.Expression;
  let name: string;
  if (ts.isBindingElement(decl)) {
    // const { getAuthHeader } = require('./authHeader')
    const owner = decl.parent.parent;
    const from = ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(owner) && owner.initializer ? requiredModule(owner.initializer) : undefined;
    const key = decl.propertyName ? (ts.isIdentifier(decl.propertyName) || ts.isStringLiteral(decl.propertyName) ? decl.propertyName.text : undefined) : id.text;
    return from !== undefined && key !== undefined ? moduleMember(id.getSourceFile(), from, key) : undefined;
  }
  if (ts.isImportSpecifier(decl)) {
    if (decl.isTypeOnly) return undefined;
    spec = decl.parent.parent.parent.moduleSpecifier;
    name = (decl.propertyName ?? decl.name).text;
  } else if (ts.isImportClause(decl)) {
    spec = decl.parent.moduleSpecifier;
    name = 'default';
  } else return undefined;
  return ts.isStringLiteral(spec) ? moduleMember(id.getSourceFile(), spec.text, name) : undefined;
}

/** What the module `specifier` (seen from `from`) exports as `name`; never throws. */
export function moduleMember(from: ts.SourceFile, specifier: string, name: string): ExportedValue | undefined {
  try {
    const found = exportOf(moduleFor(from, specifier), name, 0);
    if (found) readers.add(from);
    return found;
  } catch {
    return undefined;
  }
}

/** `require('./x')` with a relative specifier: the specifier. */
function requiredModule(e: ts.Expression): string | undefined {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x)) x = x.expression;
  if (!ts.isCallExpression(x) || !ts.isIdentifier(x.expression) || x.expression.text !== 'require') return undefined;
  const arg = x.arguments[0];
  return arg && ts.isStringLiteralLike(arg) && isRelativeSpecifier(arg.text) ? arg.text : undefined;
}

/** The relative module an identifier names as a whole: `import * as auth from './auth'`, `const auth = require('./auth')`. */
export function namespaceModule(id: ts.Identifier): string | undefined {
  const decl = findDeclaration(id);
  if (decl && ts.isNamespaceImport(decl)) {
    const spec = decl.parent.parent.moduleSpecifier;
    return ts.isStringLiteral(spec) && isRelativeSpecifier(spec.text) ? spec.text : undefined;
  }
  if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
    return requiredModule(decl.initializer);
  }
  return undefined;
}

/**
 * Whether values of `sf` were followed into other modules: then results cached on its nodes depend
 * on those files too, and a caller that keeps trees between analyses (the language server) must not
 * reuse this one.
 */
export function readsOtherModules(sf: ts.SourceFile): boolean {
  return readers.has(sf);
}

/** The module a node lives in, when it is not `sf`: the path a message names. */
export function foreignFile(node: ts.Node, sf: ts.SourceFile): string | undefined {
  const other = node.getSourceFile();
  return other === sf ? undefined : other.fileName;
}
