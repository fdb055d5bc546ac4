import * as ts from 'typescript';
import { constructionRoot } from '../analysis/atlassian-auth';
import type { HttpRequest } from '../analysis/http';
import { envExamplePath } from '../analysis/move-secret';
import { propertyNameText, unwrap } from '../analysis/scope';
import { applyEdits } from '../fixes';
import type { EnvDeclaration, Fix, TextEdit } from '../model';
import { makeAsync } from './async';
import { awaitLegal, credentialKeys, dedupe, eol, importEdits, indentOf, quote, templateEscape, usesEsm, type MigrationInput, type Refusal } from './edits';
import { pruneUnused } from './prune';
import { aliasedNames, helperAliases, multiTenant, renameCalls } from './tenancy';
import { helperFor } from './helper';
import { describeScopes, type Product } from './scopes';
import { inScopeAt, productOfPath, segments, splitUrl, templateOf, type Segment } from './url';

/**
 * SPEC §4.2, other code: the request goes to `https://api.atlassian.com/ex/{product}/{cloudId}` with
 * `Authorization: Bearer {accessToken}` from the helper module the fix creates once
 * (`atlassianOAuth.ts`). Requests that share one credential (a header helper, an options object) move
 * together, since a half-migrated helper would send a Bearer token to the site URL.
 */

const BEARER = '`Bearer ${await getAccessToken()}`';
const NAMES = ['getAccessToken', 'getCloudId'];

/** The URL argument as written at the call (or its config's `url`). */
function urlArgument(r: HttpRequest): ts.Expression | undefined {
  const args = r.node.arguments;
  const first = args[0];
  if (!first) return undefined;
  if (r.client === 'needle' && args.length >= 2 && ts.isStringLiteralLike(unwrap(first)) && /^(?:get|post|put|patch|delete|head)$/i.test((unwrap(first) as ts.StringLiteralLike).text)) return args[1];
  const u = unwrap(first);
  if (ts.isObjectLiteralExpression(u)) {
    for (const p of u.properties) if (ts.isPropertyAssignment(p) && /^(?:url|uri)$/.test(propertyNameText(p.name) ?? '')) return p.initializer;
    return undefined;
  }
  return first;
}

function siteArgument(host: readonly Segment[], at: ts.Node, sf: ts.SourceFile): string {
  if (host.length === 0) return '';
  if (host.some((s) => s.kind === 'expr' && !inScopeAt(s.node, at))) return '';
  const only = host[0];
  if (host.length === 1 && only?.kind === 'expr') return only.node.getText();
  if (host.every((s) => s.kind === 'text')) return quote(`https://${templateOf(host, (t) => t)}`, sf);
  return '`https://' + templateOf(host, templateEscape) + '`';
}

interface UrlPlan {
  /** Undefined when the URL already goes through the api.atlassian.com/ex/… gateway. */
  readonly edit: TextEdit | undefined;
  readonly product: Product;
}

function planUrl(r: HttpRequest, sf: ts.SourceFile, endpointPath: string | undefined): UrlPlan | Refusal {
  const arg = urlArgument(r);
  if (!arg) return { reason: 'the URL is not written at the call' };
  const split = splitUrl(segments(arg));
  if (!split) return { reason: 'the URL is assembled in a way the fix cannot split into site and path' };
  if (split.host.length === 0) return { reason: 'the site comes from a client instance or a base URL set elsewhere' };
  const first = split.path[0];
  const gateway = first?.kind === 'text' ? /^\/ex\/(jira|confluence)\//.exec(first.text) : null;
  if (gateway && split.host.length === 1 && split.host[0]?.kind === 'text' && split.host[0].text.toLowerCase() === 'api.atlassian.com') {
    // Already the 3LO gateway (a scoped API token sent as Bearer): only the credential changes.
    return { edit: undefined, product: gateway[1] === 'confluence' ? 'confluence' : 'jira' };
  }
  const product = (first?.kind === 'text' ? productOfPath(first.text) : undefined) ?? (endpointPath ? productOfPath(endpointPath) : undefined);
  if (!product) return { reason: 'the URL is not a Jira or Confluence REST path' };
  for (const s of split.path) if (s.kind === 'expr' && !inScopeAt(s.node, r.node)) return { reason: `\`${s.node.getText()}\` in the URL is not in scope at the call` };
  const site = siteArgument(split.host, r.node, sf);
  const url = '`https://api.atlassian.com/ex/' + product + '/${await getCloudId(' + site + ')}' + templateOf(split.path, templateEscape) + '`';
  return { edit: { range: { start: arg.getStart(), end: arg.getEnd() }, newText: url }, product };
}

