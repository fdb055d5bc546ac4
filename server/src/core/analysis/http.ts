import * as ts from 'typescript';
import { importedValue, isRelativeSpecifier } from './modules';
import { findDeclaration, propertyNameText, unwrap } from './scope';
import {
  NO_BINDINGS,
  accessKey,
  concat,
  evaluate,
  propertyOf,
  resolveValue,
  splitAtColon,
  staticText,
  type Bindings,
  type Resolved,
  type SymbolicString,
} from './values';

/**
 * Outgoing HTTP requests of one file, with their URL, method, `Authorization` headers and auth
 * options, across the clients real integrations use: fetch (and Forge `api.fetch`), axios (and
 * `axios.create` instances), got, ky, superagent, needle, request and Node `http(s).request`.
 * Headers and configs are followed through bindings, spreads, helper functions and later mutations
 * (`headers.set('Authorization', …)`, `options.headers.Authorization = …`).
 */

export type HttpClient = 'fetch' | 'forge-fetch' | 'axios' | 'got' | 'ky' | 'superagent' | 'needle' | 'request' | 'node-http';

/** An `Authorization` header value. `key` identifies its construction, shared by every request that sends it. */
export interface HeaderValue {
  readonly value: SymbolicString;
  readonly key: ts.Node;
}

/** An auth option of a client: `auth: {username, password}`, `auth: 'user:pass'`, `.auth(u, p)`. */
export interface AuthOption {
  readonly kind: 'basic' | 'bearer';
  readonly user?: SymbolicString;
  readonly secret: SymbolicString;
  readonly key: ts.Node;
}

export interface HttpRequest {
  readonly node: ts.CallExpression;
  readonly client: HttpClient;
  /** Upper-case; undefined when the code decides it at run time. */
  readonly method?: string;
  readonly url?: SymbolicString;
  readonly authorization: readonly HeaderValue[];
  readonly auth: readonly AuthOption[];
}

const MODULES: Readonly<Record<string, HttpClient>> = {
  axios: 'axios', got: 'got', ky: 'ky', 'ky-universal': 'ky', needle: 'needle', superagent: 'superagent',
  request: 'request', 'request-promise': 'request', 'request-promise-native': 'request', http: 'node-http', https: 'node-http',
  'node-fetch': 'fetch', 'cross-fetch': 'fetch', 'isomorphic-fetch': 'fetch', undici: 'fetch', '@forge/api': 'forge-fetch',
};
const VERBS = new Set(['get', 'delete', 'del', 'head', 'options', 'post', 'put', 'patch', 'request', 'fetch']);
const WITH_DATA = new Set(['post', 'put', 'patch']);
const FACTORIES = new Set(['create', 'extend', 'defaults']);
/** Clients used as globals (browser fetch, axios from a CDN). */
const GLOBALS = new Set(['fetch', 'axios']);

interface Imported {
  readonly module: string;
  /** 'default', '*', or the imported member. */
  readonly name: string;
}

function requireOf(e: ts.Expression): { module: string; member?: string } | undefined {
  const x = unwrap(e);
  if (ts.isCallExpression(x) && x.arguments[0] && ts.isStringLiteralLike(x.arguments[0])) {
    const callee = x.expression;
    if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) return { module: x.arguments[0].text };
  }
  if (ts.isPropertyAccessExpression(x)) {
    const inner = requireOf(x.expression);
    if (inner) return { module: inner.module, member: x.name.text === 'default' ? undefined : x.name.text };
  }
  return undefined;
}

function moduleName(spec: ts.Expression): string | undefined {
  return ts.isStringLiteralLike(spec) ? spec.text.replace(/^node:/, '') : undefined;
}

