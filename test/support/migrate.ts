import { analyseFile, type AnalyseOptions } from '../../server/src/core/engine';
import { fileKind } from '../../server/src/core/files';
import { applyFix } from '../../server/src/core/fixes';
import type { Finding } from '../../server/src/core/model';
import { assertShortTitle } from './fix-title';

/** The API-token rules whose findings the migration fix removes. */
export const MIGRATED_RULES = new Set(['no-api-token-basic-auth', 'no-api-token-client', 'no-direct-product-fetch']);

export interface MigrationRun {
  readonly files: Map<string, string>;
  /** Fix titles applied, in order. */
  readonly applied: string[];
  /** Findings of the migrated rules left, with the reason in their message. */
  readonly left: Finding[];
}

function forgeRootsOf(files: ReadonlyMap<string, string>): Set<string> {
  const roots = new Set<string>();
  for (const p of files.keys()) if (fileKind(p) === 'manifest') roots.add(p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  return roots;
}

/** Analyses every file of an in-memory workspace. */
export function analyseAll(files: ReadonlyMap<string, string>, options: AnalyseOptions = {}): Finding[] {
  const forgeRoots = forgeRootsOf(files);
  const out: Finding[] = [];
  for (const [p, text] of files) {
    if (!fileKind(p)) continue;
    out.push(...analyseFile(p, text, { forgeRoots, readFile: (q: string) => files.get(q), ...options }).findings);
  }
  return out;
}

/**
 * Applies the first migration fix of each API-token finding, one at a time, re-analysing after each
 * (fixes of one group change the offsets of the others), until none is offered.
 */
export function migrateAll(initial: ReadonlyMap<string, string>, fixIndex = 0): MigrationRun {
  let files = new Map(initial);
  const applied: string[] = [];
  for (let round = 0; round < 50; round++) {
    const target = analyseAll(files).find((f) => MIGRATED_RULES.has(f.ruleId) && f.fixes.length > 0);
    if (!target) break;
    const fix = target.fixes[Math.min(fixIndex, target.fixes.length - 1)];
    if (!fix) break;
    for (const offered of target.fixes) assertShortTitle(offered.title);
    files = applyFix(files, target.file, fix);
    applied.push(`${target.file}: ${fix.title}`);
  }
  return { files, applied, left: analyseAll(files).filter((f) => MIGRATED_RULES.has(f.ruleId)) };
}
