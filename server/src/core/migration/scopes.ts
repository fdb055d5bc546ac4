import { scopesForEndpoint } from '../knowledge/endpoints';

/**
 * OAuth scopes an Atlassian REST endpoint needs, for the migration report and the Forge fix's manifest
 * edit. The full endpoint → scope table is `knowledge/endpoints.ts` (generated from Atlassian's OpenAPI
 * documents); the migration code only depends on the `ScopeLookup` shape, and `tableScopes` plugs the
 * table in. A small fallback covers the endpoints the examples and fixtures call; its rows are copied
 * from `x-atlassian-oauth2-scopes` in ../shared/atlassian-openapi/jira-platform-v3.json and
 * confluence-v2.json ("Current" = classic, "Beta" = granular).
 */

export type Product = 'jira' | 'confluence';

export interface EndpointQuery {
  readonly method: string;
  readonly product: Product;
  /** Product path, `/rest/api/3/issue/{key}` or `/wiki/api/v2/pages` (hole names do not matter). */
  readonly path: string;
}

export interface EndpointScopes {
  readonly classic: readonly string[];
  readonly granular: readonly string[];
}

export type ScopeLookup = (e: EndpointQuery) => EndpointScopes | undefined;

type Row = readonly [Product, string, string, readonly string[], readonly string[]];

