/**
 * Scope names Atlassian defines (`scopes.json`, generated from `@forge/manifest`'s scope lists) and
 * the shape rules Atlassian's docs use: granular scopes have three `:` parts (`read:issue:jira`),
 * classic ones fewer (`read:jira-work`). Admin and manage scopes are the broad ones the "OAuth scope
 * management" clause asks partners to avoid.
 */
import data from './scopes.json';
import endpoints from './endpoints.json';
import { tableScopes, type Product } from './endpoints';

let forge: ReadonlySet<string> | undefined;
let threeLo: ReadonlySet<string> | undefined;

/** Scopes a Forge manifest may declare. */
export function forgeScopes(): ReadonlySet<string> {
  return (forge ??= new Set(data.forge));
}

/** Scopes a 3LO authorize URL may ask for: Forge's, the REST specs', and `offline_access`. */
export function threeLoScopes(): ReadonlySet<string> {
  return (threeLo ??= new Set([...data.forge, ...tableScopes(), ...data.threeLoOnly]));
}

export function isKnownScope(scope: string, where: 'forge' | '3lo'): boolean {
  return (where === 'forge' ? forgeScopes() : threeLoScopes()).has(scope);
}

export function isGranular(scope: string): boolean {
  return scope.split(':').length === 3 && scope !== 'readonly:content.attachment:confluence';
}

/** `manage:*`, `admin:*` and Connect-era `*:connect-*` scopes (SPEC rule 14). */
export function isAdminScope(scope: string): boolean {
  return /^(?:manage|admin):/.test(scope) || isConnectScope(scope);
}

/** Connect scopes (`read:connect-jira`, `act-as-user:connect-confluence`): only Connect modules use them. */
export function isConnectScope(scope: string): boolean {
  return /:connect-(?:jira|confluence)$/.test(scope);
}

/** `write:jira-work` → `read:jira-work`, when such a read scope exists. */
export function readCounterpart(scope: string, where: 'forge' | '3lo'): string | undefined {
  if (!scope.startsWith('write:')) return undefined;
  const read = `read:${scope.slice('write:'.length)}`;
  return isKnownScope(read, where) ? read : undefined;
}

/**
 * Did-you-mean, bounded: a manifest may list tens of thousands of unknown scopes (issue 14: 81,000
 * took 87 s). Only known scopes of a near length that share enough bigrams with the misspelt one
 * (q-gram lemma: one edit changes at most two bigrams) reach the edit distance, and answers are kept
 * per string, so each costs microseconds whatever the manifest holds. The answer is the same as a
 * full scan's: the nearest known scope, the alphabetically first of equally near ones.
 */
/** Known scopes of one length, with their bigrams. */
interface LengthBucket {
  readonly scopes: readonly string[];
  /** Bigram (two UTF-16 units as one number) → indexes into `scopes` of those holding it, once each. */
  readonly grams: ReadonlyMap<number, readonly number[]>;
  /** Scratch counters, one per scope (reset after each query). */
  readonly shared: Int32Array;
}

interface ScopeIndex {
  readonly byLength: ReadonlyMap<number, LengthBucket>;
  readonly answers: Map<string, string | undefined>;
}

/** Answers kept per index; past that the cache starts again (an answer is cheap to recompute). */
const MAX_ANSWERS = 10_000;
const indexes = new Map<'forge' | '3lo', ScopeIndex>();

function bigrams(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1));
  return out;
}

function scopeIndex(where: 'forge' | '3lo'): ScopeIndex {
  const cached = indexes.get(where);
  if (cached) return cached;
  const lists = new Map<number, string[]>();
  for (const scope of where === 'forge' ? forgeScopes() : threeLoScopes()) {
    const list = lists.get(scope.length);
    if (list) list.push(scope);
    else lists.set(scope.length, [scope]);
  }
  const byLength = new Map<number, LengthBucket>();
  for (const [length, scopes] of lists) {
    const grams = new Map<number, number[]>();
    scopes.forEach((scope, i) => {
      for (const gram of new Set(bigrams(scope))) {
        const list = grams.get(gram);
        if (list) list.push(i);
        else grams.set(gram, [i]);
      }
    });
    byLength.set(length, { scopes, grams, shared: new Int32Array(scopes.length) });
  }
  const index: ScopeIndex = { byLength, answers: new Map() };
  indexes.set(where, index);
  return index;
}

