import * as ts from 'typescript';
import { constructionRoot } from '../analysis/atlassian-auth';
import type { HttpRequest } from '../analysis/http';
import { propertyNameText, unwrap } from '../analysis/scope';
import { resolveValue } from '../analysis/values';
import type { Fix, TextEdit } from '../model';
import { credentialKeys, dedupe, importEdits, templateEscape, type MigrationInput, type Refusal } from './edits';
import { addScopesEdits } from './manifest-scopes';
import { pruneUnused } from './prune';
import { manifestScopes, type Product } from './scopes';
import { inScopeAt, productOfPath, segments, splitUrl, stripGateway, templateOf, type Segment } from './url';

/**
 * SPEC §4.2, Forge form: `fetch(site + path, { headers: { Authorization } })` becomes
 * `api.asUser().requestJira(route\`path\`, { … })` (or `requestConfluence`, or `asApp()`): Forge
 * authenticates the call itself with the scopes the manifest declares, so the host and the
 * `Authorization` header go, and the scope the endpoint needs is added to `manifest.yml` in the
 * same edit. Docs: developer.atlassian.com/platform/forge/apis-reference/product-rest-api-reference/
 */

const CALL: Record<Product, string> = { jira: 'requestJira', confluence: 'requestConfluence' };

/** `route` encodes each value itself: `encodeURIComponent(x)` inside it would encode twice. */
function routeValue(node: ts.Expression): string {
  const e = unwrap(node);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'encodeURIComponent' && e.arguments.length === 1 && e.arguments[0]) {
    return e.arguments[0].getText();
  }
  return node.getText();
}

/** The text right before a value that names a whole resource path (`/rest/api/3/` + `resource`). */
const API_ROOT = /(?:^|\/)(?:rest\/api\/(?:2|3|latest)|rest\/agile\/(?:1\.0|latest)|rest\/servicedeskapi|wiki\/api\/v2|wiki\/rest\/api|rest\/api)\/$/;

/**
 * A value that may hold a `/`: one right after the API's root (`/rest/api/3/${resource}`) or opening
 * the path. `route` encodes every value and Forge refuses a route whose value holds `/`, so such a
 * call is not rewritten; also the scopes of every operation it may be would go into the manifest.
 */
function openResource(path: readonly Segment[]): string | undefined {
  for (let i = 0; i < path.length; i++) {
    const s = path[i];
    if (s?.kind !== 'expr') continue;
    const prev = path[i - 1];
    if (i === 0 || (prev?.kind === 'text' && API_ROOT.test(prev.text))) return s.node.getText();
  }
  return undefined;
}

function routeOf(path: readonly Segment[]): string {
  return path.map((s) => (s.kind === 'text' ? templateEscape(s.text) : '${' + routeValue(s.node) + '}')).join('');
}

/** The folder of the nearest manifest.yml above the file, as the fix's reader sees it. */
function manifestOf(file: string, read: ((p: string) => string | undefined) | undefined): { path: string; text: string } | undefined {
  if (!read) return undefined;
  const parts = file.split('/').slice(0, -1);
  for (let i = parts.length; i >= 0; i--) {
    for (const name of ['manifest.yml', 'manifest.yaml']) {
      const p = [...parts.slice(0, i), name].join('/');
      const text = read(p);
      if (text !== undefined) return { path: p, text };
    }
  }
  return undefined;
}

/** The local name of the `@forge/api` default export, or the edits that import it as `api`. */
function forgeApiName(sf: ts.SourceFile): string | undefined {
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === '@forge/api' && s.importClause?.name) return s.importClause.name.text;
  }
  return undefined;
}

function nameTaken(sf: ts.SourceFile, name: string): boolean {
  // `[^{}]*`: a pattern is read up to the next brace, so many unclosed `const {` cost linear time.
  return sf.text.includes(name) && new RegExp(`\\b(?:const|let|var|function|class|import)\\s+(?:\\{[^{}]*\\b)?${name}\\b|\\b${name}\\s*(?:,|\\})`, 'm').test(sf.text);
}