/** Replaces the Basic/Bearer construction (`'Basic ' + …`, `` `Basic ${…}` ``) with the OAuth Bearer token. */
function planHeader(key: ts.Node, sf: ts.SourceFile, madeAsync: string[]): TextEdit[] | Refusal {
  if (!ts.isStringLiteralLike(key) && !ts.isTemplateHead(key)) return { reason: 'the Authorization header is not built in this file' };
  const root = constructionRoot(key);
  const edits: TextEdit[] = [{ range: { start: root.getStart(), end: root.getEnd() }, newText: BEARER }];
  if (awaitLegal(root)) return edits;
  const made = makeAsync(root, sf, 'the Authorization header');
  if ('reason' in made) return made;
  // Callers in other files would get a Promise where they expect headers (TS2769; in JavaScript a silent bug).
  if (made.exported) return { reason: `${made.name}() would become async, and it is exported: callers in other files would receive a Promise. Make it async and await it at each caller, then apply the fix` };
  madeAsync.push(`${made.name}() becomes async`);
  return [...edits, ...made.edits];
}

/** `auth: { username, password }` (axios, got, needle, request) → `headers: { Authorization: Bearer … }`. */
function planAuthOption(key: ts.Node): TextEdit[] | Refusal {
  if (ts.isCallExpression(key) && ts.isPropertyAccessExpression(key.expression) && key.expression.name.text === 'auth') {
    if (!awaitLegal(key)) return { reason: 'the request is not in an async function, so the OAuth token cannot be awaited there' };
    return [{ range: { start: key.expression.name.getStart(), end: key.getEnd() }, newText: `set('Authorization', ${BEARER})` }];
  }
  const prop = key.parent;
  if (!ts.isPropertyAssignment(prop) || propertyNameText(prop.name) !== 'auth' || !ts.isObjectLiteralExpression(prop.parent)) {
    return { reason: 'the credential is passed as separate username/password options the fix does not rewrite' };
  }
  const config = prop.parent;
  if (!awaitLegal(config)) return { reason: 'the request options are built outside an async function, so the OAuth token cannot be awaited there' };
  const headers = config.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'headers');
  const header = `Authorization: ${BEARER}`;
  if (!headers) return [{ range: { start: prop.getStart(), end: prop.getEnd() }, newText: `headers: { ${header} }` }];
  const value = unwrap(headers.initializer);
  const removal = removeProperty(prop);
  if (ts.isObjectLiteralExpression(value)) {
    const firstProp = value.properties[0];
    const insert: TextEdit = firstProp
      ? { range: { start: firstProp.getStart(), end: firstProp.getStart() }, newText: `${header}, ` }
      : { range: { start: value.getStart(), end: value.getEnd() }, newText: `{ ${header} }` };
    return [removal, insert];
  }
  return [removal, { range: { start: headers.initializer.getStart(), end: headers.initializer.getEnd() }, newText: `{ ...${headers.initializer.getText()}, ${header} }` }];
}

function removeProperty(prop: ts.PropertyAssignment): TextEdit {
  return removeProperties(prop.parent as ts.ObjectLiteralExpression, [prop])[0] as TextEdit;
}

/** Removes several properties of one object; adjacent ones go in one edit so the edits never overlap. */
function removeProperties(obj: ts.ObjectLiteralExpression, remove: readonly ts.ObjectLiteralElementLike[]): TextEdit[] {
  const list = obj.properties;
  const gone = list.map((p) => remove.includes(p));
  if (gone.every(Boolean)) return [{ range: { start: obj.getStart(), end: obj.getEnd() }, newText: '{}' }];
  const edits: TextEdit[] = [];
  for (let a = 0; a < list.length; a++) {
    if (!gone[a]) continue;
    let b = a;
    while (b + 1 < list.length && gone[b + 1]) b++;
    const next = list[b + 1];
    const prev = list[a - 1];
    const first = list[a] as ts.ObjectLiteralElementLike;
    const last = list[b] as ts.ObjectLiteralElementLike;
    if (next) edits.push({ range: { start: first.getStart(), end: next.getStart() }, newText: '' });
    else if (prev) edits.push({ range: { start: prev.getEnd(), end: last.getEnd() }, newText: '' });
    a = b;
  }
  return edits;
}

