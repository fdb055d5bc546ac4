import * as ts from 'typescript';
import { endpointOf } from '../analysis/atlassian-auth';
import { httpIndexFor } from '../analysis/http';
import { importedFrom, isPackage } from '../analysis/imports';
import { findDeclaration, unwrap } from '../analysis/scope';
import { evaluate, propertyOf, render, resolveValue, staticText, type Bindings, type Bound, type SymbolicString } from '../analysis/values';
import { gatewayPath, productOfPath, type Product } from '../knowledge/endpoints';
import { isAtlassianHost } from '../knowledge/atlassian';
import { forgeApiCalls, isForgeProductApi } from '../knowledge/scopes';
import { clientEndpoint, clientTable, isClientMethodName, type ClientTable } from '../knowledge/client-methods';
import type { Range } from '../model';
import { ACTS_AS_USER, connectCalls, type ConnectCall } from './connect-usage';

/**
 * What one code file of a Forge app uses that needs a scope or an egress entry: product API calls
 * (`requestJira`/`requestConfluence`/`requestBitbucket` from `@forge/api` or `@forge/bridge`, `fetch`
 * to the `api.atlassian.com/ex/…` gateway, jira.js/confluence.js methods), Forge APIs that call a
 * product for the app (UI Kit property hooks, `properties`, `authorize`), Forge storage, and the
 * external hosts it fetches. Plain data: the project pass aggregates it per app, and the language
 * server keeps it per file, so an edit re-extracts one file only.
 */

export type CallVia = 'forge-api' | 'forge-bridge' | 'fetch' | 'client-library' | 'ui-kit';

export interface ProductCall {
  readonly product: Product;
  /** Upper-case; undefined when decided at run time (every method of the path is a candidate). */
  readonly method?: string;
  /** Path template (`{x}` for parts decided at run time); undefined when the route is not visible. */
  readonly path?: string;
  /**
   * A Forge API that calls the product for the app (`useIssueProperty`, `properties.onJiraIssue`,
   * `authorize`): the knowledge table says which calls it makes, so `path` is unset.
   */
  readonly api?: string;
  readonly via: CallVia;
  /** The call's callee and route argument. */
  readonly range: Range;
}

export interface FileUsage {
  readonly calls: readonly ProductCall[];
  /** Forge KVS / custom entities / legacy storage (`storage:app`). */
  readonly storage: boolean;
  /** Static non-Atlassian hosts the file fetches (for egress narrowing). */
  readonly fetchHosts: readonly string[];
  /** Whether the file fetches hosts it does not name statically (egress cannot be narrowed safely). */
  readonly dynamicFetch: boolean;
  /** The file sends Atlassian API tokens (set from the API-token rules' findings). */
  readonly apiToken: boolean;
  /** Atlassian Connect calls (`AP.request`, atlassian-connect-express `httpClient`), judged against the descriptor's scopes. */
  readonly connect?: readonly ConnectCall[];
  /** The file acts as a user the Connect way (`asUser`, `asUserByAccountId`, the JWT bearer grant): `ACT_AS_USER`. */
  readonly actsAsUser?: boolean;
}

export const EMPTY_USAGE: FileUsage = { calls: [], storage: false, fetchHosts: [], dynamicFetch: false, apiToken: false };

/** Non-Forge code that calls Atlassian with OAuth 2.0 (3LO): the gateway or the client libraries. */
export const THREE_LO_CALLS = /\/ex\/(?:jira|confluence)|jira\.js|confluence\.js/;

/** Cheap text test: files without any of these words need no parse for usage. */
export const USAGE_PREFILTER =
  /request(?:Jira|Confluence|Bitbucket)|@forge\/(?:kvs|api|storage)|\/ex\/(?:jira|confluence)|jira\.js|confluence\.js|fetch|axios|got\b|use(?:Issue|Content|Space)Property|\bAP\s*\.\s*re(?:quest|quire)|httpClient|atlassian-jwt|JWT\s|asUser|jwt-bearer/;

// A Map, not an object: a call named `toString` or `constructor` must not find Object.prototype's.
const REQUEST_METHODS: ReadonlyMap<string, Product> = new Map([['requestJira', 'jira'], ['requestConfluence', 'confluence'], ['requestBitbucket', 'bitbucket']]);
const ROUTE_TAGS = new Set(['route', 'assumeTrustedRoute']);

const CLIENT_PACKAGES = ['jira.js', 'confluence.js'];

