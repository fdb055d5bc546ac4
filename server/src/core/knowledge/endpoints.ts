/**
 * Endpoint → OAuth scopes, from the table `scripts/gen-knowledge.ts` reduces out of Atlassian's
 * OpenAPI specs (`endpoints.json` names its sources and dates). Loaded on first use and indexed
 * as a trie of path segments per product, so a lookup costs a few map reads, never a scan.
 */
import data from './endpoints.json';

export type Product = 'jira' | 'confluence' | 'bitbucket';

/** One REST operation and the scopes it needs: every classic scope, or every granular one. */
export interface Operation {
  readonly product: Product;
  readonly method: string;
  /** The spec's path template, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  readonly path: string;
  readonly classic: readonly string[];
  readonly granular: readonly string[];
  /** Set when the operation was derived (Jira REST v2 from v3): an assumption, not the spec's word. */
  readonly derivedFrom?: string;
  /**
   * The spec's `x-atlassian-connect-scope`: what an Atlassian Connect app needs to call it (`READ`,
   * `WRITE`, `DELETE`, `PROJECT_ADMIN`, `SPACE_ADMIN`, `ADMIN`, `ACT_AS_USER`, `ACCESS_EMAIL_ADDRESSES`;
   * `NONE`: no scope; `INACCESSIBLE`: Connect apps cannot call it). Undefined when the spec names none.
   */
  readonly connect?: string;
}

interface Node {
  readonly children: Map<string, Node>;
  param?: Node;
  readonly ops: Operation[];
}

const newNode = (): Node => ({ children: new Map(), ops: [] });

interface Table {
  readonly roots: ReadonlyMap<Product, Node>;
  readonly derived: readonly { prefix: string; from: string }[];
  readonly scopes: ReadonlySet<string>;
}

let table: Table | undefined;

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function load(): Table {
  if (table) return table;
  const roots = new Map<Product, Node>();
  const names = data.scopes;
  for (const [product, ops] of Object.entries(data.products) as [Product, (string | number[])[][]][]) {
    const root = newNode();
    roots.set(product, root);
    for (const row of ops) {
      const [method, path, classic, granular, connect] = row as [string, string, number[], number[], string | undefined];
      let node = root;
      for (const seg of segments(path)) {
        if (seg.includes('{')) node = node.param ??= newNode();
        else {
          let next = node.children.get(seg);
          if (!next) node.children.set(seg, (next = newNode()));
          node = next;
        }
      }
      node.ops.push({
        product,
        method,
        path,
        classic: classic.map((i) => names[i] ?? ''),
        granular: granular.map((i) => names[i] ?? ''),
        ...(typeof connect === 'string' ? { connect } : {}),
      });
    }
  }
  table = { roots, derived: data.derived, scopes: new Set(names) };
  return table;
}

/** A request path segment decided at run time (`{key}` from a template hole) matches any segment. */
function isWildcard(seg: string): boolean {
  return seg.includes('{') || seg === '*';
}

function collect(node: Node, segs: readonly string[], i: number, out: Operation[], depth = 0): void {
  if (depth > 64) return;
  if (i === segs.length) {
    out.push(...node.ops);
    return;
  }
  const seg = segs[i] ?? '';
  if (isWildcard(seg)) {
    // A value decided at run time fills a template parameter (an issue key), not a literal segment
    // like `createmeta`; only where the template has no parameter can it be one of the literals.
    if (node.param) collect(node.param, segs, i + 1, out, depth + 1);
    else for (const child of node.children.values()) collect(child, segs, i + 1, out, depth + 1);
    return;
  }
  const child = node.children.get(seg) ?? node.children.get(decodeSegment(seg));
  if (child) collect(child, segs, i + 1, out, depth + 1);
  if (node.param) collect(node.param, segs, i + 1, out, depth + 1);
}

