import * as ts from 'typescript';
import { propertyNameText, unwrap } from './scope';
import type { FileKind } from '../model';
import { ATOA_SECRET, isAtoaSecret, isClientSecretName, isSecretValue } from './secrets';

/**
 * Where a literal secret sits in code and in config text, for `no-hardcoded-client-secret` and the
 * front-end rule: a literal bound to a secret name (variable, property, parameter default,
 * `process.env.X ?? 'literal'` fallback, `params.append('client_secret', …)`), an `ATOA…` value
 * under any name, or `client_secret=…` in a query string or form body.
 */

export interface LiteralSecret {
  readonly kind: 'named' | 'atoa' | 'query';
  /** Offsets of the secret itself. */
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** The name the value is bound to, when there is one. */
  readonly name: string | undefined;
}

function nameOfTarget(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text;
  if (ts.isPropertyAccessExpression(x)) return x.name.text;
  if (ts.isElementAccessExpression(x)) {
    const a = unwrap(x.argumentExpression);
    return ts.isStringLiteralLike(a) ? a.text : undefined;
  }
  return undefined;
}

/** The name a literal is bound to: climbs through `??`, `||`, `?:`, parentheses and assertions. */
export function bindingName(lit: ts.Node): string | undefined {
  let n: ts.Node = lit;
  for (let i = 0; i < 6; i++) {
    const p = n.parent;
    if (!p) return undefined;
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p) || ts.isConditionalExpression(p)) {
      n = p;
      continue;
    }
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken && p.right === n) return nameOfTarget(p.left);
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        if (p.right === n) {
          const left = nameOfTarget(p.left);
          if (left) return left;
        }
        n = p;
        continue;
      }
      return undefined;
    }
    if (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isPropertyDeclaration(p)) {
      return ts.isIdentifier(p.name) ? p.name.text : undefined;
    }
    if (ts.isPropertyAssignment(p)) return p.initializer === n ? propertyNameText(p.name) : undefined;
    if (ts.isJsxExpression(p) && ts.isJsxAttribute(p.parent)) return p.parent.name.getText();
    if (ts.isJsxAttribute(p)) return p.name.getText();
    if (ts.isCallExpression(p)) {
      // params.append('client_secret', '…'), form.set('clientSecret', '…')
      const callee = unwrap(p.expression);
      const first = p.arguments[0] ? unwrap(p.arguments[0]) : undefined;
      if (p.arguments[1] === n && ts.isPropertyAccessExpression(callee) && /^(?:append|set|add|field|setItem)$/.test(callee.name.text) && first && ts.isStringLiteralLike(first)) return first.text;
      return undefined;
    }
    return undefined;
  }
  return undefined;
}