/** Where an identifier is imported or required from. */
export function importedFrom(id: ts.Identifier, decl = findDeclaration(id)): Imported | undefined {
  if (!decl) return undefined;
  if (ts.isImportClause(decl)) {
    const m = moduleName(decl.parent.moduleSpecifier);
    return m ? { module: m, name: 'default' } : undefined;
  }
  if (ts.isNamespaceImport(decl)) {
    const m = moduleName(decl.parent.parent.moduleSpecifier);
    return m ? { module: m, name: '*' } : undefined;
  }
  if (ts.isImportSpecifier(decl)) {
    const m = moduleName(decl.parent.parent.parent.moduleSpecifier);
    return m ? { module: m, name: (decl.propertyName ?? decl.name).text } : undefined;
  }
  if (ts.isImportEqualsDeclaration(decl) && ts.isExternalModuleReference(decl.moduleReference)) {
    const m = moduleName(decl.moduleReference.expression);
    return m ? { module: m, name: '*' } : undefined;
  }
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    const r = requireOf(decl.initializer);
    return r ? { module: r.module.replace(/^node:/, ''), name: r.member ?? 'default' } : undefined;
  }
  if (ts.isBindingElement(decl) && ts.isVariableDeclaration(decl.parent.parent) && decl.parent.parent.initializer) {
    const r = requireOf(decl.parent.parent.initializer);
    const name = propertyNameText(decl.propertyName) ?? (ts.isIdentifier(decl.name) ? decl.name.text : undefined);
    return r && name ? { module: r.module.replace(/^node:/, ''), name } : undefined;
  }
  return undefined;
}

interface Target {
  readonly client: HttpClient;
  /** The verb when called as a member (`axios.post`), undefined for a direct call (`axios(config)`). */
  readonly member?: string;
  /** Instance configs (`axios.create(cfg)`), outermost first. */
  readonly base: readonly Resolved[];
}

/** The client an identifier names: a module import, a global, or an instance made by a factory. */
function clientOf(e: ts.Expression, names: FileNames, depth = 0): Target | undefined {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) {
    // Top-level imports and undeclared globals need no scope walk (a local shadowing them is rare).
    // A name in an imported module (an instance's factory) is looked up in that module.
    const home = x.getSourceFile() === names.sf;
    const decl = home ? (names.imports.get(x.text) ?? (names.declared.has(x.text) || !GLOBALS.has(x.text) ? findDeclaration(x) : undefined)) : findDeclaration(x);
    if (!decl) {
      if (x.text === 'fetch') return { client: 'fetch', base: [] };
      if (x.text === 'axios') return { client: 'axios', base: [] };
      return undefined;
    }
    const imp = importedFrom(x, decl);
    if (imp && isRelativeSpecifier(imp.module) && depth <= 4) {
      // An instance another file of the project makes: `export const jira = axios.create({ … })`.
      const made = importedValue(x);
      return made && ts.isVariableDeclaration(made) && made.initializer && ts.isIdentifier(made.name) ? clientOf(made.name, names, depth + 1) : undefined;
    }
    if (imp) {
      const client = Object.hasOwn(MODULES, imp.module) ? MODULES[imp.module] : undefined;
      if (!client) return undefined;
      if (client === 'forge-fetch') return imp.name === 'fetch' ? { client, base: [] } : imp.name === 'default' || imp.name === '*' ? { client, member: 'module', base: [] } : undefined;
      if (client === 'node-http' && (imp.name === 'request' || imp.name === 'get')) return { client, member: imp.name, base: [] };
      if (client === 'fetch' && imp.name !== 'default' && imp.name !== 'fetch' && imp.name !== 'request') return undefined;
      return { client, base: [] };
    }
  }
  if (depth > 4) return undefined;
  const r = resolveValue(x);
  const made = r.expr;
  if (ts.isCallExpression(made) && ts.isPropertyAccessExpression(made.expression) && FACTORIES.has(made.expression.name.text)) {
    const factory = clientOf(made.expression.expression, names, depth + 1);
    if (factory && (factory.client === 'axios' || factory.client === 'got' || factory.client === 'ky' || factory.client === 'request') && factory.member === undefined) {
      const cfg = made.arguments[0];
      return { client: factory.client, base: cfg ? [...factory.base, resolveValue(cfg, r.env)] : factory.base };
    }
  }
  if (made !== x && (ts.isIdentifier(made) || ts.isPropertyAccessExpression(made))) return clientOf(made, names, depth + 1);
  return undefined;
}

