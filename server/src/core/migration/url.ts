import * as ts from 'typescript';
import { findDeclaration, unwrap } from '../analysis/scope';
import type { Product } from './scopes';

/**
 * A request URL as the code writes it, split into its host and its path, so the fix can point the
 * same path at `https://api.atlassian.com/ex/{product}/{cloudId}`. Values are followed through
 * same-file `const`s; every expression kept must be in scope where the rewritten URL is written.
 */

export type Segment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'expr'; readonly node: ts.Expression };

function constInitializer(id: ts.Identifier): ts.Expression | undefined {
  const decl = findDeclaration(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
  const init = unwrap(decl.initializer);
  const stringy = ts.isStringLiteralLike(init) || ts.isTemplateExpression(init) || (ts.isBinaryExpression(init) && init.operatorToken.kind === ts.SyntaxKind.PlusToken);
  return stringy ? init : undefined;
}

/** The text and expression pieces of a URL expression, literal consts inlined. */
export function segments(expr: ts.Expression, depth = 0): Segment[] {
  const e = unwrap(expr);
  if (ts.isStringLiteralLike(e)) return [{ kind: 'text', text: e.text }];
  if (ts.isTemplateExpression(e)) {
    const out: Segment[] = [{ kind: 'text', text: e.head.text }];
    for (const span of e.templateSpans) {
      out.push(...(depth < 6 && ts.isIdentifier(unwrap(span.expression)) && constInitializer(unwrap(span.expression) as ts.Identifier) ? segments(span.expression, depth + 1) : [{ kind: 'expr' as const, node: span.expression }]));
      out.push({ kind: 'text', text: span.literal.text });
    }
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...segments(e.left, depth + 1), ...segments(e.right, depth + 1)];
  if (ts.isIdentifier(e) && depth < 6) {
    const init = constInitializer(e);
    if (init) return segments(init, depth + 1);
  }
  return [{ kind: 'expr', node: e }];
}

/** Merges adjacent text segments and drops empty ones. */
function tidy(list: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of list) {
    const last = out[out.length - 1];
    if (s.kind === 'text' && s.text === '') continue;
    if (s.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

export interface SplitUrl {
  /** Host pieces (`acme.atlassian.net`, or a site variable); empty when the URL is relative. */
  readonly host: readonly Segment[];
  readonly path: readonly Segment[];
}

/** Splits `https://host/path?q` (or `${site}/path`) into host and path pieces. */
export function splitUrl(list: readonly Segment[]): SplitUrl | undefined {
  const segs = tidy(list);
  const first = segs[0];
  if (!first) return undefined;
  if (first.kind === 'expr') {
    const next = segs[1];
    if (next?.kind === 'text' && /^[/?]/.test(next.text)) return { host: [first], path: segs.slice(1) };
    return undefined;
  }
  if (first.text.startsWith('/') && !first.text.startsWith('//')) return { host: [], path: segs };
  const m = /^(?:https?:)?\/\/(.*)$/is.exec(first.text);
  if (!m) return undefined;
  const host: Segment[] = [];
  let rest: Segment[] = [{ kind: 'text', text: m[1] ?? '' }, ...segs.slice(1)];
  while (rest.length > 0) {
    const s = rest[0] as Segment;
    if (s.kind === 'expr') {
      host.push(s);
      rest = rest.slice(1);
      continue;
    }
    const cut = s.text.search(/[/?#]/);
    if (cut < 0) {
      host.push(s);
      rest = rest.slice(1);
      continue;
    }
    host.push({ kind: 'text', text: s.text.slice(0, cut) });
    rest = [{ kind: 'text', text: s.text.slice(cut) }, ...rest.slice(1)];
    break;
  }
  return { host: tidy(host), path: tidy(rest) };
}

/** Whether an expression can be written at `site`: it is part of the site, or only names values in scope there. */
export function inScopeAt(expr: ts.Expression, site: ts.Node): boolean {
  if (expr.getSourceFile() === site.getSourceFile() && expr.pos >= site.pos && expr.end <= site.end) return true;
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(n)) {
      const parent = n.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.name === n) || (ts.isPropertyAssignment(parent) && parent.name === n)) return;
      if (n.text === 'process' || n.text === 'undefined') return;
      const decl = findDeclaration(n);
      if (!decl) {
        ok = false;
        return;
      }
      const scope = ts.findAncestor(decl.parent, (x) => ts.isSourceFile(x) || ts.isBlock(x) || ts.isFunctionLike(x) || ts.isModuleBlock(x));
      if (!scope || !(site.pos >= scope.pos && site.end <= scope.end) || decl.pos >= site.pos) ok = false;
      return;
    }
    if (ts.isFunctionLike(n) || n.kind === ts.SyntaxKind.ThisKeyword) {
      ok = false;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return ok;
}

/** The product a path belongs to, from its prefix. */
export function productOfPath(text: string): Product | undefined {
  if (/^\/wiki\//.test(text)) return 'confluence';
  if (/^\/rest\//.test(text)) return 'jira';
  return undefined;
}

export function templateOf(list: readonly Segment[], escape: (t: string) => string): string {
  return list.map((s) => (s.kind === 'text' ? escape(s.text) : '${' + s.node.getText() + '}')).join('');
}

/** `/ex/jira/{cloudId}/rest/…` (the 3LO gateway) → the product and the product path `/rest/…`. */
export function stripGateway(path: readonly Segment[]): { product: Product; path: Segment[] } | undefined {
  const first = path[0];
  if (first?.kind !== 'text') return undefined;
  const m = /^\/ex\/(jira|confluence)\/(.*)$/s.exec(first.text);
  if (!m) return undefined;
  const product: Product = m[1] === 'confluence' ? 'confluence' : 'jira';
  const rest = m[2] ?? '';
  if (rest.length > 0) {
    const cut = rest.indexOf('/');
    return cut < 0 ? undefined : { product, path: [{ kind: 'text', text: rest.slice(cut) }, ...path.slice(1)] };
  }
  const next = path[2];
  if (path[1]?.kind !== 'expr' || next?.kind !== 'text' || !next.text.startsWith('/')) return undefined;
  return { product, path: [next, ...path.slice(3)] };
}