/** UI Kit packages whose property hooks read and write entity properties for the app. */
const UI_KIT_PACKAGES = ['@forge/react', '@forge/ui', '@forge/ui-jira', '@forge/ui-confluence'];
const PROPERTY_HOOKS = new Set(['useIssueProperty', 'useContentProperty', 'useSpaceProperty']);
const PROPERTY_METHODS: ReadonlyMap<string, string> = new Map([['get', 'GET'], ['set', 'PUT'], ['delete', 'DELETE']]);

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/** The route argument as a path template, following `route` tags, bindings and template literals. */
function routeText(arg: ts.Expression, env: Bindings): SymbolicString {
  const r = resolveValue(arg, env);
  const e = r.expr;
  if (ts.isTaggedTemplateExpression(e) && ts.isIdentifier(e.tag) && ROUTE_TAGS.has(e.tag.text)) return evaluate(e.template as ts.Expression, r.env);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && ROUTE_TAGS.has(e.expression.text) && e.arguments[0]) return evaluate(e.arguments[0], r.env);
  return evaluate(e, r.env);
}

function pathOf(value: SymbolicString): string | undefined {
  const text = render(value, false).split(/[?#]/)[0] ?? '';
  return text.startsWith('/') ? text.replace(/\/{2,}/g, '/') : undefined;
}

function methodOf(options: ts.Expression | undefined, env: Bindings): string | undefined | null {
  if (!options) return 'GET';
  const r = resolveValue(options, env);
  if (!ts.isObjectLiteralExpression(r.expr)) return null;
  const m = propertyOf(r.expr, 'method', r.env);
  if (!m) return r.expr.properties.some((p) => ts.isSpreadAssignment(p)) ? null : 'GET';
  const t = staticText(evaluate(m.expr, m.env));
  return t ? t.toUpperCase() : null;
}

/** The enclosing same-file function whose parameter an expression resolves to. */
function parameterOwner(arg: ts.Expression): { fn: FunctionLike; index: number } | undefined {
  const r = resolveValue(arg);
  const e = unwrap(r.expr);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = findDeclaration(e);
  if (!decl || !ts.isParameter(decl)) return undefined;
  const fn = decl.parent;
  if (!(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) || ts.isMethodDeclaration(fn))) return undefined;
  return { fn, index: fn.parameters.indexOf(decl) };
}

function functionName(fn: FunctionLike): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const p = fn.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

/** Modules of the file's top-level imports by local name (a local shadowing them is rare). */
function topLevelImports(sf: ts.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.importClause) continue;
    const m = st.moduleSpecifier.text;
    const c = st.importClause;
    if (c.name) out.set(c.name.text, m);
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) out.set(nb.name.text, m);
    else if (nb) for (const el of nb.elements) out.set(el.name.text, m);
  }
  return out;
}

function moduleOf(id: ts.Identifier, imports: ReadonlyMap<string, string>): string | undefined {
  return imports.get(id.text) ?? importedFrom(id)?.module;
}