function targetOf(call: ts.CallExpression, names: FileNames): Target | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) {
    const t = clientOf(callee, names);
    return t && t.member !== 'module' ? t : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const verb = callee.name.text;
  if (!VERBS.has(verb)) return undefined;
  const owner = unwrap(callee.expression);
  if (verb === 'fetch') {
    if (ts.isIdentifier(owner) && /^(?:window|globalThis|self|global)$/.test(owner.text)) return { client: 'fetch', base: [] };
    const t = ts.isIdentifier(owner) ? clientOf(owner, names) : undefined;
    return t?.client === 'forge-fetch' ? { client: 'forge-fetch', base: [] } : undefined;
  }
  const t = clientOf(owner, names);
  if (!t || t.member !== undefined || t.client === 'fetch' || t.client === 'forge-fetch') return undefined;
  if (t.client === 'node-http' && verb !== 'request' && verb !== 'get') return undefined;
  return { client: t.client, member: verb, base: t.base };
}

/** Assignments and `.set()` calls that add to an object after its declaration, by root declaration. */
interface Mutation {
  readonly root: ts.Identifier;
  /** Lower-case property path, dot-joined: `headers.authorization`. */
  readonly path: string;
  readonly value: ts.Expression;
}

function accessPath(e: ts.Expression): { root: ts.Identifier; path: string[] } | undefined {
  const path: string[] = [];
  let x = unwrap(e);
  while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) {
    const k = accessKey(x);
    if (k === undefined) return undefined;
    path.unshift(k.toLowerCase());
    x = unwrap(x.expression);
  }
  return ts.isIdentifier(x) ? { root: x, path } : undefined;
}

const HEADER_SETTERS = new Set(['set', 'append', 'setHeader', 'header']);

type Declaration = NonNullable<ReturnType<typeof findDeclaration>>;

/** What a file binds at its top level: HTTP-module imports by local name, and every declared name. */
interface FileNames {
  readonly sf: ts.SourceFile;
  readonly imports: ReadonlyMap<string, Declaration>;
  readonly declared: ReadonlySet<string>;
  /** Names worth a look as callees or callee owners. */
  readonly candidates: ReadonlySet<string>;
  /** Names imported from relative modules: worth a look as owners of a verb call (`jira.get(…)`). */
  readonly projectImports: ReadonlySet<string>;
}

function fileNames(sf: ts.SourceFile): FileNames {
  const imports = new Map<string, Declaration>();
  const declared = new Set<string>();
  const projectImports = new Set<string>();
  const candidates = new Set(['fetch', 'axios', 'got', 'ky', 'needle', 'superagent', 'request', 'http', 'https', 'api', 'window', 'globalThis', 'self', 'global']);
  const bind = (name: ts.BindingName, decl: Declaration, http: boolean): void => {
    if (ts.isIdentifier(name)) {
      declared.add(name.text);
      if (http) {
        imports.set(name.text, decl);
        candidates.add(name.text);
      }
      return;
    }
    for (const el of name.elements) if (ts.isBindingElement(el)) bind(el.name, ts.isIdentifier(el.name) ? el : decl, http);
  };
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause) {
      const m = moduleName(st.moduleSpecifier);
      const http = m !== undefined && Object.hasOwn(MODULES, m);
      const clause = st.importClause;
      if (clause.name) bind(clause.name, clause, http);
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) bind(nb.name, nb, http);
      else if (nb) for (const el of nb.elements) bind(el.name, el, http);
      // A client instance may come from another file of the project (followed only when called).
      if (m !== undefined && isRelativeSpecifier(m) && !clause.isTypeOnly) {
        if (clause.name) projectImports.add(clause.name.text);
        if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) projectImports.add(el.name.text);
      }
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const r = d.initializer ? requireOf(d.initializer) : undefined;
        bind(d.name, d, r !== undefined && Object.hasOwn(MODULES, r.module.replace(/^node:/, '')));
      }
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) declared.add(st.name.text);
    else if (ts.isImportEqualsDeclaration(st)) declared.add(st.name.text);
  }
  return { sf, imports, declared, candidates, projectImports };
}

