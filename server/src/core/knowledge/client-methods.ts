/**
 * Client-library method → REST endpoint: `client.issues.getIssue(…)` on a `new Version3Client(…)` is
 * `GET /rest/api/3/issue/{issueIdOrKey}`. jira.js's table is generated from its sources
 * (`client-methods.json`, written by `scripts/gen-client-methods.ts`; it names the jira.js version).
 * confluence.js is not installed here, so its few rows are written by hand below, in the same shape.
 */
import data from './client-methods.json';
import type { Product } from './endpoints';

/** [HTTP method, path template with `{name}` parameters], as in the endpoint table. */
export type ClientEndpoint = readonly [string, string];

/** One client class: its product and, per group property (`issues`), method → endpoint. */
export interface ClientTable {
  readonly product: Product;
  readonly groups: Readonly<Record<string, Readonly<Record<string, ClientEndpoint>>>>;
}

/** confluence.js 1.x (Confluence REST v1), by hand: only methods whose endpoint is unambiguous. */
const CONFLUENCE_CLIENT: ClientTable = {
  product: 'confluence',
  groups: {
    content: {
      createContent: ['POST', '/wiki/rest/api/content'],
      getContent: ['GET', '/wiki/rest/api/content'],
      getContentById: ['GET', '/wiki/rest/api/content/{id}'],
      updateContent: ['PUT', '/wiki/rest/api/content/{id}'],
    },
    search: { searchByCQL: ['GET', '/wiki/rest/api/search'] },
    space: {
      getSpace: ['GET', '/wiki/rest/api/space/{spaceKey}'],
      getSpaces: ['GET', '/wiki/rest/api/space'],
    },
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isEndpoint = (v: unknown): v is ClientEndpoint => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

/** The generated JSON's shape, checked once on load rather than asserted by a cast. */
function isClientTable(v: unknown): v is ClientTable {
  if (!isRecord(v) || !isRecord(v['groups']) || !(v['product'] === 'jira' || v['product'] === 'confluence')) return false;
  return Object.values(v['groups']).every((g) => isRecord(g) && Object.values(g).every(isEndpoint));
}

/** Package → exported client class → its table. Maps, so `toString` or `__proto__` finds nothing. */
const PACKAGES: ReadonlyMap<string, ReadonlyMap<string, ClientTable>> = new Map([
  ['jira.js', new Map(Object.entries(data.clients as unknown as Record<string, unknown>).filter((e): e is [string, ClientTable] => isClientTable(e[1])))],
  ['confluence.js', new Map([['ConfluenceClient', CONFLUENCE_CLIENT]])],
]);

/** The jira.js version the generated table was read from. */
export const JIRA_JS_VERSION: string = data.source.version;

/** The table of a class a client package exports (`'jira.js'`, `'Version3Client'`), if it is a known client. */
export function clientTable(pkg: string, className: string): ClientTable | undefined {
  return PACKAGES.get(pkg)?.get(className);
}

/** Every known client class with its package, for tests and docs. */
export function clientClasses(): { readonly pkg: string; readonly name: string; readonly table: ClientTable }[] {
  return [...PACKAGES].flatMap(([pkg, classes]) => [...classes].map(([name, table]) => ({ pkg, name, table })));
}

let names: ReadonlySet<string> | undefined;

/**
 * Whether any client has `<group>.<method>`: a Set lookup that lets callers skip resolving the
 * receiver of the many `a.b.c()` calls that are no client's.
 */
export function isClientMethodName(group: string, method: string): boolean {
  names ??= new Set(clientClasses().flatMap(({ table }) => Object.entries(table.groups).flatMap(([g, methods]) => Object.keys(methods).map((m) => `${g}.${m}`))));
  return names.has(`${group}.${method}`);
}

/** The endpoint `client.<group>.<method>(…)` calls on a client of `table`, if the table knows it. */
export function clientEndpoint(table: ClientTable, group: string, method: string): ClientEndpoint | undefined {
  const methods = Object.hasOwn(table.groups, group) ? table.groups[group] : undefined;
  return methods && Object.hasOwn(methods, method) ? methods[method] : undefined;
}
