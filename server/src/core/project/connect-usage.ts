import * as ts from 'typescript';
import { findDeclaration, unwrap } from '../analysis/scope';
import { evaluate, propertyOf, render, resolveValue, staticText, type Bindings } from '../analysis/values';
import type { Range } from '../model';

/**
 * The calls an Atlassian Connect app makes *as a Connect app*, with the app's own scopes: the iframe's
 * `AP.request(…)` (and the legacy `AP.require(['request'], fn)`), and atlassian-connect-express's
 * `addon.httpClient(req).get/post/put/del(…)`, `.asUser(…)` / `.asUserByAccountId(…)`. Calls to Jira
 * with an API token or OAuth are not Connect calls: they do not use the descriptor's scopes.
 *
 * Sound, never guessing: a client or `request` function that escapes (passed on, returned, aliased),
 * a hand-made JWT, or a mention the walk cannot place becomes a call whose route and method are not
 * visible, so it may need any scope.
 */

export interface ConnectCall {
  /** Upper-case; undefined when decided at run time. */
  readonly method?: string;
  /** Path template (`{x}` for parts decided at run time); undefined when the route is not visible. */
  readonly path?: string;
  readonly via: 'ap-request' | 'ace-http-client' | 'unknown';
  readonly range: Range;
}

/** Cheap text test: files without any of these words make no Connect call. */
export const CONNECT_PREFILTER = /\bAP\s*\.\s*(?:request|require)\b|httpClient|atlassian-jwt|['"`]JWT\s/;

/** Code that acts as a user (needs `ACT_AS_USER`): ACE's impersonation, or the OAuth 2.0 JWT bearer grant by hand. */
export const ACTS_AS_USER = /\.\s*asUser(?:ByAccountId)?\s*\(|jwt-bearer/;

const AP_REQUEST = /\bAP\s*\.\s*request\b/g;
const AP_REQUIRE = /\bAP\s*\.\s*require\b/g;
const HTTP_CLIENT_CALL = /\.\s*httpClient\s*\(/g;
const MANUAL_JWT = /atlassian-jwt|['"`]JWT\s/;
/** atlassian-connect-express's HTTP client methods (it wraps `request`). */
const ACE_METHODS: ReadonlyMap<string, string> = new Map([['get', 'GET'], ['post', 'POST'], ['put', 'PUT'], ['del', 'DELETE'], ['delete', 'DELETE'], ['patch', 'PATCH'], ['head', 'HEAD']]);
/** A path a Connect client can call: a product REST path (relative to the product's base URL). */
const PRODUCT_PATH = /^\/(?:rest|wiki|api\/v2)\//;

function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/** Holes (run-time values) right before a product REST path: the base URL of the site. */
const RUNTIME_BASE = /^(?:\{[^{}/]{0,80}\}){1,4}(?=\/(?:rest|wiki|api\/v2)\/)/;

function pathOf(arg: ts.Expression, env: Bindings): string | undefined {
  let text = render(evaluate(arg, env), false).split(/[?#]/)[0] ?? '';
  text = text.replace(/^https?:\/\/[^/]*/i, '');
  // A base URL decided at run time (`${baseUrl}/rest/api/2/issue/…`): the product path follows it.
  const base = RUNTIME_BASE.exec(text);
  if (base) text = text.slice(base[0].length);
  return text.startsWith('/') ? text.replace(/\/{2,}/g, '/') : undefined;
}

/** `{ url, type }` (AP.request) or `{ url, method }`: the URL expression and the method (null: not visible). */
function readOptions(e: ts.Expression | undefined): { url?: ts.Expression; env: Bindings; method: string | null } | undefined {
  if (!e) return undefined;
  const r = resolveValue(e);
  if (!ts.isObjectLiteralExpression(r.expr)) return undefined;
  const url = propertyOf(r.expr, 'url', r.env) ?? propertyOf(r.expr, 'uri', r.env);
  const m = propertyOf(r.expr, 'type', r.env) ?? propertyOf(r.expr, 'method', r.env);
  const spread = r.expr.properties.some((p) => ts.isSpreadAssignment(p));
  const method = m ? (staticText(evaluate(m.expr, m.env))?.toUpperCase() ?? null) : spread ? null : 'GET';
  return { ...(url ? { url: url.expr } : {}), env: url?.env ?? r.env, method };
}

function isAp(e: ts.Expression): boolean {
  const x = unwrap(e);
  return (ts.isIdentifier(x) && x.text === 'AP') || (ts.isPropertyAccessExpression(x) && x.name.text === 'AP');
}

/** `AP.request(…)`, `window.AP.request(…)`. */
function isApRequest(callee: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'request' && isAp(callee.expression);
}

/** A call of the `request` function `AP.require(['request'], function (request) { … })` hands over. */
function isRequiredRequest(callee: ts.Expression): boolean {
  if (!ts.isIdentifier(callee)) return false;
  const decl = findDeclaration(callee);
  if (!decl || !ts.isParameter(decl)) return false;
  const fn = decl.parent;
  const call = fn.parent;
  if (!(ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) || !ts.isCallExpression(call)) return false;
  const c = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(c) || c.name.text !== 'require' || !isAp(c.expression)) return false;
  const modules = call.arguments[0];
  const index = fn.parameters.indexOf(decl);
  if (modules && ts.isStringLiteral(modules)) return index === 0 && modules.text === 'request';
  if (!modules || !ts.isArrayLiteralExpression(modules)) return false;
  const m = modules.elements[index];
  return m !== undefined && ts.isStringLiteral(m) && m.text === 'request';
}

/** An expression that is an ACE HTTP client: `addon.httpClient(req)`, `.asUser…(…)` on one, or a const bound to one. */
function aceClient(e: ts.Expression, depth = 0): 'client' | 'named' | undefined {
  if (depth > 8) return undefined;
  const x = unwrap(e);
  if (ts.isCallExpression(x)) {
    const c = unwrap(x.expression);
    if (!ts.isPropertyAccessExpression(c)) return undefined;
    if (c.name.text === 'httpClient') return 'client';
    if (c.name.text === 'asUser' || c.name.text === 'asUserByAccountId') return aceClient(c.expression, depth + 1) ?? (/httpclient/i.test(c.expression.getText()) ? 'named' : undefined);
    return undefined;
  }
  if (ts.isIdentifier(x)) {
    const decl = findDeclaration(x);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
      const bound = aceClient(decl.initializer, depth + 1);
      if (bound) return bound;
    }
    return /httpclient/i.test(x.text) ? 'named' : undefined;
  }
  if (ts.isPropertyAccessExpression(x) && /^httpclient$/i.test(x.name.text)) return 'named';
  return undefined;
}

/**
 * The Connect calls of a parsed file, from its call expressions (the engine's walk collected them).
 * `text` is the file's text as the tree was parsed from it (templates: scripts only).
 */
export function connectCalls(sf: ts.SourceFile, all: readonly ts.CallExpression[], text = sf.text): ConnectCall[] {
  if (!CONNECT_PREFILTER.test(text)) return [];
  const out: ConnectCall[] = [];
  const at = (call: ts.CallExpression): Range => ({ start: call.getStart(sf), end: (call.arguments[0] ?? call).getEnd() });
  let apRequests = 0;
  let httpClients = 0;
  let apRequires = 0;
  const push = (call: ts.CallExpression, via: ConnectCall['via'], method: string | null, url: ts.Expression | undefined, env: Bindings, named = false): void => {
    const path = url ? pathOf(url, env) : undefined;
    // A client known only by its name (`httpClient.get('/api/items')`) counts only for product paths.
    if (named && path !== undefined && !PRODUCT_PATH.test(path)) return;
    out.push({ ...(method ? { method } : {}), ...(path ? { path } : {}), via, range: at(call) });
  };
  for (const call of all) {
    const callee = unwrap(call.expression);
    if (isApRequest(callee) || isRequiredRequest(callee)) {
      if (isApRequest(callee)) apRequests++;
      const [first, second] = call.arguments;
      const opts = readOptions(first);
      if (opts) push(call, 'ap-request', opts.method, opts.url, opts.env);
      else {
        const second2 = readOptions(second);
        push(call, 'ap-request', second ? (second2?.method ?? null) : 'GET', first, second2?.env ?? new Map());
      }
      continue;
    }
    if (!ts.isPropertyAccessExpression(callee)) continue;
    if (callee.name.text === 'require' && isAp(callee.expression)) {
      apRequires++;
      if (!requiredRequestStaysLocal(call)) out.push({ via: 'unknown', range: at(call) });
      continue;
    }
    if (callee.name.text === 'httpClient') {
      httpClients++;
      // Used right here (`addon.httpClient(req).get(…)`) or bound to a const whose uses are all method calls.
      if (!clientStaysLocal(call)) out.push({ via: 'unknown', range: at(call) });
      continue;
    }
    const method = ACE_METHODS.get(callee.name.text);
    if (!method) continue;
    const kind = aceClient(callee.expression);
    if (!kind) continue;
    const [first] = call.arguments;
    const opts = readOptions(first);
    if (opts) push(call, 'ace-http-client', method, opts.url, opts.env, kind === 'named');
    else push(call, 'ace-http-client', method, first, new Map(), kind === 'named');
  }
  // A mention the walk did not place (an alias, `const { request } = AP`, a comment): any call at all.
  const unplaced = count(AP_REQUEST, text) > apRequests || count(HTTP_CLIENT_CALL, text) > httpClients || count(AP_REQUIRE, text) > apRequires || MANUAL_JWT.test(text);
  if (unplaced) out.push({ via: 'unknown', range: { start: 0, end: 0 } });
  return out;
}

/** `AP.require(['request'], function (request) { … })`: whether `request` is only ever called there. */
function requiredRequestStaysLocal(call: ts.CallExpression): boolean {
  const [modules, fn] = call.arguments;
  const names = modules && ts.isStringLiteral(modules) ? [modules.text] : modules && ts.isArrayLiteralExpression(modules) ? modules.elements.map((e) => (ts.isStringLiteral(e) ? e.text : '')) : undefined;
  if (!names) return false;
  const index = names.indexOf('request');
  if (index < 0) return true;
  if (!fn || !(ts.isFunctionExpression(fn) || ts.isArrowFunction(fn))) return false;
  const param = fn.parameters[index];
  if (!param) return true;
  if (!ts.isIdentifier(param.name)) return false;
  const name = param.name.text;
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(n) && n.text === name && n !== param.name) {
      if (!(ts.isCallExpression(n.parent) && n.parent.expression === n)) ok = false;
      return;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return ok;
}

/** Whether an ACE client is used only where it is made: a method called on it, directly or through a const. */
function clientStaysLocal(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === node) {
    const name = p.name.text;
    if (name === 'asUser' || name === 'asUserByAccountId') return ts.isCallExpression(p.parent) && clientStaysLocal(p.parent);
    return ACE_METHODS.has(name) && ts.isCallExpression(p.parent) && p.parent.expression === p;
  }
  if (!ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name)) return false;
  const name = p.name.text;
  const scope = p.parent.parent.parent;
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(n) && n.text === name && n !== p.name) {
      const q = n.parent;
      const method = ts.isPropertyAccessExpression(q) && q.expression === n ? q.name.text : undefined;
      const called = method !== undefined && ts.isCallExpression(q.parent) && q.parent.expression === q;
      if (!called || !(ACE_METHODS.has(method) || method === 'asUser' || method === 'asUserByAccountId')) ok = false;
      if (called && (method === 'asUser' || method === 'asUserByAccountId') && !clientStaysLocal(q.parent as ts.CallExpression)) ok = false;
      return;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope, visit);
  return ok;
}