/** Per-file index fed by the engine's walk; shared by the rules that read requests. */
export class HttpIndex {
  private readonly calls: ts.CallExpression[] = [];
  private readonly mutations = new Map<string, Mutation[]>();
  private readonly names: FileNames;
  /** Whether the file makes client instances (`axios.create(…)`): only then are unknown owners resolved. */
  private factories = false;
  private result: HttpRequest[] | undefined;

  constructor(sf: ts.SourceFile) {
    this.names = fileNames(sf);
  }

  /** Feed every CallExpression. */
  visitCall(node: ts.CallExpression): void {
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      if (HEADER_SETTERS.has(m) && node.arguments.length >= 2) {
        const name = unwrap(node.arguments[0] as ts.Expression);
        const at = accessPath(callee.expression);
        if (at && ts.isStringLiteralLike(name)) this.addMutation(at.root, [...at.path, name.text.toLowerCase()], node.arguments[1] as ts.Expression);
      }
      const owner = callee.expression;
      if (FACTORIES.has(m) && ts.isIdentifier(owner) && this.names.candidates.has(owner.text)) this.factories = true;
      if (VERBS.has(m)) this.calls.push(node);
    } else if (ts.isIdentifier(callee) && (this.factories || this.names.candidates.has(callee.text))) {
      // Direct calls: a client's own name, or an instance (`client(config)`) once the file made one.
      this.calls.push(node);
    }
  }

  /** Cheap test before any resolution: the callee names a client, or instances exist in the file. */
  private candidate(call: ts.CallExpression): boolean {
    const callee = call.expression;
    const owner = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
    if (this.factories || !ts.isIdentifier(owner)) return this.factories;
    return this.names.candidates.has(owner.text) || (owner !== callee && this.names.projectImports.has(owner.text));
  }

  /** Feed every BinaryExpression: `headers.Authorization = …`, `options.auth = …`. */
  visitBinary(node: ts.BinaryExpression): void {
    if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const at = accessPath(node.left);
    if (at && at.path.length > 0) this.addMutation(at.root, at.path, node.right);
  }

  private addMutation(root: ts.Identifier, path: string[], value: ts.Expression): void {
    // Declarations are looked up only when a request reads this name: most assignments never matter.
    const list = this.mutations.get(root.text) ?? [];
    list.push({ root, path: path.join('.'), value });
    this.mutations.set(root.text, list);
  }

  /** Later assignments to `path` of the object an expression names. */
  mutationsOf(expr: ts.Expression, resolved: Resolved, path: readonly string[]): Resolved[] {
    if (this.mutations.size === 0) return [];
    const x = unwrap(expr);
    const owner = resolved.expr.parent;
    const named: ts.Identifier[] = [];
    if (ts.isIdentifier(x)) named.push(x);
    if (ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name) && owner.name !== x) named.push(owner.name);
    const want = path.join('.').toLowerCase();
    const out: Resolved[] = [];
    for (const id of named) {
      const list = this.mutations.get(id.text)?.filter((m) => m.path === want);
      if (!list || list.length === 0) continue;
      const decl = id.parent === owner ? owner : findDeclaration(id);
      for (const m of list) if (decl && findDeclaration(m.root) === decl) out.push({ expr: m.value, env: NO_BINDINGS, aliases: [] });
    }
    return out;
  }

  /** Every request found, analysed once after the walk. */
  requests(): readonly HttpRequest[] {
    if (this.result) return this.result;
    const out: HttpRequest[] = [];
    for (const call of this.calls) {
      if (!this.candidate(call)) continue;
      const t = targetOf(call, this.names);
      if (!t) continue;
      out.push(new LazyRequest(this, call, t));
    }
    this.result = out;
    return out;
  }
}