function decodeSegment(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

/** Splits `/ex/jira/{cloudId}/rest/…` (the OAuth 2.0 gateway) into product and site path. */
export function gatewayPath(path: string): { product: Product; path: string } | undefined {
  const m = /^\/ex\/(jira|confluence|bitbucket)\/[^/]+(\/.*)?$/.exec(path);
  return m ? { product: m[1] as Product, path: m[2] ?? '/' } : undefined;
}

/** The product a site path belongs to, from its REST prefix. */
export function productOfPath(path: string): Product | undefined {
  if (/^\/wiki\//.test(path)) return 'confluence';
  if (/^\/2\.0\//.test(path)) return 'bitbucket';
  if (/^\/rest\//.test(path)) return 'jira';
  return undefined;
}

/**
 * The operations a request may be: `method` undefined means decided at run time, so every method of
 * the path is a candidate (never assume GET). `path` is a template whose `{…}` segments are unknown.
 */
export function matchOperations(product: Product, method: string | undefined, path: string): Operation[] {
  const t = load();
  const root = t.roots.get(product);
  if (!root) return [];
  let clean = path.split(/[?#]/)[0] ?? '';
  if (!clean.startsWith('/')) clean = `/${clean}`;
  let derivedFrom: string | undefined;
  if (product === 'jira') clean = clean.replace(/^\/rest\/api\/latest\//, '/rest/api/2/');
  for (const d of t.derived) {
    if (clean.startsWith(d.prefix)) {
      derivedFrom = d.from;
      clean = d.from + clean.slice(d.prefix.length);
    }
  }
  const out: Operation[] = [];
  collect(root, segments(clean), 0, out);
  const m = method?.toUpperCase();
  // A literal segment beats a parameter (`/issue/createmeta` is not `/issue/{issueIdOrKey}`).
  const best = out.filter((o) => m === undefined || o.method === m);
  const ranked = rankBySpecificity(best);
  return derivedFrom ? ranked.map((o) => ({ ...o, path: o.path.replace(derivedFrom, '/rest/api/2/'), derivedFrom })) : ranked;
}

/** Every operation at or below a node (a path whose tail is decided at run time may be any of them). */
function collectBelow(node: Node, out: Operation[], depth = 0): void {
  if (depth > 64) return;
  out.push(...node.ops);
  for (const child of node.children.values()) collectBelow(child, out, depth + 1);
  if (node.param) collectBelow(node.param, out, depth + 1);
}

function prefixNodes(node: Node, segs: readonly string[], i: number, out: Node[], depth = 0): void {
  if (depth > 64) return;
  if (i === segs.length) {
    out.push(node);
    return;
  }
  const seg = segs[i] ?? '';
  if (isWildcard(seg)) {
    // As in matchOperations: a run-time value fills a parameter where the template has one.
    if (node.param) prefixNodes(node.param, segs, i + 1, out, depth + 1);
    else for (const child of node.children.values()) prefixNodes(child, segs, i + 1, out, depth + 1);
    return;
  }
  const child = node.children.get(seg) ?? node.children.get(decodeSegment(seg));
  if (child) prefixNodes(child, segs, i + 1, out, depth + 1);
  if (node.param) prefixNodes(node.param, segs, i + 1, out, depth + 1);
}

/** An API root segment (`rest`, `api`, `2`, `latest`, `1.0`, `v2`, `wiki`): a value right after one names a resource path. */
const API_ROOT_SEGMENT = /^(?:rest|api|wiki|latest|v\d+|\d+(?:\.\d+)?)$/;

/**
 * The operations a request built by string concatenation may be, for the Connect scope rules: a
 * segment decided at run time matches a parameter (any literal where the template has none), and one that ends the path right
 * after the API's root (`'/rest/api/2/' + resource`) may be a whole resource path (any number of
 * segments). No ranking: every candidate's scope counts as possibly needed. `method` undefined:
 * every method.
 */
export function matchOperationsLoosely(product: Product, method: string | undefined, path: string): Operation[] {
  const t = load();
  const root = t.roots.get(product);
  if (!root) return [];
  let clean = path.split(/[?#]/)[0] ?? '';
  if (!clean.startsWith('/')) clean = `/${clean}`;
  if (product === 'jira') clean = clean.replace(/^\/rest\/api\/(?:latest|2)\//, '/rest/api/3/');
  const segs = segments(clean);
  const open = segs.length > 0 && isWildcard(segs[segs.length - 1] ?? '') && (segs.length === 1 || API_ROOT_SEGMENT.test(segs[segs.length - 2] ?? ''));
  const nodes: Node[] = [];
  prefixNodes(root, open ? segs.slice(0, -1) : segs, 0, nodes);
  const out: Operation[] = [];
  for (const n of nodes) {
    if (open) collectBelow(n, out);
    else out.push(...n.ops);
  }
  const m = method?.toUpperCase();
  return out.filter((o) => m === undefined || o.method === m);
}

/** The operations of a product with a method (undefined: every method), for a call whose route is not visible. */
export function operationsOf(product: Product, method: string | undefined): Operation[] {
  const root = load().roots.get(product);
  if (!root) return [];
  const out: Operation[] = [];
  collectBelow(root, out);
  const m = method?.toUpperCase();
  return out.filter((o) => m === undefined || o.method === m);
}

function literalSegments(path: string): number {
  return segments(path).filter((s) => !s.includes('{')).length;
}

/** Per method, the matches with the most literal segments (the most specific templates). */
function rankBySpecificity(ops: readonly Operation[]): Operation[] {
  const byMethod = new Map<string, Operation[]>();
  for (const o of ops) byMethod.set(o.method, [...(byMethod.get(o.method) ?? []), o]);
  const out: Operation[] = [];
  for (const list of byMethod.values()) {
    const top = Math.max(...list.map((o) => literalSegments(o.path)));
    out.push(...list.filter((o) => literalSegments(o.path) === top));
  }
  return out;
}

/** An endpoint as the reports carry it (`EndpointData`), or as a caller knows it. */
export interface EndpointRef {
  readonly method?: string;
  readonly host?: string;
  readonly path?: string;
  readonly product?: Product;
}

/** The scopes a call needs: classic (3LO's usual choice) and granular (Forge's narrowest choice). */
export interface NeededScopes {
  readonly product: Product;
  readonly classic: readonly string[];
  readonly granular: readonly string[];
  readonly operations: readonly Operation[];
}

function productOfHost(host: string | undefined): Product | undefined {
  if (!host) return undefined;
  const h = host.toLowerCase();
  if (h === 'api.bitbucket.org' || h === 'bitbucket.org') return 'bitbucket';
  return undefined;
}

/**
 * The OAuth scopes an endpoint needs (for the API-token migration report and the scope rules).
 * Accepts site paths (`/rest/api/3/issue/{key}`), gateway paths (`/ex/jira/{cloudId}/rest/…`) and
 * Bitbucket paths (`/2.0/…`, or `/repositories/…` with host `api.bitbucket.org`). Undefined when the
 * table has no such operation. A method left undefined unions every method of the path.
 */
export function scopesForEndpoint(endpoint: EndpointRef): NeededScopes | undefined {
  if (!endpoint.path) return undefined;
  let path = endpoint.path;
  let product = endpoint.product;
  const gw = gatewayPath(path);
  if (gw) {
    product ??= gw.product;
    path = gw.path;
  }
  product ??= productOfHost(endpoint.host) ?? productOfPath(path);
  if (product === 'bitbucket' && !path.startsWith('/2.0/')) path = `/2.0${path.startsWith('/') ? '' : '/'}${path}`;
  if (!product) return undefined;
  const operations = matchOperations(product, endpoint.method, path);
  if (operations.length === 0) return undefined;
  const classic = new Set<string>();
  const granular = new Set<string>();
  for (const o of operations) {
    for (const s of o.classic) classic.add(s);
    for (const s of o.granular) granular.add(s);
  }
  return { product, classic: [...classic].sort(), granular: [...granular].sort(), operations };
}

/** Every scope the endpoint table mentions (valid for 3LO scope strings in code). */
export function tableScopes(): ReadonlySet<string> {
  return load().scopes;
}

/** Sources and dates of the table, for the docs and the closing note. */
export const ENDPOINT_SOURCES = data.sources;