const ROWS: readonly Row[] = [
  ['jira', 'GET', '/rest/api/3/search/jql', ['read:jira-work'], ['read:issue-details:jira', 'read:audit-log:jira', 'read:avatar:jira', 'read:field-configuration:jira', 'read:issue-meta:jira']],
  ['jira', 'POST', '/rest/api/3/search/jql', ['read:jira-work'], ['read:issue-details:jira', 'read:field.default-value:jira', 'read:field.option:jira', 'read:field:jira', 'read:group:jira']],
  ['jira', 'POST', '/rest/api/3/issue', ['write:jira-work'], ['write:issue:jira', 'write:comment:jira', 'write:comment.property:jira', 'write:attachment:jira', 'read:issue:jira']],
  ['jira', 'GET', '/rest/api/3/issue/{issueIdOrKey}', ['read:jira-work'], ['read:issue-meta:jira', 'read:issue-security-level:jira', 'read:issue.vote:jira', 'read:issue.changelog:jira', 'read:avatar:jira', 'read:issue:jira', 'read:status:jira', 'read:user:jira', 'read:field-configuration:jira']],
  ['jira', 'PUT', '/rest/api/3/issue/{issueIdOrKey}', ['write:jira-work'], ['write:issue:jira']],
  ['jira', 'DELETE', '/rest/api/3/issue/{issueIdOrKey}', ['write:jira-work'], ['delete:issue:jira']],
  ['jira', 'GET', '/rest/api/3/issue/{issueIdOrKey}/transitions', ['read:jira-work'], ['read:issue.transition:jira', 'read:status:jira', 'read:field-configuration:jira']],
  ['jira', 'POST', '/rest/api/3/issue/{issueIdOrKey}/transitions', ['write:jira-work'], ['write:issue:jira', 'write:issue.property:jira']],
  ['jira', 'GET', '/rest/api/3/issue/{issueIdOrKey}/comment', ['read:jira-work'], ['read:comment:jira', 'read:comment.property:jira', 'read:group:jira', 'read:project:jira', 'read:project-role:jira', 'read:user:jira', 'read:avatar:jira']],
  ['jira', 'POST', '/rest/api/3/issue/{issueIdOrKey}/comment', ['write:jira-work'], ['read:comment:jira', 'read:comment.property:jira', 'read:group:jira', 'read:project:jira', 'read:project-role:jira', 'read:user:jira', 'write:comment:jira', 'read:avatar:jira']],
  ['jira', 'GET', '/rest/api/3/myself', ['read:jira-user'], ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira']],
  ['jira', 'GET', '/rest/api/3/project/search', ['read:jira-work'], ['read:issue-type:jira', 'read:project:jira', 'read:project.property:jira', 'read:user:jira', 'read:application-role:jira', 'read:avatar:jira', 'read:group:jira', 'read:issue-type-hierarchy:jira', 'read:project-category:jira', 'read:project-version:jira', 'read:project.component:jira']],
  ['jira', 'GET', '/rest/api/3/project/{projectIdOrKey}', ['read:jira-work'], ['read:issue-type:jira', 'read:project:jira', 'read:project.property:jira', 'read:user:jira', 'read:application-role:jira', 'read:avatar:jira', 'read:group:jira', 'read:issue-type-hierarchy:jira', 'read:project-category:jira', 'read:project-version:jira', 'read:project.component:jira']],
  ['confluence', 'GET', '/wiki/api/v2/pages', [], ['read:page:confluence']],
  ['confluence', 'POST', '/wiki/api/v2/pages', [], ['write:page:confluence']],
  ['confluence', 'GET', '/wiki/api/v2/pages/{id}', [], ['read:page:confluence']],
  ['confluence', 'PUT', '/wiki/api/v2/pages/{id}', [], ['write:page:confluence']],
  ['confluence', 'DELETE', '/wiki/api/v2/pages/{id}', [], ['delete:page:confluence']],
  ['confluence', 'GET', '/wiki/api/v2/spaces', [], ['read:space:confluence']],
  ['confluence', 'POST', '/wiki/api/v2/footer-comments', [], ['write:comment:confluence']],
];

/** A path template as a matcher: `{…}` matches one segment, whatever the hole is called. */
function matcher(template: string): RegExp {
  const body = template
    .split(/\{[^{}]*\}/)
    .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${body}/?$`);
}

const TABLE = ROWS.map(([product, method, path, classic, granular]) => ({ product, method, re: matcher(path), scopes: { classic, granular } }));

/** Normalises a path as the code wrote it: holes become one segment, the query is dropped. */
function normalise(path: string): string {
  return path.split('?')[0]?.replace(/\{[^{}]*\}/g, 'x') ?? path;
}

/** The built-in fallback lookup (a handful of endpoints). */
export const fallbackScopes: ScopeLookup = (e) => {
  const p = normalise(e.path);
  return TABLE.find((r) => r.product === e.product && r.method === e.method.toUpperCase() && r.re.test(p))?.scopes;
};

/**
 * The full table: every operation of Atlassian's OpenAPI documents (`knowledge/endpoints.ts`), with
 * `/rest/api/2/` derived from v3. The fallback rows answer only where the table has no match.
 */
export const tableScopes: ScopeLookup = (e) => {
  const full = scopesForEndpoint({ method: e.method.toUpperCase(), product: e.product, path: e.path });
  return full && (full.classic.length > 0 || full.granular.length > 0) ? { classic: full.classic, granular: full.granular } : fallbackScopes(e);
};

/** The lookup the migration uses (tests may swap it with `setScopeLookup`). */
let current: ScopeLookup = tableScopes;

export function scopeLookup(): ScopeLookup {
  return current;
}

export function setScopeLookup(lookup: ScopeLookup): void {
  current = lookup;
}

/** The scopes a Forge manifest should declare for a call: classic where Atlassian has one, else granular. */
export function manifestScopes(s: EndpointScopes): readonly string[] {
  return s.classic.length > 0 ? s.classic : s.granular;
}

/** The scopes a set of calls needs, for fix notes: `read:jira-work, write:jira-work` (or a pointer to the docs). */
export function describeScopes(lookup: ScopeLookup, calls: readonly { method?: string; path?: string; product: Product }[]): string {
  const out = new Set<string>();
  let unknown = false;
  for (const c of calls) {
    const s = c.method && c.path ? lookup({ method: c.method, product: c.product, path: c.path.replace(/^\/ex\/(?:jira|confluence)\/[^/]+/, '') }) : undefined;
    if (s) for (const x of manifestScopes(s)) out.add(x);
    else unknown = true;
  }
  const list = [...out].join(', ');
  if (!unknown) return list;
  return list ? `${list} (and those of the other calls, per the REST docs)` : 'those the REST docs list for these calls';
}
