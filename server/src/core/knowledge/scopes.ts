/**
 * Scope names Atlassian defines (`scopes.json`, generated from `@forge/manifest`'s scope lists) and
 * the shape rules Atlassian's docs use: granular scopes have three `:` parts (`read:issue:jira`),
 * classic ones fewer (`read:jira-work`). Admin and manage scopes are the broad ones the "OAuth scope
 * management" clause asks partners to avoid.
 */
import data from './scopes.json';
import { tableScopes } from './endpoints';

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
  return /^(?:manage|admin):/.test(scope) || /:connect-/.test(scope);
}

/** `write:jira-work` → `read:jira-work`, when such a read scope exists. */
export function readCounterpart(scope: string, where: 'forge' | '3lo'): string | undefined {
  if (!scope.startsWith('write:')) return undefined;
  const read = `read:${scope.slice('write:'.length)}`;
  return isKnownScope(read, where) ? read : undefined;
}

function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}

/** The known scope nearest to a misspelt one, when one is close enough to be what was meant. */
export function didYouMean(scope: string, where: 'forge' | '3lo'): string | undefined {
  const s = scope.trim().toLowerCase();
  const known = where === 'forge' ? forgeScopes() : threeLoScopes();
  if (known.has(s)) return s;
  const limit = Math.max(2, Math.floor(s.length / 6));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const k of known) {
    const d = distance(s, k, Math.min(limit, bestD));
    if (d < bestD || (d === bestD && best !== undefined && k < best)) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}