const QUERY_SECRET = /(?:^|[?&\s;])(client_secret|clientSecret|client-secret|consumer_secret)=([^&\s'"`#]+)/gi;

/**
 * Atlassian 3LO client secrets (`ATOA…`) anywhere in a text starting at `offset`, whatever surrounds
 * them: how documentation, other text files and files too big or minified to parse are read.
 */
export function atoaSecrets(text: string, offset: number, inTest: boolean): LiteralSecret[] {
  const out: LiteralSecret[] = [];
  if (!text.includes('ATOA')) return out;
  for (const m of text.matchAll(ATOA_SECRET)) {
    const start = offset + (m.index ?? 0);
    if (isSecretValue(m[0], inTest)) out.push({ kind: 'atoa', start, end: start + m[0].length, value: m[0], name: undefined });
  }
  return out;
}

/** Secrets in one piece of literal text starting at `offset` (ATOA values and query-string secrets). */
export function secretsInText(text: string, offset: number, inTest: boolean): LiteralSecret[] {
  const out = atoaSecrets(text, offset, inTest);
  if (/secret=/i.test(text)) {
    for (const m of text.matchAll(QUERY_SECRET)) {
      const value = decodeSafe(m[2] ?? '');
      const at = (m.index ?? 0) + m[0].length - (m[2] ?? '').length;
      if (!isSecretValue(value, inTest) || out.some((o) => o.start === offset + at)) continue;
      out.push({ kind: 'query', start: offset + at, end: offset + at + (m[2] ?? '').length, value, name: m[1] });
    }
  }
  return out;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Secrets a string literal holds, by the name it is bound to or by its content. */
export function literalSecrets(lit: ts.StringLiteralLike, inTest: boolean, namedInFile = true): LiteralSecret[] {
  if (lit.text.length < 8) return [];
  const inText = /ATOA|secret=/i.test(lit.text);
  if (!namedInFile && !inText) return [];
  const name = bindingName(lit);
  const start = lit.getStart() + 1;
  if (name && isClientSecretName(name) && isSecretValue(lit.text, inTest) && lit.getEnd() - 1 - start === lit.text.length) {
    return [{ kind: isAtoaSecret(lit.text) ? 'atoa' : 'named', start, end: start + lit.text.length, value: lit.text, name }];
  }
  if (!inText) return [];
  // Escapes make text offsets differ from file offsets: scan the raw source of the literal.
  const raw = lit.getSourceFile().text.slice(start, lit.getEnd() - 1);
  return secretsInText(raw, start, inTest).map((s) => (s.kind === 'atoa' && name ? { ...s, name } : s));
}

/** A config line's secret: `.env` `NAME=value`, JSON `"name": "value"`, YAML `name: value`. */
export interface ConfigSecret extends LiteralSecret {
  /** Offsets of the whole value (with quotes) for fixes that empty it. */
  readonly valueStart: number;
  readonly valueEnd: number;
}

// A value ends on a non-blank character, or on a blank before its closing quote: trailing blanks are
// then read once, not again from every point inside them (issue 14: `x` + 10,000 spaces + `y`).
const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(["']?)((?:[^\r\n]*?(?:[^ \t\r\n]|[ \t](?=["'])))??)\2[ \t]*(?:#[^\r\n]*)?$/dgm;
// A key opens at a quote that no backslash escapes: a line of `\"` then costs one pass, not one per quote.
const JSON_PAIR = /(?<!\\)"((?:[^"\\\r\n]|\\.)+)"\s*:\s*(")((?:[^"\\\r\n]|\\.)*)"/dg;
const YAML_PAIR = /^[ \t]*(?:-[ \t]+)?([\w.-]+)[ \t]*:[ \t]+(["']?)([^\s'"#](?:[^\r\n'"#]*?(?:[^ \t\r\n'"#]|[ \t](?=["'])))??)\2[ \t]*(?:#[^\r\n]*)?$/dgm;

/** Named secrets and ATOA values in `.env`, JSON and YAML text. */
export function configSecrets(text: string, kind: 'env' | 'json' | 'yaml' | 'manifest', inTest: boolean): ConfigSecret[] {
  const out: ConfigSecret[] = [];
  const pattern = kind === 'env' ? ENV_LINE : kind === 'json' ? JSON_PAIR : YAML_PAIR;
  for (const m of text.matchAll(pattern)) {
    const name = m[1] ?? '';
    const value = m[3] ?? '';
    const quote = m[2] ?? '';
    const start = m.indices?.[3]?.[0] ?? 0;
    const valueEnd = start + value.length + quote.length;
    if (isClientSecretName(name) && isSecretValue(value, inTest)) {
      out.push({ kind: isAtoaSecret(value) ? 'atoa' : 'named', start, end: start + value.length, value, name, valueStart: start - quote.length, valueEnd });
    }
  }
  if (/ATOA/.test(text)) {
    for (const m of text.matchAll(ATOA_SECRET)) {
      const start = m.index ?? 0;
      if (out.some((o) => o.start <= start && start < o.end) || !isSecretValue(m[0], inTest)) continue;
      out.push({ kind: 'atoa', start, end: start + m[0].length, value: m[0], name: undefined, valueStart: start, valueEnd: start + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** How far around a value "the same statement" reaches: enough for a config object, never a whole bundle. */
const CONTEXT_WINDOW = 4_000;
const CONTEXT_LINES = 40;
const CONTEXT_LEVELS = 3;

/**
 * The text around a value at `start` that counts as its statement (SPEC rule 5: a legacy token "next
 * to an Atlassian keyword in the same statement or line"), innermost first, each a superset of the
 * one before: in code and JSON the enclosing object, array or call with the line that opens it (so the
 * key in `"acme.atlassian.net": { … }` counts), then the one around that; in YAML the sibling keys with
 * their parents' key lines; in `.env` files, documentation and other text the block between blank lines.
 * Read as text, never parsed, and bounded, so bundles and huge files stay cheap.
 */
export function* statementContexts(text: string, start: number, kind: FileKind): Generator<string> {
  const lo = Math.max(0, start - CONTEXT_WINDOW);
  const hi = Math.min(text.length, start + CONTEXT_WINDOW);
  if (kind === 'code' || kind === 'json') {
    let open = start;
    let close = start;
    for (let level = 0; level < CONTEXT_LEVELS; level++) {
      open = unmatchedOpener(text, open, lo);
      if (open < 0) break;
      close = matchingCloser(text, close, hi);
      yield text.slice(lineStart(text, open, lo), close);
    }
    if (close === start) {
      // A statement outside any brackets: the line, and the line before when it continues into it.
      const from = lineStart(text, start, lo);
      const prev = from > lo ? lineStart(text, from - 1, lo) : from;
      const continued = from > lo && /[=:,(+[{][ \t]*\r?$/.test(text.slice(prev, from - 1));
      yield text.slice(continued ? prev : from, lineEnd(text, start, hi));
    }
    return;
  }
  if (kind === 'yaml' || kind === 'manifest') {
    yield* yamlContexts(text, start, lo, hi);
    return;
  }
  yield blockAround(text, start, lo, hi);
}

/**
 * The start of the line holding `offset`, looking back no further than `lo`. Bounded both ways (and
 * not `lastIndexOf`, which would search a minified file's one line to its start for every value).
 */
export function lineStart(text: string, offset: number, lo: number): number {
  for (let i = offset - 1; i >= lo; i--) if (text.charCodeAt(i) === 0x0a) return i + 1;
  return lo;
}

/** The end of the line holding `offset` (its `\n`), looking no further than `hi`. */
export function lineEnd(text: string, offset: number, hi: number): number {
  for (let i = offset; i < hi; i++) if (text.charCodeAt(i) === 0x0a) return i;
  return hi;
}

/** The `{`, `[` or `(` that encloses `from`, scanning back no further than `lo`; -1 when none. */
function unmatchedOpener(text: string, from: number, lo: number): number {
  let depth = 0;
  for (let i = from - 1; i >= lo; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x7d || c === 0x5d || c === 0x29) depth++;
    else if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The offset after the bracket that closes the level `from` sits in; `hi` when it is not within reach. */
function matchingCloser(text: string, from: number, hi: number): number {
  let depth = 0;
  for (let i = from; i < hi; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b || c === 0x28) depth++;
    else if (c === 0x7d || c === 0x5d || c === 0x29) {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return hi;
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x2d)) i++;
  return i;
}

/** YAML: the value's siblings, and at each level up the parent's key line and its siblings. */
function* yamlContexts(text: string, start: number, lo: number, hi: number): Generator<string> {
  const lines = text.slice(lo, hi).split('\n');
  const base = lo;
  let at = lines.length - 1;
  for (let pos = base, i = 0; i < lines.length; i++) {
    const next = pos + (lines[i]?.length ?? 0) + 1;
    if (next > start) {
      at = i;
      break;
    }
    pos = next;
  }
  let first = at;
  let last = at;
  let indent = indentOf(lines[at] ?? '');
  if (indent === 0) {
    // Top-level keys: the block between blank lines, as in `.env` files.
    yield blockAround(text, start, lo, hi);
    return;
  }
  for (let level = 0; level < CONTEXT_LEVELS && indent > 0; level++) {
    const inside = (i: number): boolean => {
      const line = lines[i] ?? '';
      return line.trim() === '' || line.trimStart().startsWith('#') || indentOf(line) >= indent;
    };
    while (first > 0 && at - first < CONTEXT_LINES && inside(first - 1)) first--;
    while (last < lines.length - 1 && last - at < CONTEXT_LINES && inside(last + 1)) last++;
    if (first > 0) first--; // the parent's key line
    yield lines.slice(first, last + 1).join('\n');
    indent = indentOf(lines[first] ?? '');
  }
}

/** The lines between the blank lines around `start`. */
function blockAround(text: string, start: number, lo: number, hi: number): string {
  let from = lineStart(text, start, lo);
  for (let n = 0; n < CONTEXT_LINES && from > lo; n++) {
    const prev = lineStart(text, from - 1, lo);
    if (text.slice(prev, from).trim() === '') break;
    from = prev;
  }
  let to = lineEnd(text, start, hi);
  for (let n = 0; n < CONTEXT_LINES && to < hi; n++) {
    const next = lineEnd(text, to + 1, hi);
    if (text.slice(to + 1, next).trim() === '') break;
    to = next;
  }
  return text.slice(from, to);
}
