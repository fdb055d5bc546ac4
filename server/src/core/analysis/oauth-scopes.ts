import * as ts from 'typescript';
import type { Range } from '../model';
import { propertyNameText, unwrap } from './scope';

/**
 * Atlassian OAuth 2.0 (3LO) scopes a non-Forge app asks for in code: the `scope` parameter of an
 * `auth.atlassian.com/authorize` URL, and `scope`/`scopes` values (strings or arrays) in files that
 * talk to Atlassian. Each scope comes with its exact range inside the literal, for did-you-mean fixes.
 */

export interface ScopeToken {
  readonly scope: string;
  readonly range: Range;
  /** Whether the literal spells it URL-encoded (`read%3Ajira-work`): a fix must encode too. */
  readonly encoded: boolean;
  /** What to remove to drop the scope: the token and one separator, or the whole array element. */
  readonly item: Range;
  /** What joins scopes where this one is written (`%20` in a URL, ` ` in a string, `', '` in an array). */
  readonly sep: string;
}

/** Files worth a look: they mention Atlassian and a scope. */
export const OAUTH_SCOPE_PREFILTER = /^(?=[\s\S]*?atlassian)(?=[\s\S]*?scope)/i;

const LOOKS_LIKE_SCOPE = /^(?:[a-z][a-z-]*:[\w.:-]+|offline_access)$/;

function tokensIn(literal: ts.StringLiteralLike | ts.TemplateLiteralLikeNode, raw: string, offset: number, from: number, to: number, encoded: boolean, out: ScopeToken[]): void {
  void literal;
  // Tokens between separators: `%20`, `+` and spaces in a URL; spaces and commas in a string. Linear:
  // a separator is matched on its own (never a run re-scanned from each start), a token as one run.
  const re = encoded ? /(%20|\+|\s)|(?:(?!%20|\+)[^\s&'"`])+/gi : /[^\s,'"`]+/g;
  const part = raw.slice(from, to);
  let sepEnd = 0;
  for (const m of part.matchAll(re)) {
    const at = m.index ?? 0;
    if (m[1] !== undefined) {
      sepEnd = at + m[0].length;
      continue;
    }
    // In a URL, a token starts the parameter or follows a separator (not `&` or a quote).
    if (encoded && at !== sepEnd) continue;
    const rawToken = m[0];
    const scope = encoded ? safeDecode(rawToken) : rawToken;
    if (!LOOKS_LIKE_SCOPE.test(scope)) continue;
    const start = offset + from + at;
    const range = { start, end: start + rawToken.length };
    out.push({ scope, range, encoded: encoded && rawToken !== scope, item: range, sep: encoded ? '%20' : ' ' });
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The literal's source text and where its content starts. */
function literalText(node: ts.Node, sf: ts.SourceFile): { raw: string; offset: number } {
  const start = node.getStart(sf);
  const full = sf.text.slice(start, node.getEnd());
  return { raw: full, offset: start };
}

function isScopeKey(name: string | undefined): boolean {
  return name !== undefined && /^scopes?$/i.test(name);
}

/** Scope tokens in one node, when it is a place scopes are written. */
export function scopeTokens(node: ts.Node, sf: ts.SourceFile): ScopeToken[] {
  const out: ScopeToken[] = [];
  if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
    const { raw, offset } = literalText(node, sf);
    // An authorize URL: read the `scope=` parameter, encoded or not.
    if (/auth\.atlassian\.com\/authorize|[?&]scope=/i.test(raw) && /scope=/i.test(raw) && /atlassian|audience=api/i.test(sf.text)) {
      const at = raw.search(/[?&]scope=/i);
      if (at >= 0) {
        const from = raw.indexOf('=', at) + 1;
        const amp = raw.indexOf('&', from);
        const end = [amp, raw.indexOf('$', from), raw.length - 1].filter((x) => x >= from).reduce((a, b) => Math.min(a, b));
        tokensIn(node as ts.StringLiteralLike, raw, offset, from, end, true, out);
      }
      return out.map((t) => ({ ...t, item: around(sf.text, t.range, /^(?:%20|\+|[ \t]+)/, /(?:%20|\+|[ \t]+)$/) }));
    }
    // `scope: 'read:jira-work offline_access'`, `scopes: ['read:jira-work']`, `params.set('scope', …)`.
    if (!ts.isStringLiteralLike(node)) return out;
    let owner: ts.Node = node.parent;
    if (ts.isArrayLiteralExpression(owner)) owner = owner.parent;
    const key = ts.isPropertyAssignment(owner)
      ? propertyNameText(owner.name)
      : ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)
        ? owner.name.text
        : ts.isCallExpression(owner) && owner.arguments[1] === node && owner.arguments[0] && ts.isStringLiteralLike(unwrap(owner.arguments[0]))
          ? (unwrap(owner.arguments[0]) as ts.StringLiteralLike).text
          : undefined;
    if (!isScopeKey(key) && !(key !== undefined && /(?:^|_|[a-z])(?:SCOPES?|Scopes?)$/.test(key))) return out;
    tokensIn(node, raw, offset, 1, raw.length - 1, false, out);
    const only = out.length === 1 && out[0] && raw.slice(1, -1).trim() === out[0].scope ? out[0] : undefined;
    if (only && ts.isArrayLiteralExpression(node.parent)) {
      const q = raw[0] ?? "'";
      const lit = { start: offset, end: offset + raw.length };
      return [{ ...only, item: around(sf.text, lit, /^\s*,\s*/, /,\s*$/), sep: `${q}, ${q}` }];
    }
  }
  return out.map((t) => ({ ...t, item: around(sf.text, t.range, /^(?:%20|\+|[ \t]+)/, /(?:%20|\+|[ \t]+)$/) }));
}

/** A range grown by the separator after it, or else the one before it. */
function around(text: string, r: Range, after: RegExp, before: RegExp): Range {
  const a = after.exec(text.slice(r.end, r.end + 40));
  if (a && a[0].length > 0) return { start: r.start, end: r.end + a[0].length };
  const b = before.exec(text.slice(Math.max(0, r.start - 40), r.start));
  return b && b[0].length > 0 ? { start: r.start - b[0].length, end: r.end } : r;
}

/** Visitors for every node that can hold a scope string: literals and each piece of a template. */
export function scopeStringVisitors(visit: (node: ts.Node) => void): Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>> {
  return {
    [ts.SyntaxKind.StringLiteral]: visit,
    [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: visit,
    [ts.SyntaxKind.TemplateHead]: visit,
    [ts.SyntaxKind.TemplateMiddle]: visit,
    [ts.SyntaxKind.TemplateTail]: visit,
  };
}