const indexes = new WeakMap<ts.SourceFile, HttpIndex>();

/**
 * The shared index of a source file: every rule that reads requests reads the same one, and only
 * the first rule to ask (`feed: true`) registers the visitors that fill it, so the walk pays once.
 */
export function httpIndexFor(sf: ts.SourceFile): { index: HttpIndex; feed: boolean } {
  const known = indexes.get(sf);
  if (known) return { index: known, feed: false };
  const index = new HttpIndex(sf);
  indexes.set(sf, index);
  return { index, feed: true };
}

/** The engine visitors that fill an index (empty when another rule already feeds it). */
export function httpVisitors(index: HttpIndex, feed: boolean): { [kind: number]: (node: ts.Node) => void } {
  if (!feed) return {};
  return {
    [ts.SyntaxKind.CallExpression]: (n) => index.visitCall(n as ts.CallExpression),
    [ts.SyntaxKind.BinaryExpression]: (n) => index.visitBinary(n as ts.BinaryExpression),
  };
}

/** Reads `{username, password}`, `{user, pass}`, `{bearer}` or `'user:pass'` as an auth option. */
export function authOptionFrom(value: Resolved): AuthOption | undefined {
  const e = value.expr;
  if (ts.isObjectLiteralExpression(e)) {
    const bearer = propertyOf(e, 'bearer', value.env);
    if (bearer) return { kind: 'bearer', secret: evaluate(bearer.expr, bearer.env), key: e };
    const user = propertyOf(e, 'username', value.env) ?? propertyOf(e, 'user', value.env);
    const pass = propertyOf(e, 'password', value.env) ?? propertyOf(e, 'pass', value.env);
    if (!pass) return undefined;
    return { kind: 'basic', ...(user ? { user: evaluate(user.expr, user.env) } : {}), secret: evaluate(pass.expr, pass.env), key: e };
  }
  const s = evaluate(e, value.env);
  const split = splitAtColon(s);
  if (!split) return undefined;
  // `auth: 'https://auth.atlassian.com'` is a URL (an OAuth endpoint setting), not `user:password`.
  const after = split[1][0];
  if (after?.kind === 'text' && after.text.startsWith('//')) return undefined;
  return { kind: 'basic', user: split[0], secret: split[1], key: e };
}

/** A request whose parts are read on first use: most requests of a file only need their headers. */
class LazyRequest implements HttpRequest {
  private readonly configs: { source: ts.Expression; value: Resolved }[] = [];
  private urlArg: ts.Expression | undefined;
  private verb: string | undefined;
  private cachedMethod: { value: string | undefined } | undefined;
  private cachedUrl: { value: SymbolicString | undefined } | undefined;
  private headerList: HeaderValue[] | undefined;
  private authList: AuthOption[] = [];