/** Edit distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? limit + 1;
}

/** The known scopes that may be within `limit` edits of `s`; never leaves out one that is. */
function candidates(index: ScopeIndex, s: string, limit: number): string[] {
  // Within k edits, strings of length n share at least n - 1 - 2k bigrams. Counted per occurrence in
  // `s`, the count can only be higher than the true one, so the filter stays safe.
  const needed = s.length - 1 - 2 * limit;
  const grams = bigrams(s);
  const out: string[] = [];
  for (let length = s.length - limit; length <= s.length + limit; length++) {
    const bucket = index.byLength.get(length);
    if (!bucket) continue;
    if (needed <= 0) {
      out.push(...bucket.scopes);
      continue;
    }
    const { shared } = bucket;
    for (const gram of grams) for (const i of bucket.grams.get(gram) ?? []) shared[i] = (shared[i] ?? 0) + 1;
    bucket.scopes.forEach((scope, i) => {
      if ((shared[i] ?? 0) >= needed) out.push(scope);
    });
    shared.fill(0);
  }
  return out;
}

function nearest(index: ScopeIndex, s: string): string | undefined {
  const limit = Math.max(2, Math.floor(s.length / 6));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const k of candidates(index, s, limit)) {
    const d = distance(s, k, Math.min(limit, bestD));
    if (d < bestD || (d === bestD && best !== undefined && k < best)) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** The known scope nearest to a misspelt one, when one is close enough to be what was meant. */
export function didYouMean(scope: string, where: 'forge' | '3lo'): string | undefined {
  const s = scope.trim().toLowerCase();
  if (isKnownScope(s, where)) return s;
  const index = scopeIndex(where);
  if (index.answers.has(s)) return index.answers.get(s);
  const answer = nearest(index, s);
  if (index.answers.size >= MAX_ANSWERS) index.answers.clear();
  index.answers.set(s, answer);
  return answer;
}

/**
 * Jira Software's data-provider APIs (development, build, deployment, feature-flag, remote-link,
 * security, operations and DevOps-component information) and the `devops:*` Forge modules that feed
 * them: Forge apps call them with `manage:jira-data-provider` (Forge manifest reference, "Jira
 * Software modules"), the specs' classic and granular scopes being the other ways in.
 */
export const DATA_PROVIDER_SCOPE = 'manage:jira-data-provider';
const DATA_PROVIDER_PATH = /^\/rest\/(?:devinfo|builds|deployments|featureflags|remotelinks|security|operations|devopscomponents)(?:\/|$)/;

export function isDataProviderPath(path: string): boolean {
  return DATA_PROVIDER_PATH.test(path);
}

export function isDevopsModule(type: string): boolean {
  return type.startsWith('devops:');
}

/** One way a Forge API may call a product: the method and the scopes of that call. */
export interface ForgeApiCall {
  readonly product: Product;
  readonly method: string;
  readonly classic: readonly string[];
  readonly granular: readonly string[];
}

const jiraProps = (entity: string, write: string): ForgeApiCall[] => [
  { product: 'jira', method: 'GET', classic: ['read:jira-work'], granular: [`read:${entity}.property:jira`] },
  { product: 'jira', method: 'PUT', classic: [write], granular: [`write:${entity}.property:jira`] },
  { product: 'jira', method: 'DELETE', classic: [write], granular: [`delete:${entity}.property:jira`] },
];
const confluenceProps = (entity: 'content' | 'space', extra: readonly string[]): ForgeApiCall[] => [
  { product: 'confluence', method: 'GET', classic: ['read:confluence-props'], granular: [`read:${entity}.property:confluence`, ...extra.map((e) => `read:${e}:confluence`)] },
  ...['PUT', 'POST', 'DELETE'].map((method) => ({
    product: 'confluence' as const,
    method,
    classic: ['write:confluence-props'],
    granular: [`write:${entity}.property:confluence`, ...extra.map((e) => `write:${e}:confluence`)],
  })),
];

/**
 * Forge APIs that call a product for the app, with the scopes each call may need (Forge docs: UI Kit
 * hooks `useIssueProperty`, `useContentProperty`, `useSpaceProperty`; the `properties` API of
 * `@forge/api`; `authorize()`, which checks permissions through the products' REST APIs). The
 * scopes of the calls an app can make count as used; none is demanded (the hooks pick the endpoint).
 */
const FORGE_PRODUCT_APIS: ReadonlyMap<string, readonly ForgeApiCall[]> = new Map([
  ['useIssueProperty', jiraProps('issue', 'write:jira-work')],
  ['properties.onJiraIssue', jiraProps('issue', 'write:jira-work')],
  ['properties.onJiraProject', jiraProps('project', 'manage:jira-project')],
  ['useContentProperty', confluenceProps('content', ['page'])],
  ['properties.onConfluencePage', confluenceProps('content', ['page'])],
  ['useSpaceProperty', confluenceProps('space', ['space'])],
  ['properties.onConfluenceSpace', confluenceProps('space', ['space'])],
  [
    'authorize',
    [
      { product: 'jira', method: 'POST', classic: [], granular: ['read:permission:jira'] },
      { product: 'confluence', method: 'POST', classic: ['read:confluence-content.permission'], granular: ['read:content.permission:confluence'] },
    ],
  ],
]);

/** The calls a Forge API may make (`method` undefined: any of them). */
export function forgeApiCalls(api: string, method?: string): readonly ForgeApiCall[] {
  return (FORGE_PRODUCT_APIS.get(api) ?? []).filter((c) => method === undefined || c.method === method);
}

/** Forge APIs that call products, by name as the code writes them. */
export function isForgeProductApi(api: string): boolean {
  return FORGE_PRODUCT_APIS.has(api);
}

/**
 * Scopes a product event may need (Forge "Atlassian app events" reference: each event names its
 * scopes). `primary` is the scope the issue and page events document; `possible` lists the others an
 * event of that kind may need, which count as used but are never demanded.
 */
export interface EventScopes {
  readonly product: 'jira' | 'confluence';
  readonly primary?: string;
  readonly possible: readonly string[];
}

const EVENT_SCOPES: readonly (readonly [RegExp, EventScopes])[] = [
  [/^avi:jira:[a-z-]+:(?:issue|comment|worklog|attachment|issuelink)$/, { product: 'jira', primary: 'read:jira-work', possible: [] }],
  [/^avi:jira:[a-z-]+:(?:field|issuetype|workflow|filter)(?::|$)/, { product: 'jira', primary: 'read:jira-work', possible: ['read:jira-user', 'manage:jira-configuration'] }],
  [/^avi:jira:[a-z-]+:(?:project|version|component)(?::|$)/, { product: 'jira', primary: 'read:jira-work', possible: ['read:jira-user', 'manage:jira-project', 'manage:jira-configuration'] }],
  [/^avi:jira(?:-software)?:/, { product: 'jira', primary: 'read:jira-work', possible: ['read:jira-user', 'manage:jira-project', 'manage:jira-configuration'] }],
  [/^avi:(?:jira-servicedesk|jsm-entity|jira-service-management):/, { product: 'jira', possible: ['read:jira-work', 'read:jira-user', 'read:servicedesk-request', 'manage:jira-configuration', 'manage:servicedesk-customer'] }],
  [/^avi:confluence:[a-z-]+:(?:page|blogpost|comment|attachment|label|content|custom_content|whiteboard|database)(?::|$)/, { product: 'confluence', primary: 'read:confluence-content.summary', possible: ['read:confluence-content.all', 'read:confluence-props'] }],
  [/^avi:confluence:/, { product: 'confluence', primary: 'read:confluence-content.summary', possible: ['read:confluence-content.all', 'read:confluence-space.summary', 'read:confluence-user', 'read:confluence-groups', 'read:confluence-props'] }],
];

export function eventScopes(event: string): EventScopes | undefined {
  return EVENT_SCOPES.find(([re]) => re.test(event))?.[1];
}

/** Every scope the tables above name: the tool knows what needs them. */
export function knownNeedScopes(): ReadonlySet<string> {
  if (!known) {
    const out = new Set<string>([DATA_PROVIDER_SCOPE]);
    for (const calls of FORGE_PRODUCT_APIS.values()) for (const c of calls) for (const s of [...c.classic, ...c.granular]) out.add(s);
    for (const [, e] of EVENT_SCOPES) for (const s of [...(e.primary ? [e.primary] : []), ...e.possible]) out.add(s);
    known = out;
  }
  return known;
}
let known: ReadonlySet<string> | undefined;

const unionMemo = new Map<string, readonly string[]>();

/**
 * Every scope (classic and granular) some operation of `product` with `method` may need (`method`
 * undefined: any method): what a call whose route is not visible may use. Sorted, shared, cached.
 */
export function scopesOfProduct(product: Product, method: string | undefined): readonly string[] {
  const key = `${product} ${method ?? '*'}`;
  const hit = unionMemo.get(key);
  if (hit) return hit;
  const names = endpoints.scopes;
  const out = new Set<string>();
  for (const row of endpoints.products[product] ?? []) {
    const [m, path, classic, granular] = row as [string, string, number[], number[]];
    if (method !== undefined && m !== method) continue;
    for (const i of [...classic, ...granular]) out.add(names[i] ?? '');
    if (product === 'jira' && isDataProviderPath(path)) out.add(DATA_PROVIDER_SCOPE);
  }
  out.delete('');
  const list = [...out].sort();
  unionMemo.set(key, list);
  return list;
}
