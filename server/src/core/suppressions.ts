import * as ts from 'typescript';
import { Parser } from 'yaml';
import type { FileKind, Range } from './model';

export { isPlaceholderReason } from './reason';

/** A `marketplace-guard-disable-next-line` or `-file` directive found in a comment. */
export interface Directive {
  readonly kind: 'next-line' | 'file';
  readonly ruleIds: readonly string[];
  readonly reason: string;
  /** Range of the directive text, for reports about the directive itself. */
  readonly range: Range;
  /** Offset the directive starts at; next-line directives apply to the line after it. */
  readonly offset: number;
}

const DIRECTIVE = /(\/\/|\/\*+|#|<!--)[ \t]*marketplace-guard-disable-(next-line|file)\b([^\r\n]*)/g;

/** The comment openers each file kind has. */
const OPENERS: Record<FileKind, readonly string[]> = {
  code: ['//', '/*'],
  json: ['//', '/*'],
  manifest: ['#'],
  yaml: ['#'],
  env: ['#'],
  markdown: ['<!--'],
  text: ['//', '/*', '#', '<!--'],
};


/**
 * Directive candidates: the text after a comment opener of the file's kind. Cheap (one regex pass,
 * only when the marker is in the text); {@link commentDirectives} then keeps those that really are
 * in a comment, not in a string literal, URL, JSON value or code block.
 */
export function parseDirectives(text: string, kind?: FileKind): Directive[] {
  if (!text.includes('marketplace-guard-disable-')) return [];
  const openers = kind ? OPENERS[kind] : undefined;
  const out: Directive[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const opener = m[1] ?? '';
    if (openers && !openers.includes(opener.startsWith('/*') ? '/*' : opener)) continue;
    const kindOf = m[2] === 'file' ? 'file' : 'next-line';
    let rest = m[3] ?? '';
    // A block or HTML comment ends at its first closer: what follows on the line is code, not ids.
    const closer = opener.startsWith('/*') ? rest.indexOf('*/') : opener === '<!--' ? rest.indexOf('-->') : -1;
    if (closer >= 0) rest = rest.slice(0, closer);
    rest = rest.trimEnd();
    let reason = '';
    const sep = rest.indexOf('--');
    if (sep >= 0) {
      reason = rest.slice(sep + 2).trim();
      rest = rest.slice(0, sep);
    }
    const ruleIds = rest
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const start = m.index ?? 0;
    out.push({ kind: kindOf, ruleIds, reason, offset: start, range: { start, end: start + m[0].length } });
  }
  return out;
}

/**
 * The candidates that sit in a real comment of the file's language. A directive quoted in a string
 * (`"// marketplace-guard-disable-file …"`), a URL, a JSON value, a YAML scalar, a Markdown code
 * block or JSX text suppresses nothing: otherwise data anyone can write would hide findings.
 * `tree` gives a code file's syntax tree (undefined when it cannot be parsed).
 */
export function commentDirectives(candidates: readonly Directive[], kind: FileKind, text: string, tree: () => ts.SourceFile | undefined): Directive[] {
  if (candidates.length === 0) return [];
  let test: (offset: number) => boolean;
  switch (kind) {
    case 'code': {
      const sf = tree();
      // Unparsable code: only a comment that starts its line is trusted.
      test = sf ? (o) => inCodeComment(sf, o) : (o) => startsLine(text, o);
      break;
    }
    case 'json':
      test = inJsonComment(text);
      break;
    case 'manifest':
    case 'yaml':
      test = inYamlComment(text);
      break;
    case 'env':
      test = (o) => inEnvComment(text, o);
      break;
    case 'markdown':
      test = inMarkdownComment(text);
      break;
    default:
      test = (o) => startsLine(text, o);
  }
  return candidates.filter((d) => test(d.offset));
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim().length === 0;
}

/** Tokens whose text may hold `//` or `/*` without being a comment. */
const LITERAL_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.JsxText,
  ts.SyntaxKind.JsxTextAllWhiteSpaces,
]);

/**
 * Whether `offset` (where `//` or `/*` starts) is in a comment: descends the tree to the innermost
 * node holding it. Between a node's leading trivia and its first token there are only comments and
 * white space; inside a node's own tokens, only literals can hold those characters.
 */
function inCodeComment(sf: ts.SourceFile, offset: number): boolean {
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (c) => {
      if (c.pos <= offset && offset < c.end) next = c;
      return next;
    });
    if (!next) return !LITERAL_KINDS.has(node.kind);
    const child: ts.Node = next;
    if (offset < child.getStart(sf)) return true;
    node = child;
  }
}

/** Comment starts of a JSON(C) text, found by one pass that skips strings. */
function inJsonComment(text: string): (offset: number) => boolean {
  const starts = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x0a; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      starts.add(i);
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      starts.add(i);
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    }
  }
  return (o) => starts.has(o);
}

/** Comment tokens of a YAML text, from the `yaml` package's concrete syntax tree (walked without recursion). */
function inYamlComment(text: string): (offset: number) => boolean {
  const starts = new Set<number>();
  const stack: unknown[] = [];
  try {
    for (const token of new Parser().parse(text)) stack.push(token);
  } catch {
    return (o) => startsLine(text, o);
  }
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      const rec = v as Record<string, unknown>;
      if (rec['type'] === 'comment' && typeof rec['offset'] === 'number') starts.add(rec['offset']);
      for (const x of Object.values(rec)) if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return (o) => starts.has(o);
}

/** `.env`: a `#` that starts its line, or follows white space after an unquoted value. */
function inEnvComment(text: string, offset: number): boolean {
  const before = text.slice(lineStart(text, offset), offset);
  if (before.trim().length === 0) return true;
  return /\s$/.test(before) && !/["'`]/.test(before);
}

/** Markdown: an HTML comment outside fenced code blocks and inline code spans. */
function inMarkdownComment(text: string): (offset: number) => boolean {
  const fenced: [number, number][] = [];
  const FENCE = /^ {0,3}(`{3,}|~{3,})/;
  let open: { at: number; marker: string } | undefined;
  let at = 0;
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    if (m?.[1]) {
      if (!open) open = { at, marker: m[1] };
      else if (m[1][0] === open.marker[0] && m[1].length >= open.marker.length) {
        fenced.push([open.at, at + line.length]);
        open = undefined;
      }
    }
    at += line.length + 1;
  }
  if (open) fenced.push([open.at, text.length]);
  return (o) => {
    if (fenced.some(([s, e]) => o >= s && o <= e)) return false;
    const before = text.slice(lineStart(text, o), o);
    return (before.split('`').length - 1) % 2 === 0;
  };
}