  constructor(
    private readonly index: HttpIndex,
    readonly node: ts.CallExpression,
    private readonly target: Target,
  ) {
    const { client, member } = target;
    for (const b of target.base) this.configs.push({ source: b.expr, value: b });
    const args = node.arguments;
    const isObject = (a: ts.Expression | undefined): boolean => a !== undefined && ts.isObjectLiteralExpression(resolveValue(a).expr);
    let verb = member === 'request' || member === 'fetch' ? undefined : member;
    if (client === 'fetch' || client === 'forge-fetch') {
      this.urlArg = args[0];
      const req = this.urlArg ? resolveValue(this.urlArg) : undefined;
      if (req && ts.isNewExpression(req.expr) && ts.isIdentifier(req.expr.expression) && req.expr.expression.text === 'Request') {
        this.urlArg = req.expr.arguments?.[0];
        this.addConfig(req.expr.arguments?.[1], req.env);
      }
      this.addConfig(args[1]);
    } else if (client === 'needle') {
      const withMethod = member === undefined || member === 'request';
      if (withMethod && args[0]) verb = staticText(evaluate(args[0]));
      const rest = withMethod ? args.slice(1) : args;
      this.urlArg = rest[0];
      const hasData = withMethod || (verb !== undefined && (WITH_DATA.has(verb) || verb === 'delete'));
      this.addConfig(hasData ? rest[2] : rest[1]);
    } else if (client === 'superagent') {
      if (member === undefined && args.length >= 2) {
        verb = args[0] ? staticText(evaluate(args[0])) : undefined;
        this.urlArg = args[1];
      } else this.urlArg = args[0];
    } else if (isObject(args[0])) this.addConfig(args[0]);
    else {
      this.urlArg = args[0];
      const dataFirst = client === 'axios' && member !== undefined && WITH_DATA.has(member);
      this.addConfig(dataFirst ? args[2] : args[1]);
    }
    this.verb = verb === 'del' ? 'delete' : verb;
  }

  get client(): HttpClient {
    return this.target.client;
  }

  get method(): string | undefined {
    this.cachedMethod ??= { value: this.verb?.toUpperCase() ?? this.methodFromConfig() };
    return this.cachedMethod.value;
  }

  get url(): SymbolicString | undefined {
    this.cachedUrl ??= { value: this.urlOf(this.urlArg) };
    return this.cachedUrl.value;
  }

  get authorization(): readonly HeaderValue[] {
    return this.credentials().headers;
  }

  get auth(): readonly AuthOption[] {
    return this.credentials().auth;
  }

  private credentials(): { headers: HeaderValue[]; auth: AuthOption[] } {
    if (!this.headerList) {
      this.headerList = [];
      this.readHeaders();
      this.readAuth();
      if (this.target.client === 'superagent') this.readChain();
    }
    return { headers: this.headerList, auth: this.authList };
  }

  private addConfig(e: ts.Expression | undefined, env: Bindings = NO_BINDINGS): void {
    if (e) this.configs.push({ source: e, value: resolveValue(e, env) });
  }

  /** A config property, last config and later mutations winning. */
  private prop(key: string): Resolved | undefined {
    let found: Resolved | undefined;
    for (const c of this.configs) {
      if (ts.isObjectLiteralExpression(c.value.expr)) found = propertyOf(c.value.expr, key, c.value.env) ?? found;
      found = this.index.mutationsOf(c.source, c.value, [key.toLowerCase()]).pop() ?? found;
    }
    return found;
  }

  /** `{ ...options }` where `options` comes from the caller: any property may be set there. */
  private opaqueSpread(config: Resolved): boolean {
    const e = config.expr;
    return ts.isObjectLiteralExpression(e) && e.properties.some((p) => ts.isSpreadAssignment(p) && !ts.isObjectLiteralExpression(resolveValue(p.expression, config.env).expr));
  }

  private text(key: string): string | undefined {
    const p = this.prop(key);
    return p ? staticText(evaluate(p.expr, p.env)) : undefined;
  }

  private methodFromConfig(): string | undefined {
    const p = this.prop('method');
    if (!p) return this.configs.some((c) => this.opaqueSpread(c.value)) ? undefined : 'GET';
    const t = staticText(evaluate(p.expr, p.env));
    return t ? t.toUpperCase() : undefined;
  }

