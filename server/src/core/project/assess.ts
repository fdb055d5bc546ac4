import { matchOperations, tableScopes, type Operation, type Product } from '../knowledge/endpoints';
import {
  DATA_PROVIDER_SCOPE,
  eventScopes,
  forgeApiCalls,
  forgeScopes,
  isAdminScope,
  isConnectScope,
  isDataProviderPath,
  isDevopsModule,
  isGranular,
  knownNeedScopes,
  readCounterpart,
  scopesOfProduct,
  threeLoScopes,
} from '../knowledge/scopes';
import type { Located, Manifest } from '../manifest/model';
import type { AppFileUsage } from './index';
import type { FileUsage, ProductCall } from './usage';

/**
 * Declared scopes vs. what the app's code needs (SPEC rules 14–16). An operation is allowed when the
 * manifest declares all of its classic scopes or all of its granular ones (Atlassian's REST docs list
 * both sets per operation). Computed once per manifest + usage and shared by the three rules.
 *
 * Sound, never guessing: a call whose route is known only in part uses every scope an operation it
 * can match needs (a route not visible at all: every operation of the product with that method), and
 * so do Forge APIs that call products for the app, triggers and modules. Such "may need" scopes
 * count as used; only what a call certainly needs is demanded.
 */

/** The scope of Forge storage (Forge docs, "Storage API"). */
export const STORAGE_SCOPE = 'storage:app';