/** The product request method a call makes, when it is one: `api.asUser().requestJira(…)`, bridge `requestJira(…)`. */
function productRequest(call: ts.CallExpression, imports: ReadonlyMap<string, string>): { product: Product; via: CallVia } | undefined {
  const callee = unwrap(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  const product = name ? REQUEST_METHODS.get(name) : undefined;
  if (!product) return undefined;
  if (ts.isIdentifier(callee)) {
    const m = moduleOf(callee, imports);
    if (!m || (!isPackage(m, '@forge/bridge') && !isPackage(m, '@forge/api'))) return undefined;
    return { product, via: isPackage(m, '@forge/bridge') ? 'forge-bridge' : 'forge-api' };
  }
  // `api.asUser().requestJira`, `asApp().requestJira`, `bridge.requestJira`: the member name is Forge's.
  const owner = unwrap((callee as ts.PropertyAccessExpression).expression);
  let root: ts.Expression = owner;
  while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
  const m = ts.isIdentifier(root) ? moduleOf(root, imports) : undefined;
  const via: CallVia = m && isPackage(m, '@forge/bridge') ? 'forge-bridge' : 'forge-api';
  return { product, via };
}

/** Whether `e` is `name` from `@forge/api`: the import itself, or a member of the module's default export. */
function isForgeApiMember(e: ts.Expression, name: string, imports: ReadonlyMap<string, string>): boolean {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text === name && isPackage(moduleOf(x, imports) ?? '', '@forge/api');
  if (!ts.isPropertyAccessExpression(x) || x.name.text !== name) return false;
  const root = unwrap(x.expression);
  return ts.isIdentifier(root) && isPackage(moduleOf(root, imports) ?? '', '@forge/api');
}

/**
 * A Forge API that calls a product for the app, with the method when the code shows it: a property
 * hook whose setter and deleter are not taken only reads (`const [value] = useIssueProperty(…)`);
 * `properties.onJiraIssue(k).set(…)` writes.
 */
function forgeApiCall(call: ts.CallExpression, imports: ReadonlyMap<string, string>): { api: string; method?: string; via: CallVia } | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee) && PROPERTY_HOOKS.has(callee.text)) {
    const m = moduleOf(callee, imports);
    if (!m || !UI_KIT_PACKAGES.some((p) => isPackage(m, p))) return undefined;
    const p = call.parent;
    const readOnly = ts.isVariableDeclaration(p) && ts.isArrayBindingPattern(p.name) && p.name.elements.slice(1).every((el) => ts.isOmittedExpression(el));
    return { api: callee.text, ...(readOnly ? { method: 'GET' } : {}), via: 'ui-kit' };
  }
  if (ts.isPropertyAccessExpression(callee) && isForgeApiMember(callee.expression, 'properties', imports)) {
    const api = `properties.${callee.name.text}`;
    if (!isForgeProductApi(api)) return undefined;
    const p = call.parent;
    const method = ts.isPropertyAccessExpression(p) && p.expression === call && ts.isCallExpression(p.parent) && p.parent.expression === p ? PROPERTY_METHODS.get(p.name.text) : undefined;
    return { api, ...(method ? { method } : {}), via: 'forge-api' };
  }
  if (isForgeApiMember(callee, 'authorize', imports)) return { api: 'authorize', via: 'forge-api' };
  return undefined;
}

/** Calls of a same-file function, by name (helpers that take the route as a parameter). */
function callSitesOf(sf: ts.SourceFile, name: string, calls: readonly ts.CallExpression[]): ts.CallExpression[] {
  void sf;
  return calls.filter((c) => {
    const e = unwrap(c.expression);
    return (ts.isIdentifier(e) && e.text === name) || (ts.isPropertyAccessExpression(e) && e.name.text === name);
  });
}

/** The client table of `new Version3Client(…)` (any jira.js or confluence.js client class) behind an expression. */
function clientOf(e: ts.Expression): ClientTable | undefined {
  const r = resolveValue(e);
  const x = r.expr;
  if (!ts.isNewExpression(x)) return undefined;
  const imp = importedFrom(x.expression);
  if (!imp) return undefined;
  for (const pkg of CLIENT_PACKAGES) if (isPackage(imp.module, pkg)) return clientTable(pkg, imp.name);
  return undefined;
}