  private urlOf(urlArg: ts.Expression | undefined): SymbolicString | undefined {
    const { client } = this.target;
    let url = urlArg ? evaluate(urlArg) : undefined;
    if (!url) {
      const p = this.prop('url') ?? this.prop('uri');
      url = p ? evaluate(p.expr, p.env) : undefined;
    }
    if (client === 'node-http' && !url) {
      const host = this.prop('hostname') ?? this.prop('host');
      if (!host) return undefined;
      const path = this.prop('path');
      const proto = this.text('protocol') ?? 'https:';
      return concat([{ kind: 'text', text: `${proto}//`, node: this.node }], evaluate(host.expr, host.env), path ? evaluate(path.expr, path.env) : []);
    }
    const baseProp = this.prop('baseURL') ?? this.prop('baseUrl') ?? this.prop('prefixUrl');
    const first = url?.[0];
    if (baseProp && !(first?.kind === 'text' && /^[a-z][\w+.-]*:\/\//i.test(first.text))) {
      return concat(evaluate(baseProp.expr, baseProp.env), url ?? []);
    }
    return url;
  }

  private readHeaders(): void {
    for (const c of this.configs) {
      const headers: Resolved[] = [];
      if (ts.isObjectLiteralExpression(c.value.expr)) {
        const h = propertyOf(c.value.expr, 'headers', c.value.env);
        if (h) headers.push(h);
      }
      for (const m of this.index.mutationsOf(c.source, c.value, ['headers'])) headers.push(m);
      for (const m of this.index.mutationsOf(c.source, c.value, ['headers', 'authorization'])) this.addHeader(m);
      for (const h of headers) this.readHeaderObject(h);
    }
  }

  private readHeaderObject(h: Resolved): void {
    const value = resolveValue(h.expr, h.env);
    const e = value.expr;
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Headers') {
      const init = e.arguments?.[0];
      if (init) this.readHeaderObject({ expr: init, env: value.env, aliases: [] });
    } else if (ts.isObjectLiteralExpression(e)) {
      const auth = propertyOf(e, 'authorization', value.env, true);
      if (auth) this.addHeader(auth);
    }
    for (const m of this.index.mutationsOf(h.expr, value, ['authorization'])) this.addHeader(m);
  }

  private addHeader(r: Resolved): void {
    const value = evaluate(r.expr, r.env);
    const first = value[0];
    const key = first?.kind === 'text' ? first.node : resolveValue(r.expr, r.env).expr;
    this.headerList?.push({ value, key });
  }

  private readAuth(): void {
    const { client } = this.target;
    const auth = this.prop('auth');
    if (auth) {
      const opt = authOptionFrom(resolveValue(auth.expr, auth.env));
      if (opt) this.authList.push(opt);
    }
    if (client === 'got' || client === 'needle' || client === 'ky') {
      const pass = this.prop('password');
      const user = this.prop('username');
      if (pass) this.authList.push({ kind: 'basic', ...(user ? { user: evaluate(user.expr, user.env) } : {}), secret: evaluate(pass.expr, pass.env), key: resolveValue(pass.expr, pass.env).expr });
    }
  }

  /** superagent: `request.get(url).set('Authorization', v).auth(user, token)`. */
  private readChain(): void {
    let node: ts.Node = this.node;
    while (ts.isPropertyAccessExpression(node.parent) && ts.isCallExpression(node.parent.parent) && node.parent.parent.expression === node.parent) {
      const call = node.parent.parent;
      const m = node.parent.name.text;
      const [a0, a1] = call.arguments;
      if (m === 'set' && a0) {
        const name = unwrap(a0);
        if (ts.isStringLiteralLike(name) && name.text.toLowerCase() === 'authorization' && a1) this.addHeader(resolveValue(a1));
        else if (!a1) this.readHeaderObject(resolveValue(a0));
      } else if (m === 'auth' && a0) {
        const opts = a1 ? resolveValue(a1).expr : undefined;
        const type = opts && ts.isObjectLiteralExpression(opts) ? propertyOf(opts, 'type') : undefined;
        const bearer = type && staticText(evaluate(type.expr, type.env)) === 'bearer';
        if (bearer || !a1) this.authList.push(bearer ? { kind: 'bearer', secret: evaluate(a0), key: call } : { kind: 'basic', secret: evaluate(a0), key: call });
        else this.authList.push({ kind: 'basic', user: evaluate(a0), secret: evaluate(a1), key: call });
      }
      node = call;
    }
  }
}