/** A top-level `connectModules` or an `app.connect` key: a Connect app on Forge, which uses Connect scopes. */
const CONNECT_ON_FORGE = /^connectModules[ \t]*:|^[ \t]+connect[ \t]*:[ \t]*(?:#.*)?$/m;

/** One thing that needs scopes: a call's candidate operation, storage, or a trigger's events. */
export interface Need {
  readonly what: string;
  readonly classic: readonly string[];
  readonly granular: readonly string[];
  /** A third set that also allows the call (`manage:jira-data-provider` for the data-provider APIs). */
  readonly alt?: readonly string[];
  /** Where the need comes from: file + call, or the manifest. */
  readonly file?: string;
  readonly call?: ProductCall;
  /** Triggers: Atlassian documents only classic scopes; granular apps are not told to add them. */
  readonly lenient?: boolean;
  /**
   * A need the call may have, not one it certainly has: the path matched several templates
   * (`/rest/api/3/${what}`), the route is not visible, or a Forge API, event or module may need it.
   * Its scopes count as used, none is demanded.
   */
  readonly ambiguous?: boolean;
  readonly product?: Product | 'storage';
}

export interface MissingScope {
  readonly scope: string;
  readonly needs: readonly Need[];
}

export interface BroadScope {
  readonly item: Located;
  /** An admin or Connect scope nothing needs, or a `write:` scope where the code only reads. */
  readonly kind: 'admin' | 'writeForRead';
  /** Scopes that replace it (empty: remove it). */
  readonly replacement: readonly string[];
}

export interface Assessment {
  readonly unused: readonly Located[];
  readonly missing: readonly MissingScope[];
  readonly broad: readonly BroadScope[];
  readonly used: ReadonlySet<string>;
}

/** The product a scope name belongs to, from its shape (`read:issue:jira`, `read:jira-work`). */
export function productOfScope(scope: string): Product | 'storage' | undefined {
  if (scope === STORAGE_SCOPE) return 'storage';
  if (/:jira(?:-software|-service-management)?$|jira-|servicedesk/.test(scope)) return 'jira';
  if (/:confluence$|confluence/.test(scope)) return 'confluence';
  if (/bitbucket$/.test(scope)) return 'bitbucket';
  return undefined;
}

function callLabel(call: ProductCall, op?: Operation): string {
  return `${op?.method ?? call.method ?? '*'} ${call.path ?? '(route decided at run time)'}`;
}

/**
 * The needs of one call: one per candidate operation. A Forge API's needs come from the knowledge
 * table; a call whose route is not visible, or matches no documented operation, may need any scope of
 * an operation of its product with its method (`resolved: false`: the table cannot tell more).
 */
export function needsOfCall(call: ProductCall, file?: string): { needs: Need[]; resolved: boolean } {
  const base = { call, product: call.product, ...(file !== undefined ? { file } : {}) };
  if (call.api) {
    const needs = forgeApiCalls(call.api, call.method)
      .filter((c) => c.product === call.product)
      .map((c) => ({ ...base, what: `${call.api} (${c.method})`, classic: c.classic, granular: c.granular, ambiguous: true }));
    return { needs, resolved: true };
  }
  const ops = call.path ? matchOperations(call.product, call.method, call.path) : [];
  if (ops.length === 0) {
    // One shared list (classic and granular names together): it only ever marks scopes used.
    const classic = scopesOfProduct(call.product, call.method);
    return { needs: [{ ...base, what: callLabel(call), classic, granular: [], ambiguous: true }], resolved: false };
  }
  const ambiguous = new Set(ops.map((o) => o.path)).size > 1;
  const needs = ops.map((op) => ({
    ...base,
    what: callLabel(call, op),
    classic: op.classic,
    granular: op.granular,
    ...(call.product === 'jira' && isDataProviderPath(op.path) ? { alt: [DATA_PROVIDER_SCOPE] } : {}),
    ...(ambiguous ? { ambiguous } : {}),
  }));
  return { needs, resolved: true };
}

function subset(a: readonly string[], b: ReadonlySet<string>): boolean {
  return a.length > 0 && a.every((s) => b.has(s));
}

/** Whether the declared scopes allow a need. */
export function allows(declared: ReadonlySet<string>, need: Need): boolean {
  return subset(need.classic, declared) || subset(need.granular, declared) || subset(need.alt ?? [], declared);
}

/** The scopes to add for a need the manifest does not allow: follow the manifest's style. */
export function scopesToAdd(declared: ReadonlySet<string>, need: Need): string[] {
  const granularStyle = [...declared].some((s) => isGranular(s) && productOfScope(s) === need.product);
  const prefer = granularStyle && need.granular.length > 0 ? need.granular : need.classic.length > 0 ? need.classic : need.granular;
  return prefer.filter((s) => !declared.has(s));
}

const memo = new WeakMap<Manifest, WeakMap<readonly AppFileUsage[], Assessment>>();

export function assess(manifest: Manifest, usage: readonly AppFileUsage[]): Assessment {
  let inner = memo.get(manifest);
  const hit = inner?.get(usage);
  if (hit) return hit;
  const result = compute(manifest, usage);
  if (!inner) memo.set(manifest, (inner = new WeakMap()));
  inner.set(usage, result);
  return result;
}

/** Needs per file usage: after an edit only the edited file's calls are looked up again. */
const needsCache = new WeakMap<FileUsage, { path: string; needs: Need[]; unresolved: Set<Product> }>();

function compute(manifest: Manifest, usage: readonly AppFileUsage[]): Assessment {
  return computeFor(manifest.scopes?.items ?? [], manifest, usage, 'forge');
}

/**
 * The same assessment for scopes a non-Forge app asks for in code (3LO authorize URLs, scope lists),
 * against the calls of the workspace's non-Forge code (the `api.atlassian.com/ex/…` gateway,
 * jira.js, confluence.js). Undefined when no such call was found: nothing to judge.
 */
export function assessThreeLo(items: readonly Located[], usage: readonly AppFileUsage[]): Assessment | undefined {
  if (!usage.some((u) => u.usage.calls.some((c) => c.path !== undefined))) return undefined;
  return computeFor(items, undefined, usage, '3lo');
}

/** What the manifest's modules need: product-event triggers, `devops:*` modules, Connect modules. */
function moduleNeeds(manifest: Manifest): Need[] {
  const needs: Need[] = [];
  for (const mod of manifest.modules) {
    for (const ev of mod.events) {
      const e = eventScopes(ev.value);
      if (!e) continue;
      const what = `trigger event ${ev.value}`;
      // Atlassian documents classic scopes for events; granular apps are not told to add them.
      if (e.primary) needs.push({ what, classic: [e.primary], granular: [], lenient: true, product: e.product });
      if (e.possible.length > 0) needs.push({ what, classic: e.possible, granular: [], ambiguous: true, product: e.product });
    }
    if (isDevopsModule(mod.type)) needs.push({ what: `module ${mod.type}`, classic: [DATA_PROVIDER_SCOPE], granular: [], ambiguous: true, product: 'jira' });
  }
  if (CONNECT_ON_FORGE.test(manifest.text)) {
    const connect = (manifest.scopes?.items ?? []).map((i) => i.value).filter(isConnectScope);
    if (connect.length > 0) needs.push({ what: 'Connect modules', classic: connect, granular: [], ambiguous: true });
  }
  return needs;
}

function computeFor(items: readonly Located[], manifest: Manifest | undefined, usage: readonly AppFileUsage[], where: 'forge' | '3lo'): Assessment {
  const declared = new Set(items.map((i) => i.value));
  const needs: Need[] = [];
  const unresolved = new Set<Product | 'storage'>();
  for (const { path, usage: u } of usage) {
    const known = needsCache.get(u);
    const perFile = known?.path === path ? known : { path, needs: [] as Need[], unresolved: new Set<Product>() };
    if (perFile !== known) {
      for (const call of u.calls) {
        const r = needsOfCall(call, path);
        if (!r.resolved) perFile.unresolved.add(call.product);
        perFile.needs.push(...r.needs);
      }
      needsCache.set(u, perFile);
    }
    for (const p of perFile.unresolved) unresolved.add(p);
    needs.push(...perFile.needs);
    if (u.storage) needs.push({ what: 'Forge storage (kvs)', classic: [STORAGE_SCOPE], granular: [], product: 'storage', file: path });
  }
  if (manifest) needs.push(...moduleNeeds(manifest));

  const used = new Set<string>();
  const missing = new Map<string, Need[]>();
  for (const need of needs) {
    const sets = [need.classic, need.granular, need.alt ?? []];
    const ok = sets.filter((set) => subset(set, declared));
    for (const set of ok) for (const s of set) used.add(s);
    if (ok.length > 0) continue;
    for (const set of sets) for (const s of set) if (declared.has(s)) used.add(s);
    if (need.ambiguous || (need.lenient && [...declared].some((s) => productOfScope(s) === need.product))) continue;
    for (const s of scopesToAdd(declared, need)) {
      const list = missing.get(s);
      if (list) list.push(need);
      else missing.set(s, [need]);
    }
  }

  // The endpoint table's scopes are judged against every call (a call the table cannot place uses
  // each scope its product's operations need); other scopes the tool knows are judged only while
  // every call of their product is placed: an undocumented endpoint may need them.
  const table = tableScopes();
  const judgeable = (s: string): boolean => {
    const p = productOfScope(s);
    if (p === undefined || isConnectScope(s)) return false;
    if (table.has(s) || s === STORAGE_SCOPE) return true;
    return knownNeedScopes().has(s) && !unresolved.has(p);
  };

  const broad: BroadScope[] = [];
  const writeForRead = new Set<string>();
  for (const item of items) {
    const s = item.value;
    if (isAdminScope(s)) {
      // An admin or Connect scope is broad only when nothing needs it (SPEC rule 14): Connect scopes
      // serve Connect modules; the others, the calls and modules the tables know.
      const needed = used.has(s) || (isConnectScope(s) ? where === 'forge' && manifest !== undefined && CONNECT_ON_FORGE.test(manifest.text) : !judgeable(s));
      if (!needed) broad.push({ item, kind: 'admin', replacement: [] });
      continue;
    }
    const read = readCounterpart(s, where);
    // `write:` declared where the code only reads: the fix swaps it for the `read:` scope it lacks.
    if (read && !declared.has(read) && !used.has(s) && judgeable(s) && missing.has(read)) {
      writeForRead.add(s);
      missing.delete(read);
      broad.push({ item, kind: 'writeForRead', replacement: [read] });
    }
  }

  const unused = items.filter((i) => !used.has(i.value) && judgeable(i.value) && !writeForRead.has(i.value) && (where === 'forge' ? forgeScopes() : threeLoScopes()).has(i.value));
  return { unused, missing: [...missing].map(([scope, n]) => ({ scope, needs: n })), broad, used };
}