/** The `const x = axios.create({...})` a credential belongs to, when it is an instance's. */
function instanceOf(key: ts.Node): { call: ts.CallExpression; config: ts.ObjectLiteralExpression; decl: ts.VariableDeclaration } | undefined {
  const config = ts.findAncestor(key, ts.isObjectLiteralExpression);
  let top: ts.ObjectLiteralExpression | undefined = config;
  while (top && ts.isPropertyAssignment(top.parent) && ts.isObjectLiteralExpression(top.parent.parent)) top = top.parent.parent;
  const call = top?.parent;
  if (!top || !call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !/^(?:create|extend)$/.test(call.expression.name.text)) return undefined;
  const decl = ts.isVariableDeclaration(call.parent) ? call.parent : undefined;
  return decl ? { call, config: top, decl } : undefined;
}

/** An axios instance: its config loses the site and the credential; an interceptor adds both per request. */
function planInstance(r: HttpRequest, key: ts.Node, sf: ts.SourceFile, endpointPath: string | undefined): { edits: TextEdit[]; product: Product } | Refusal {
  const inst = instanceOf(key);
  if (!inst) return { reason: 'the credential is not in a client instance config' };
  if (r.client !== 'axios') return { reason: `${r.client} instances are configured with hooks the fix does not write` };
  if (!ts.isIdentifier(inst.decl.name) || !ts.isVariableStatement(inst.decl.parent.parent)) return { reason: 'the client instance is not a plain `const`' };
  const product = endpointPath ? productOfPath(endpointPath) : undefined;
  if (!product) return { reason: 'the URL is not a Jira or Confluence REST path' };
  const edits: TextEdit[] = [];
  let site = '';
  const drop: ts.PropertyAssignment[] = [];
  for (const p of inst.config.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const name = propertyNameText(p.name);
    if (name === 'baseURL') {
      const split = splitUrl(segments(p.initializer));
      if (split) site = siteArgument(split.host, inst.decl.parent.parent, sf);
      drop.push(p);
    } else if (name === 'auth') drop.push(p);
  }
  if (!drop.some((p) => p.pos <= key.pos && key.end <= p.end)) {
    // The credential is an Authorization header inside `headers`: drop that header.
    const prop = ts.findAncestor(key, (n) => ts.isPropertyAssignment(n) && /^authorization$/i.test(propertyNameText(n.name) ?? ''));
    if (!prop || !ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.parent)) return { reason: 'the instance credential is not an `auth` option or an Authorization header' };
    edits.push(...removeProperties(prop.parent, [prop]));
  }
  edits.push(...removeProperties(inst.config, drop));
  const stmt = inst.decl.parent.parent;
  const nl = eol(sf);
  const ind = indentOf(stmt);
  const name = inst.decl.name.text;
  const interceptor = [
    `${name}.interceptors.request.use(async (config) => {`,
    `  config.baseURL = \`https://api.atlassian.com/ex/${product}/\${await getCloudId(${site})}\`;`,
    `  config.headers.Authorization = ${BEARER};`,
    '  return config;',
    '});',
  ].map((l) => ind + l).join(nl);
  edits.push({ range: { start: stmt.getEnd(), end: stmt.getEnd() }, newText: `${nl}${interceptor}` });
  return { edits, product };
}

