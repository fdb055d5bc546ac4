import { matchOperations, tableScopes, type Operation, type Product } from '../knowledge/endpoints';
import { forgeScopes, isAdminScope, isGranular, readCounterpart, threeLoScopes } from '../knowledge/scopes';
import type { Located, Manifest } from '../manifest/model';
import type { AppFileUsage } from './index';
import type { FileUsage, ProductCall } from './usage';

/**
 * Declared scopes vs. what the app's code needs (SPEC rules 14–16). An operation is allowed when the
 * manifest declares all of its classic scopes or all of its granular ones (Atlassian's REST docs list
 * both sets per operation). Computed once per manifest + usage and shared by the three rules.
 */

/** Scopes Forge features need, from the Forge docs ("Storage API", "Product events"). */
export const STORAGE_SCOPE = 'storage:app';
const TRIGGER_SCOPES: readonly [RegExp, string][] = [
  [/^avi:jira(?:-software)?:/, 'read:jira-work'],
  [/^avi:confluence:/, 'read:confluence-content.summary'],
];

/** One thing that needs scopes: a call's candidate operation, storage, or a trigger's events. */
export interface Need {
  readonly what: string;
  readonly classic: readonly string[];
  readonly granular: readonly string[];
  /** Where the need comes from: file + call, or the manifest. */
  readonly file?: string;
  readonly call?: ProductCall;
  /** Triggers: Atlassian documents only classic scopes; granular apps are not told to add them. */
  readonly lenient?: boolean;
  /**
   * The path matched several templates (`/rest/api/3/${what}`): every candidate counts as used, but
   * none is demanded, since the code calls only one of them.
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
  readonly kind: 'admin' | 'classic' | 'writeForRead';
  /** Scopes that replace it (empty: remove it). Undefined when no narrower set is known. */
  readonly replacement?: readonly string[];
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

/** The needs of one call: one per candidate operation. Empty with `resolved: false` when unknown. */
export function needsOfCall(call: ProductCall, file?: string): { needs: Need[]; resolved: boolean } {
  if (!call.path) return { needs: [], resolved: false };
  const ops = matchOperations(call.product, call.method, call.path);
  const ambiguous = new Set(ops.map((o) => o.path)).size > 1;
  const needs = ops.map((op) => ({
    what: callLabel(call, op),
    classic: op.classic,
    granular: op.granular,
    call,
    product: call.product,
    ...(file !== undefined ? { file } : {}),
    ...(ambiguous ? { ambiguous } : {}),
  }));
  return { needs, resolved: ops.length > 0 };
}

function subset(a: readonly string[], b: ReadonlySet<string>): boolean {
  return a.length > 0 && a.every((s) => b.has(s));
}

/** Whether the declared scopes allow a need. */
export function allows(declared: ReadonlySet<string>, need: Need): boolean {
  return subset(need.classic, declared) || subset(need.granular, declared);
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
  return computeFor(manifest.scopes?.items ?? [], manifest.modules, usage, 'forge');
}

/**
 * The same assessment for scopes a non-Forge app asks for in code (3LO authorize URLs, scope lists),
 * against the calls of the workspace's non-Forge code (the `api.atlassian.com/ex/…` gateway,
 * jira.js, confluence.js). Undefined when no such call was found: nothing to judge.
 */
export function assessThreeLo(items: readonly Located[], usage: readonly AppFileUsage[]): Assessment | undefined {
  if (!usage.some((u) => u.usage.calls.some((c) => c.path !== undefined))) return undefined;
  return computeFor(items, [], usage, '3lo');
}

function computeFor(items: readonly Located[], modules: Manifest['modules'], usage: readonly AppFileUsage[], where: 'forge' | '3lo'): Assessment {
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
  for (const mod of modules) {
    for (const ev of mod.events) {
      const scope = TRIGGER_SCOPES.find(([re]) => re.test(ev.value))?.[1];
      if (scope) needs.push({ what: `trigger event ${ev.value}`, classic: [scope], granular: [], lenient: true, product: productOfScope(scope) ?? 'jira' });
    }
  }

  const used = new Set<string>();
  const missing = new Map<string, Need[]>();
  for (const need of needs) {
    const classicOk = subset(need.classic, declared);
    const granularOk = subset(need.granular, declared);
    if (classicOk) for (const s of need.classic) used.add(s);
    if (granularOk) for (const s of need.granular) used.add(s);
    if (classicOk || granularOk) continue;
    for (const s of [...need.classic, ...need.granular]) if (declared.has(s)) used.add(s);
    if (need.ambiguous || (need.lenient && [...declared].some((s) => productOfScope(s) === need.product))) continue;
    for (const s of scopesToAdd(declared, need)) {
      const list = missing.get(s);
      if (list) list.push(need);
      else missing.set(s, [need]);
    }
  }

  const known = tableScopes();
  const judgeable = (s: string): boolean => {
    const p = productOfScope(s);
    if (p === undefined || unresolved.has(p)) return false;
    return known.has(s) || s === STORAGE_SCOPE || TRIGGER_SCOPES.some(([, t]) => t === s);
  };

  const broad: BroadScope[] = [];
  const writeForRead = new Set<string>();
  for (const item of items) {
    const s = item.value;
    if (isAdminScope(s)) {
      const users = needs.filter((n) => n.classic.includes(s) && subset(n.classic, declared));
      // Unused admin scopes get their removal from no-unused-scope; used ones a narrower set when known.
      const narrower = users.length > 0 && users.every((n) => n.granular.length > 0) ? union(users.map((n) => n.granular)).filter((g) => !declared.has(g)) : undefined;
      broad.push({ item, kind: 'admin', ...(narrower ? { replacement: narrower } : {}) });
      continue;
    }
    if (!isGranular(s) && used.has(s)) {
      const users = needs.filter((n) => n.classic.includes(s) && subset(n.classic, declared));
      if (users.length > 0 && users.every((n) => n.granular.length > 0) && !unresolved.has(productOfScope(s) ?? 'jira')) {
        broad.push({ item, kind: 'classic', replacement: union(users.map((n) => n.granular)).filter((g) => !declared.has(g)) });
      }
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

function union(lists: readonly (readonly string[])[]): string[] {
  const out = new Set<string>();
  for (const l of lists) for (const s of l) out.add(s);
  return [...out].sort();
}