/** Removes the `Authorization` property a credential sits in (wherever the header object is built). */
function isAuthorizationProp(n: ts.Node): n is ts.PropertyAssignment {
  return ts.isPropertyAssignment(n) && /^authorization$/i.test(propertyNameText(n.name) ?? '');
}

/** `{ headers: { Authorization: auth } }` in the call's options, when the value is built elsewhere. */
function authorizationInOptions(call: ts.CallExpression): ts.PropertyAssignment | undefined {
  const init = call.arguments[1];
  const obj = init ? resolveValue(init).expr : undefined;
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  const headers = obj.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'headers');
  const h = headers ? resolveValue(headers.initializer).expr : undefined;
  return h && ts.isObjectLiteralExpression(h) ? h.properties.find(isAuthorizationProp) : undefined;
}

function dropAuthorization(key: ts.Node, call: ts.CallExpression): TextEdit | Refusal {
  const root = ts.isStringLiteralLike(key) || ts.isTemplateHead(key) ? constructionRoot(key) : key;
  const prop = ts.findAncestor(root, isAuthorizationProp) ?? authorizationInOptions(call);
  if (!prop || !ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.parent)) return { reason: 'the Authorization header is not a property the fix can remove' };
  const obj = prop.parent;
  const list = obj.properties;
  const i = list.indexOf(prop);
  const next = list[i + 1];
  const prev = list[i - 1];
  // `headers: { Authorization }` alone: the whole `headers` option goes.
  if (!next && !prev && ts.isPropertyAssignment(obj.parent) && propertyNameText(obj.parent.name) === 'headers' && ts.isObjectLiteralExpression(obj.parent.parent)) {
    const outer = obj.parent;
    const ol = obj.parent.parent.properties;
    const j = ol.indexOf(outer);
    const onext = ol[j + 1];
    const oprev = ol[j - 1];
    if (onext) return { range: { start: outer.getStart(), end: onext.getStart() }, newText: '' };
    if (oprev) return { range: { start: oprev.getEnd(), end: outer.getEnd() }, newText: '' };
    return { range: { start: outer.getStart(), end: outer.getEnd() }, newText: '' };
  }
  if (next) return { range: { start: prop.getStart(), end: next.getStart() }, newText: '' };
  if (prev) return { range: { start: prev.getEnd(), end: prop.getEnd() }, newText: '' };
  return { range: { start: prop.getStart(), end: prop.getEnd() }, newText: '' };
}

/** `fetch(url, { headers: { Authorization } })`: with the header gone the options are empty, so they go too. */
function dropEmptyInit(edit: TextEdit, calls: readonly ts.CallExpression[]): TextEdit {
  for (const call of calls) {
    const [url, init] = call.arguments;
    if (!url || !init || !ts.isObjectLiteralExpression(init)) continue;
    const props = init.properties;
    const only = props.length === 1 ? props[0] : undefined;
    if (only && edit.range.start <= only.getStart() && only.getEnd() <= edit.range.end) return { range: { start: url.getEnd(), end: init.getEnd() }, newText: '' };
  }
  return edit;
}

interface PlannedCall {
  readonly method?: string;
  readonly path: string;
  readonly product: Product;
  readonly call: ts.CallExpression;
  readonly route: string;
  readonly plain: string;
}

/** The manifest: the scopes every rewritten call needs (where the table knows them), added in the same edit. */
function manifestPlan(input: MigrationInput, calls: readonly PlannedCall[]): { scopes: Set<string>; manifestEdits: TextEdit[] | undefined; scopeNote: string[] } {
  const scopes = new Set<string>();
  let unknown = false;
  for (const c of calls) {
    const s = c.method && c.path ? input.lookup({ method: c.method, product: c.product, path: c.path }) : undefined;
    if (s) for (const x of manifestScopes(s)) scopes.add(x);
    else unknown = true;
  }
  const manifest = manifestOf(input.path, input.readFile);
  const manifestEdits = manifest ? addScopesEdits(manifest.path, manifest.text, [...scopes]) : undefined;
  const scopeNote = [
    scopes.size > 0 && !manifestEdits ? `Add ${[...scopes].join(', ')} to permissions.scopes in manifest.yml.` : '',
    unknown ? 'Check the scopes of the rewritten calls in the REST docs and add any missing one to manifest.yml.' : '',
  ].filter(Boolean);
  return { scopes, manifestEdits, scopeNote };
}