function storageImport(sf: ts.SourceFile): boolean {
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const m = st.moduleSpecifier.text;
    if (isPackage(m, '@forge/kvs')) return true;
    const nb = st.importClause?.namedBindings;
    if (isPackage(m, '@forge/api') && nb && ts.isNamedImports(nb) && nb.elements.some((e) => (e.propertyName ?? e.name).text === 'storage')) return true;
  }
  return /require\(\s*['"]@forge\/kvs['"]\s*\)|\bstorage\s*\.\s*(?:get|set|delete|query|getSecret|setSecret|entity)\b/.test(sf.text) && /@forge\/(?:api|kvs)/.test(sf.text);
}

interface Collected {
  readonly calls: ts.CallExpression[];
  done: boolean;
}

const collected = new WeakMap<ts.SourceFile, Collected>();

/**
 * Engine visitors that collect a file's calls during the engine's single walk (and feed the shared
 * HTTP index when no other rule does), so usage extraction needs no walk of its own. Call
 * `collectionDone` from the rule's `onEnd`.
 */
export function usageVisitors(sf: ts.SourceFile): { [kind: number]: (node: ts.Node) => void } {
  if (collected.has(sf)) return {};
  const c: Collected = { calls: [], done: false };
  collected.set(sf, c);
  const { index, feed } = httpIndexFor(sf);
  const visitors: { [kind: number]: (node: ts.Node) => void } = {
    [ts.SyntaxKind.CallExpression]: (n) => {
      c.calls.push(n as ts.CallExpression);
      if (feed) index.visitCall(n as ts.CallExpression);
    },
  };
  if (feed) visitors[ts.SyntaxKind.BinaryExpression] = (n) => index.visitBinary(n as ts.BinaryExpression);
  return visitors;
}

export function collectionDone(sf: ts.SourceFile): void {
  const c = collected.get(sf);
  if (c) c.done = true;
}

/** Extracts the usage of one parsed code file. */
export function extractUsage(sf: ts.SourceFile): FileUsage {
  if (!USAGE_PREFILTER.test(sf.text)) return { ...EMPTY_USAGE, storage: /@forge\/kvs/.test(sf.text) };
  const known = collected.get(sf);
  let all: ts.CallExpression[];
  const { index, feed } = httpIndexFor(sf);
  if (known?.done) all = known.calls;
  else {
    all = [];
    // Pre-order with an explicit stack: a 20,000-term expression must not overflow the call stack.
    const stack: ts.Node[] = [sf];
    const children: ts.Node[] = [];
    while (stack.length > 0) {
      const n = stack.pop() as ts.Node;
      if (ts.isCallExpression(n)) {
        all.push(n);
        if (feed) index.visitCall(n);
      } else if (feed && ts.isBinaryExpression(n)) index.visitBinary(n);
      children.length = 0;
      ts.forEachChild(n, (c) => void children.push(c));
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as ts.Node);
    }
  }
  const calls: ProductCall[] = [];
  const rangeOf = (call: ts.CallExpression): Range => ({ start: call.getStart(sf), end: (call.arguments[0] ?? call).getEnd() });

  const imports = topLevelImports(sf);
  for (const call of all) {
    const req = productRequest(call, imports);
    if (req) {
      const arg = call.arguments[0];
      const range = rangeOf(call);
      if (!arg) continue;
      const push = (env: Bindings, at: Range): void => {
        const path = pathOf(routeText(arg, env));
        const m = methodOf(call.arguments[1], env);
        calls.push({ product: req.product, ...(m ? { method: m } : {}), ...(path ? { path } : {}), via: req.via, range: at });
      };
      // A helper taking the route (and maybe the method) as parameters: read each call site.
      const owner = parameterOwner(arg);
      const name = owner ? functionName(owner.fn) : undefined;
      const sites = owner && name ? callSitesOf(sf, name, all) : [];
      if (owner && sites.length > 0) {
        for (const site of sites) {
          const env = new Map<ts.Node, Bound>();
          owner.fn.parameters.forEach((p, i) => env.set(p, { expr: site.arguments[i], env: new Map() }));
          push(env, { start: site.getStart(sf), end: (site.arguments[owner.index] ?? site).getEnd() });
        }
      } else push(new Map(), range);
      continue;
    }
    const forge = forgeApiCall(call, imports);
    if (forge) {
      const { api, method, via } = forge;
      const products = new Set(forgeApiCalls(api, method).map((c) => c.product));
      for (const product of products) calls.push({ product, ...(method ? { method } : {}), api, via, range: rangeOf(call) });
      continue;
    }
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isPropertyAccessExpression(unwrap(callee.expression))) {
      // `client.issues.getIssue(…)`: the group and method name, then whether `client` is a jira.js client.
      const group = unwrap(callee.expression) as ts.PropertyAccessExpression;
      const table = isClientMethodName(group.name.text, callee.name.text) ? clientOf(group.expression) : undefined;
      const endpoint = table ? clientEndpoint(table, group.name.text, callee.name.text) : undefined;
      if (table && endpoint) calls.push({ product: table.product, method: endpoint[0], path: endpoint[1], via: 'client-library', range: rangeOf(call) });
    }
  }

  const fetchHosts = new Set<string>();
  let dynamicFetch = false;
  if (/fetch|axios|got\b|request/.test(sf.text)) {
    for (const req of index.requests()) {
      const e = endpointOf(req.url, req.method);
      const gw = e.path ? gatewayPath(e.path) : undefined;
      if (e.host === 'api.atlassian.com' && gw) {
        const product = productOfPath(gw.path) ?? gw.product;
        calls.push({ product, ...(req.method ? { method: req.method } : {}), path: gw.path, via: 'fetch', range: rangeOf(req.node) });
      } else if (e.host && !isAtlassianHost(e.host)) fetchHosts.add(e.host);
      else if (!e.host && !e.atlassianHost && !e.restPath) dynamicFetch = true;
    }
  }
  const connect = connectCalls(sf, all);
  return {
    calls,
    storage: storageImport(sf),
    fetchHosts: [...fetchHosts].sort(),
    dynamicFetch,
    apiToken: false,
    ...(connect.length > 0 ? { connect } : {}),
    ...(ACTS_AS_USER.test(sf.text) ? { actsAsUser: true } : {}),
  };
}
