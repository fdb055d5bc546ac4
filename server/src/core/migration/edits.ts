import * as ts from 'typescript';
import type { HttpRequest } from '../analysis/http';
import type { TextEdit } from '../model';
import type { ScopeLookup } from './scopes';

/**
 * Small text-edit builders the migration fixes share: where `await` is legal, imports added once,
 * properties removed with their comma, module paths between workspace files.
 */

/** Why a call cannot be rewritten safely: the action is not offered and the diagnostic says this. */
export interface Refusal {
  readonly reason: string;
}

export function isRefusal<T extends object>(v: T | Refusal): v is Refusal {
  return 'reason' in v;
}

/** The function a node runs in (not counting class bodies); undefined at module level. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  const fn = ts.findAncestor(node.parent, (n) => ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n));
  return fn && ts.isFunctionLike(fn) ? fn : undefined;
}

/** `await` is legal at `node`: inside an async function body (parameters and defaults excluded). */
export function awaitLegal(node: ts.Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  const body = (fn as { body?: ts.Node }).body;
  if (!body || node.pos < body.pos || node.end > body.end) return false;
  return (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

/** Escapes text for the literal part of a template literal. */
export function templateEscape(text: string): string {
  return text.replace(/[\\`]/g, '\\$&').replace(/\$\{/g, '\\${');
}

const doubleQuoted = new WeakMap<ts.SourceFile, boolean>();

/**
 * The quotes that open the first string after each `import` at the start of a line, and those of
 * `require(` calls. Linear: imports with no quote between them share one scan (issue 14: a regex
 * `^\s*import[^'"]*"` took minutes on a file of 160,000 blank lines).
 */
function importQuotes(text: string): Set<string> {
  const quotes = new Set<string>();
  if (text.includes('require("')) quotes.add('"');
  if (text.includes("require('")) quotes.add("'");
  const quote = /['"]/g;
  let found: RegExpExecArray | null = null;
  for (const m of text.matchAll(/^[^\S\r\n\u2028\u2029]*import/gm)) {
    const from = (m.index ?? 0) + m[0].length;
    if (found === null || found.index < from) {
      quote.lastIndex = from;
      found = quote.exec(text);
      if (found === null) break;
    }
    quotes.add(found[0]);
  }
  return quotes;
}

/** Whether the file's imports use double quotes: one scan of the text, once per tree. */
function usesDoubleQuotes(sf: ts.SourceFile): boolean {
  let double = doubleQuoted.get(sf);
  if (double === undefined) {
    const quotes = importQuotes(sf.text);
    double = quotes.has('"') && !quotes.has("'");
    doubleQuoted.set(sf, double);
  }
  return double;
}

/** A string literal in the file's quote style. */
export function quote(text: string, sf: ts.SourceFile): string {
  const q = usesDoubleQuotes(sf) ? '"' : "'";
  return q + text.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
}

/** The file's line break. */
export function eol(sf: ts.SourceFile): string {
  return sf.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Whether the file is an ES module (imports/exports) rather than CommonJS (`require`). */
export function usesEsm(sf: ts.SourceFile): boolean {
  if (sf.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s))) return true;
  if (sf.statements.some((s) => ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))) return true;
  if (/\bmodule\.exports\b|\brequire\(/.test(sf.text)) return false;
  return true;
}

function isRequireStatement(s: ts.Statement): boolean {
  if (!ts.isVariableStatement(s)) return false;
  return s.declarationList.declarations.some((d) => {
    const init = d.initializer;
    return init !== undefined && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require';
  });
}

/**
 * Edits that make `names` available from `specifier`: added to an existing import (or destructured
 * require) of it, or one new statement after the last import/require at the top of the file.
 */
export function importEdits(
  sf: ts.SourceFile,
  names: readonly string[],
  specifier: string,
  options: { defaultName?: string | undefined; removed?: readonly TextEdit[] } = {},
): TextEdit[] {
  const nl = eol(sf);
  const esm = usesEsm(sf);
  if (!esm && options.defaultName) {
    // CommonJS: the default export is the `default` property (`const { default: api } = require(…)`).
    names = [`default: ${options.defaultName}`, ...names];
    options = { ...options, defaultName: undefined };
  }
  // `a: b` (require pattern) and `a as b` (import alias) name the export `a`.
  const keyOf = (n: string): string => n.replace(/(?::| as ).*$/, '');
  const removed = (n: ts.Node): boolean => options.removed?.some((e) => e.newText === '' && e.range.start <= n.getStart() && n.getEnd() <= e.range.end) ?? false;
  for (const s of sf.statements) {
    if (removed(s)) continue;
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === specifier && s.importClause && !s.importClause.isTypeOnly) {
      const clause = s.importClause;
      const nb = clause.namedBindings;
      const have = new Set(nb && ts.isNamedImports(nb) ? nb.elements.map((e) => (e.propertyName ?? e.name).text) : []);
      const missing = names.filter((n) => !have.has(keyOf(n)));
      const needDefault = options.defaultName !== undefined && !clause.name;
      if (missing.length === 0 && !needDefault) return [];
      if (nb && ts.isNamespaceImport(nb)) break;
      const edits: TextEdit[] = [];
      if (needDefault) edits.push({ range: { start: clause.getStart(), end: clause.getStart() }, newText: `${options.defaultName}, ` });
      if (nb && ts.isNamedImports(nb) && missing.length > 0) {
        const last = nb.elements[nb.elements.length - 1];
        const at = last ? last.getEnd() : nb.getStart() + 1;
        edits.push({ range: { start: at, end: at }, newText: `${last ? ', ' : ' '}${missing.join(', ')}${last ? '' : ' '}` });
      } else if (!nb && missing.length > 0) {
        const at = clause.getEnd();
        edits.push({ range: { start: at, end: at }, newText: `, { ${missing.join(', ')} }` });
      }
      return edits;
    }
    if (!esm && ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const init = d.initializer;
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') continue;
        const arg = init.arguments[0];
        if (!arg || !ts.isStringLiteralLike(arg) || arg.text !== specifier || !ts.isObjectBindingPattern(d.name)) continue;
        const have = new Set(d.name.elements.map((e) => (e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : ts.isIdentifier(e.name) ? e.name.text : '')));
        const missing = names.filter((n) => !have.has(keyOf(n)));
        if (missing.length === 0) return [];
        const last = d.name.elements[d.name.elements.length - 1];
        const at = last ? last.getEnd() : d.name.getStart() + 1;
        return [{ range: { start: at, end: at }, newText: `${last ? ', ' : ' '}${missing.join(', ')}` }];
      }
    }
  }
  const spec = quote(specifier, sf);
  const semi = /;\s*$/m.test(sf.statements[0]?.getText() ?? ';') ? ';' : '';
  const named = names.length > 0 ? `{ ${names.join(', ')} }` : '';
  const text = esm
    ? `import ${[options.defaultName, named].filter(Boolean).join(', ')} from ${spec}${semi}`
    : `const ${named} = require(${spec})${semi}`;
  let anchor: ts.Statement | undefined;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s) || isRequireStatement(s)) anchor = s;
    else if (anchor || !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression))) break;
    else anchor = s; // 'use strict'
  }
  if (anchor) {
    const at = anchor.getEnd();
    // The anchor import may itself be removed by the same fix: insert where it started instead.
    const gone = options.removed?.find((e) => e.newText === '' && e.range.start < at && at <= e.range.end);
    if (gone) return [{ range: { start: gone.range.start, end: gone.range.start }, newText: `${text}${nl}` }];
    return [{ range: { start: at, end: at }, newText: `${nl}${text}` }];
  }
  const first = sf.statements[0];
  const at = first ? first.getStart() : sf.text.length;
  return [{ range: { start: at, end: at }, newText: `${text}${nl}${first ? nl : ''}` }];
}