/** Custom UI and other browser code: `@forge/api` does not run there, `@forge/bridge` does. */
function isFrontend(path: string, sf: ts.SourceFile): boolean {
  return /\.[jt]sx$/i.test(path) || /(^|\/)static\//.test(path) || /['"]@forge\/bridge['"]|['"]react(?:-dom)?['"]/.test(sf.text);
}

/** Custom UI: `requestJira(\`/rest/…\`, init)` from `@forge/bridge` (always as the current user). */
function bridgeFix(input: MigrationInput, calls: readonly PlannedCall[], shared: readonly TextEdit[]): Fix[] | Refusal {
  const { sf } = input;
  const names = [...new Set(calls.map((c) => CALL[c.product]))];
  const imported = sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === '@forge/bridge');
  for (const n of names) if (!imported && nameTaken(sf, n)) return { reason: `the name \`${n}\` is already used in this file` };
  const edits: TextEdit[] = [...shared];
  for (const c of calls) {
    const arg = c.call.arguments[0] as ts.Expression;
    edits.push({ range: { start: c.call.expression.getStart(), end: c.call.expression.getEnd() }, newText: CALL[c.product] });
    edits.push({ range: { start: arg.getStart(), end: arg.getEnd() }, newText: '`' + c.plain + '`' });
  }
  edits.push(...pruneUnused(sf, edits));
  edits.push(...importEdits(sf, names, '@forge/bridge', { removed: edits }));
  const { scopes, manifestEdits, scopeNote } = manifestPlan(input, calls);
  if (manifestEdits) edits.push(...manifestEdits);
  return [
    {
      title: `Migrate to Forge: ${names.join('/')}() from @forge/bridge`,
      detail: `Calls ${names.join('/')}() from @forge/bridge${scopes.size > 0 && manifestEdits ? `; adds ${[...scopes].join(', ')} to manifest.yml` : ''}.`,
      safe: false,
      edits: dedupe(edits),
      note: ['Custom UI calls the product as the current user through @forge/bridge.', ...scopeNote, 'Run forge deploy, then revoke the API token.'].join(' '),
    },
  ];
}