/** API-token variables by name: `JIRA_API_TOKEN`, `CONFLUENCE_PAT`, `BITBUCKET_APP_PASSWORD`. */
const TOKEN_VARIABLE = /API_?TOKEN|(?:^|_)PATS?(?:_|$)|APP_?PASSWORD/i;
const ENV_READ = /\bprocess\.env(?:\.([A-Za-z_]\w*)|\[\s*['"`]([A-Za-z_]\w*)['"`]\s*\])|\bimport\.meta\.env\.([A-Za-z_]\w*)/g;

/**
 * The API-token variables the file read before the fix and no longer names after it: their `NAME=`
 * lines leave the project's `.env.example`, so no one sets up a token the code no longer uses.
 */
function unusedTokenVariables(path: string, text: string, edits: readonly TextEdit[]): EnvDeclaration[] {
  const read = new Set<string>();
  for (const m of text.matchAll(ENV_READ)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (name !== undefined && TOKEN_VARIABLE.test(name)) read.add(name);
  }
  if (read.size === 0) return [];
  let fixed: string;
  try {
    fixed = applyEdits(text, edits.filter((e) => e.file === undefined || e.file === path), path);
  } catch {
    return [];
  }
  const file = envExamplePath(path);
  return [...read].filter((name) => !new RegExp(`\\b${name}\\b`).test(fixed)).map((name) => ({ file, name, remove: true }));
}

/** The 3LO fix for one request (and the requests sharing its credential), or why there is none. */
export function threeLoFix(input: MigrationInput, req: HttpRequest, endpoint: { method?: string; path?: string }): Fix | Refusal {
  const { sf } = input;
  const keys = credentialKeys(req);
  if (keys.length === 0) return { reason: 'the credential is not attached to the request in this file' };
  const urlArg = urlArgument(req);
  const host = urlArg ? (splitUrl(segments(urlArg))?.host ?? []).flatMap((seg) => (seg.kind === 'expr' ? [seg.node] : [])) : [];
  for (const key of keys) {
    const tenants = multiTenant(ts.isStringLiteralLike(key) || ts.isTemplateHead(key) ? constructionRoot(key) : (key.parent ?? key), host);
    if (tenants !== undefined) return { reason: tenants };
  }
  const edits: TextEdit[] = [];
  const products = new Set<Product>();
  const madeAsync: string[] = [];
  const calls: { method?: string; path?: string; product: Product }[] = [];
  const firstKey = keys[0] as ts.Node;
  if (instanceOf(firstKey)) {
    const plan = planInstance(req, firstKey, sf, endpoint.path);
    if ('reason' in plan) return plan;
    edits.push(...plan.edits);
    products.add(plan.product);
    calls.push({ ...endpoint, product: plan.product });
  } else {
    const group = input.requests.filter((r) => r === req || credentialKeys(r).some((k) => keys.includes(k)));
    for (const r of group) {
      if (!awaitLegal(r.node)) return { reason: 'the request is not in an async function, so the OAuth token cannot be awaited there' };
      const plan = planUrl(r, sf, r === req ? endpoint.path : undefined);
      if ('reason' in plan) return plan;
      if (plan.edit) edits.push(plan.edit);
      products.add(plan.product);
      calls.push({ ...(r === req ? endpoint : {}), product: plan.product });
    }
    for (const h of req.authorization) {
      const plan = planHeader(h.key, sf, madeAsync);
      if ('reason' in plan) return plan;
      edits.push(...plan);
    }
    for (const a of req.auth) {
      const plan = planAuthOption(a.key);
      if ('reason' in plan) return plan;
      edits.push(...plan);
    }
  }
  edits.push(...pruneUnused(sf, edits));
  const helper = helperFor(input.path, sf, input.readFile);
  const names = NAMES.filter((n) => edits.some((e) => e.newText.includes(`${n}(`)));
  const aliases = helperAliases(sf, helper.specifier, names);
  const renamed = renameCalls(edits, aliases);
  edits.length = 0;
  edits.push(...renamed, ...importEdits(sf, aliasedNames(names, aliases, usesEsm(sf)), helper.specifier, { removed: renamed }));
  const scopes = describeScopes(input.lookup, calls);
  const product = [...products].join('/');
  const unused = unusedTokenVariables(input.path, sf.text, edits);
  return {
    title: `Migrate to OAuth 2.0 (3LO)${calls.length > 1 ? ` (${calls.length} calls)` : ''}`,
    detail: `Calls go to api.atlassian.com/ex/${product}/{cloudId} with a Bearer token${calls.length > 1 ? ` (${calls.length} calls share this credential)` : ''}${madeAsync.map((m) => `; ${m}`).join('')}.`,
    safe: false,
    edits: dedupe(edits),
    createFiles: { [helper.path]: helper.source },
    ...(unused.length > 0 ? { envDeclarations: unused } : {}),
    note:
      `Use one OAuth 2.0 (3LO) app, yours: register it once in the Atlassian developer console and set its ATLASSIAN_CLIENT_ID, ATLASSIAN_CLIENT_SECRET and ATLASSIAN_REDIRECT_URI on your server; customers only consent, they never create an app or hand you credentials. ` +
      `In ${helper.path}: send each user to authorizationUrl(scopes, state) with a createState() value kept in their session; on the callback, exchangeCode({ code, state, expectedState }) rejects a state that does not match (CSRF) and saves the tokens. ` +
      `Give setTokenStore a persistent store (the in-memory default is for one process; rotated refresh tokens are saved before use). ` +
      `Scopes: ${scopes}, plus offline_access. Then revoke the API token.`,
  };
}