/** The indentation of the line a node starts on. */
export function indentOf(node: ts.Node): string {
  const sf = node.getSourceFile();
  const start = node.getStart();
  const lineStart = sf.text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*/.exec(sf.text.slice(lineStart, start))?.[0] ?? '';
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** A relative module specifier from one workspace file to another (extension dropped). */
export function relativeSpecifier(fromFile: string, toFile: string): string {
  return relativePath(fromFile, toFile.replace(/\.[cm]?[jt]sx?$/, ''));
}

/** `./x.ts`, `../lib/x.ts`: one workspace file's path as seen from another's folder. */
export function relativePath(fromFile: string, toFile: string): string {
  const from = dirOf(fromFile).split('/').filter(Boolean);
  const to = toFile.split('/').filter(Boolean);
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  const up = from.length - i;
  const rest = to.slice(i).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/** Applies a list of edits where several fixes of one group may name the same range twice. */
export function dedupe(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  const out: TextEdit[] = [];
  for (const e of edits) {
    const key = `${e.file ?? ''}:${e.range.start}:${e.range.end}:${e.newText}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** What both rewrites (3LO and Forge) of one file's API-token requests work from. */
export interface MigrationInput {
  readonly path: string;
  readonly sf: ts.SourceFile;
  /** Every request of the file (the shared HTTP index). */
  readonly requests: readonly HttpRequest[];
  readonly lookup: ScopeLookup;
  /** Reads other workspace files (the manifest; a TypeScript project or a JavaScript one). */
  readonly readFile?: (path: string) => string | undefined;
}

/** The nodes that carry a request's credential: its `Authorization` header keys and `auth` options. */
export function credentialKeys(r: HttpRequest): ts.Node[] {
  return [...r.authorization.map((h) => h.key), ...r.auth.map((a) => a.key)];
}