/** The two Forge fixes (asUser, asApp) for a request to Jira/Confluence from Forge code, or why not. */
export function forgeFixes(input: MigrationInput, req: HttpRequest, endpoint: { method?: string; path?: string }): Fix[] | Refusal {
  const { sf } = input;
  if (req.client !== 'fetch' && req.client !== 'forge-fetch') {
    return { reason: `${req.client} returns a different response type than requestJira/requestConfluence (a fetch Response), so its callers need rewriting by hand` };
  }
  const keys = credentialKeys(req);
  const group = keys.length === 0 ? [req] : input.requests.filter((r) => r === req || credentialKeys(r).some((k) => keys.includes(k)));
  const shared: TextEdit[] = [];
  const calls: PlannedCall[] = [];
  for (const r of group) {
    if (r.client !== 'fetch' && r.client !== 'forge-fetch') return { reason: `a ${r.client} request shares this credential` };
    const arg = r.node.arguments[0];
    if (!arg) return { reason: 'the URL is not written at the call' };
    const split = splitUrl(segments(arg));
    if (!split || split.path.length === 0) return { reason: 'the URL is assembled in a way the fix cannot split into site and path' };
    // api.atlassian.com/ex/{product}/{cloudId}/…: Forge routes to the product itself, so the gateway prefix goes.
    const gateway = stripGateway(split.path);
    const productPath = gateway?.path ?? split.path;
    const first = productPath[0];
    const product = gateway?.product ?? (first?.kind === 'text' ? productOfPath(first.text) : undefined) ?? (r === req && endpoint.path ? productOfPath(endpoint.path) : undefined);
    if (!product) return { reason: 'the URL is not a Jira or Confluence REST path' };
    for (const s of productPath) if (s.kind === 'expr' && !inScopeAt(s.node, r.node)) return { reason: `\`${s.node.getText()}\` in the URL is not in scope at the call` };
    const open = openResource(productPath);
    if (open !== undefined) {
      return { reason: `\`${open}\` may hold a whole resource path, and route\`…\` encodes each value (Forge rejects one with a \`/\`); write the resource's segments in the template (route\`/rest/api/3/issue/\${key}\`), then apply the fix` };
    }
    const init = r.node.arguments[1];
    if (init && !ts.isObjectLiteralExpression(unwrap(init)) && !ts.isIdentifier(unwrap(init))) return { reason: 'the request options are computed in a way the fix cannot follow' };
    const p = r === req ? (endpoint.path ?? '').replace(/^\/ex\/(?:jira|confluence)\/[^/]+/, '') : '';
    calls.push({ ...(r === req && endpoint.method ? { method: endpoint.method } : {}), path: p, product, call: r.node, route: routeOf(productPath), plain: templateOf(productPath, templateEscape) });
  }
  for (const r of group) {
    for (const h of r.authorization) {
      const drop = dropAuthorization(h.key, r.node);
      if ('reason' in drop) return drop;
      shared.push(dropEmptyInit(drop, group.map((g) => g.node)));
    }
    if (r.auth.length > 0) return { reason: 'the request uses an auth option the fix does not rewrite for Forge' };
  }
  if (isFrontend(input.path, sf)) return bridgeFix(input, calls, shared);
  const existing = forgeApiName(sf);
  if (!existing && nameTaken(sf, 'api')) return { reason: 'the name `api` is already used in this file' };
  const apiName = existing ?? 'api';
  const hasRoute = sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === '@forge/api' && /\broute\b/.test(s.importClause?.getText() ?? ''));
  if (!hasRoute && nameTaken(sf, 'route')) return { reason: 'the name `route` is already used in this file' };

  const { scopes, manifestEdits, scopeNote } = manifestPlan(input, calls);

  const make = (as: 'asUser' | 'asApp'): Fix => {
    const edits: TextEdit[] = [...shared];
    for (const c of calls) {
      const arg = c.call.arguments[0] as ts.Expression;
      edits.push({ range: { start: c.call.expression.getStart(), end: c.call.expression.getEnd() }, newText: `${apiName}.${as}().${CALL[c.product]}` });
      edits.push({ range: { start: arg.getStart(), end: arg.getEnd() }, newText: 'route`' + c.route + '`' });
    }
    edits.push(...pruneUnused(sf, edits));
    edits.push(...importEdits(sf, hasRoute ? [] : ['route'], '@forge/api', { ...(existing ? {} : { defaultName: 'api' }), removed: edits }));
    if (manifestEdits) edits.push(...manifestEdits);
    const products = [...new Set(calls.map((c) => CALL[c.product]))].join('/');
    return {
      title: `Migrate to Forge: ${apiName}.${as}().${products}${calls.length > 1 ? ` (${calls.length} calls)` : ''}`,
      detail: `Calls ${apiName}.${as}().${products}(route\`…\`)${calls.length > 1 ? ` (${calls.length} calls share this credential)` : ''}${scopes.size > 0 && manifestEdits ? `; adds ${[...scopes].join(', ')} to manifest.yml` : ''}.`,
      safe: false,
      edits: dedupe(edits),
      note: [
        as === 'asUser' ? 'asUser() calls the product as the current user (they consent to the scopes); in triggers and scheduled functions use asApp().' : 'asApp() calls the product as the app, with the permissions the app user has.',
        ...scopeNote,
        'Run forge deploy and upgrade the installation for new scopes, then revoke the API token.',
      ].join(' '),
    };
  };
  return [make('asUser'), make('asApp')];
}
