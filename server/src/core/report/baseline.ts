import { createHash } from 'crypto';
import * as path from 'path';
import type { Finding } from '../model';
import { scrubSecrets } from '../redact';
import { NO_SUCH_FILE, readInsideRoot, readRegularFile } from '../safe-read';
import { normaliseLine } from './sarif';
import { BASELINE_FORMAT, compareFindings } from './shared';

export { BASELINE_FORMAT };

/**
 * Baselines: the findings a team accepts for now, so CI and the editor report only new ones. The file
 * stores, per finding, its rule id, its file, a fingerprint and a count: never a message and never code.
 * The fingerprint hashes the rule id and the finding's line with the finding's own span, string contents
 * and long token-like runs erased (the SARIF fingerprint's normalisation), so it survives lines moving
 * and never holds a secret; the file path is not in it, so a renamed file still matches.
 */

/** Bumped when the fingerprint or the file shape changes: an older tool refuses a newer file. */
export const BASELINE_VERSION = 1;
/** A baseline of 100,000 findings is ~12 MB; a bigger file (or `/dev/zero`) is refused before it fills memory. */
export const MAX_BASELINE_BYTES = 20 * 1024 * 1024;

const FINGERPRINT = /^[0-9a-f]{32}$/;

/** One accepted finding kind in one file: `count` findings of `ruleId` in `file` share `fingerprint`. */
export interface BaselineEntry {
  readonly ruleId: string;
  /** Workspace-relative path, forward slashes (redacted if a file name held a secret). */
  readonly file: string;
  readonly fingerprint: string;
  readonly count: number;
}

export interface Baseline {
  /** Sorted by file, rule id, fingerprint; one entry per key. */
  readonly entries: readonly BaselineEntry[];
}

/** The 1-based line of a workspace-relative file, as the analysis read it; undefined when unreadable. */
export type LineText = (file: string, line: number) => string | undefined;

/** A baseline file that cannot be used: missing, too big, not JSON, not a baseline, or a newer version. */
export class BaselineError extends Error {}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The finding's fingerprint: rule id + its normalised line (or, when the line cannot be read, its
 * already-redacted message). No path: a renamed file keeps its fingerprints.
 */
export function findingFingerprint(f: Finding, lineText?: LineText): string {
  const line = lineText?.(f.file, f.start.line);
  const basis = line === undefined ? `message:${scrubSecrets(f.message)}` : `line:${normaliseLine(line, f)}`;
  return sha256(`${f.ruleId}\n${basis}`).slice(0, 32);
}

function keyOf(ruleId: string, file: string, fingerprint: string): string {
  return `${ruleId}\u0000${file}\u0000${fingerprint}`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint);
}

/** Code-unit order, never the locale's: the file is byte-identical on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entriesFrom(counts: ReadonlyMap<string, BaselineEntry>): BaselineEntry[] {
  return [...counts.values()].sort(compareEntries);
}

/** The baseline of an audit's findings. */
export function createBaseline(findings: readonly Finding[], lineText?: LineText): Baseline {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const file = scrubSecrets(f.file);
    const fingerprint = findingFingerprint(f, lineText);
    const key = keyOf(f.ruleId, file, fingerprint);
    byKey.set(key, { ruleId: f.ruleId, file, fingerprint, count: (byKey.get(key)?.count ?? 0) + 1 });
  }
  return { entries: entriesFrom(byKey) };
}

/** The file's text: one entry a line, sorted, no date or tool version, so it only changes when findings do. */
export function formatBaseline(baseline: Baseline): string {
  const lines = baseline.entries.map((e) => `    ${JSON.stringify({ ruleId: e.ruleId, file: e.file, fingerprint: e.fingerprint, count: e.count })}`);
  const body = lines.length > 0 ? `[\n${lines.join(',\n')}\n  ]` : '[]';
  return `{\n  "format": "${BASELINE_FORMAT}",\n  "version": ${BASELINE_VERSION},\n  "findings": ${body}\n}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.getOwnPropertyDescriptor(record, key)?.value;
}

/** Parses a baseline file's text; `name` is how messages call the file. Throws {@link BaselineError}. */
export function parseBaseline(text: string, name: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // V8's message may quote the text: never echoed.
    throw new BaselineError(`baseline ${name} is not valid JSON (write one with --write-baseline)`);
  }
  if (!isRecord(json) || own(json, 'format') !== BASELINE_FORMAT) {
    throw new BaselineError(`${name} is not a Marketplace Guard baseline (write one with --write-baseline)`);
  }
  const version = own(json, 'version');
  if (version !== BASELINE_VERSION) {
    const newer = typeof version === 'number' && version > BASELINE_VERSION;
    throw new BaselineError(
      newer
        ? `baseline ${name} has version ${version}, written by a newer Marketplace Guard; this one reads version ${BASELINE_VERSION}`
        : `baseline ${name}: "version" must be ${BASELINE_VERSION}`,
    );
  }
  const findings = own(json, 'findings');
  if (!Array.isArray(findings)) throw new BaselineError(`baseline ${name}: "findings" must be an array`);
  const byKey = new Map<string, BaselineEntry>();
  findings.forEach((raw: unknown, i) => {
    const where = `baseline ${name}: findings[${i}]`;
    if (!isRecord(raw)) throw new BaselineError(`${where} must be an object`);
    const ruleId = own(raw, 'ruleId');
    const file = own(raw, 'file');
    const fingerprint = own(raw, 'fingerprint');
    const count = own(raw, 'count');
    if (typeof ruleId !== 'string' || ruleId === '') throw new BaselineError(`${where}.ruleId must be a rule id`);
    if (typeof file !== 'string' || file === '') throw new BaselineError(`${where}.file must be a path`);
    if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) throw new BaselineError(`${where}.fingerprint must be 32 hex digits`);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new BaselineError(`${where}.count must be a whole number ≥ 1`);
    const key = keyOf(ruleId, file, fingerprint);
    byKey.set(key, { ruleId, file, fingerprint, count: (byKey.get(key)?.count ?? 0) + count });
  });
  return { entries: entriesFrom(byKey) };
}

/**
 * Reads a baseline file. `root`: the file must be a regular file inside that folder (a path named in a
 * workspace's `.marketplace-guard.json`); without, a path the user typed, anywhere. Throws
 * {@link BaselineError} with one clear sentence.
 */
export function loadBaselineFile(file: string, root?: string): Baseline {
  const limits = { max: MAX_BASELINE_BYTES, label: '20 MiB' };
  const abs = root === undefined ? path.resolve(file) : path.resolve(root, file);
  const read = root === undefined ? readRegularFile(abs, limits) : readInsideRoot(root, abs, limits);
  if (!Buffer.isBuffer(read)) {
    const why = read.skip === 'unreadable (ENOENT)' ? NO_SUCH_FILE : read.skip;
    throw new BaselineError(`cannot read baseline ${file}: ${why}${why === NO_SUCH_FILE ? ' (write one with --write-baseline)' : ''}`);
  }
  return parseBaseline(read.toString('utf8'), file);
}

/** A baseline ready for matching many files: entries by key and by rule + fingerprint, built once. */
export interface BaselineIndex {
  readonly entries: readonly BaselineEntry[];
  /** Findings the baseline holds (the sum of the counts). */
  readonly total: number;
  readonly byKey: ReadonlyMap<string, BaselineEntry>;
  readonly byFingerprint: ReadonlyMap<string, readonly BaselineEntry[]>;
}

export function indexBaseline(baseline: Baseline): BaselineIndex {
  const byKey = new Map<string, BaselineEntry>();
  const byFingerprint = new Map<string, BaselineEntry[]>();
  let total = 0;
  for (const e of baseline.entries) {
    byKey.set(keyOf(e.ruleId, e.file, e.fingerprint), e);
    const k = `${e.ruleId}\u0000${e.fingerprint}`;
    const list = byFingerprint.get(k);
    if (list) list.push(e);
    else byFingerprint.set(k, [e]);
    total += e.count;
  }
  return { entries: baseline.entries, total, byKey, byFingerprint };
}

/** How an audit compares with a baseline. */
export interface BaselineMatch {
  /** Findings the baseline does not hold: the ones to report. */
  readonly fresh: Finding[];
  /** Findings the baseline holds. */
  readonly matched: Finding[];
  /** Baseline findings no longer found (fixed, or their code removed): meaningful for a whole audit. */
  readonly gone: number;
}

export interface MatchOptions {
  readonly lineText?: LineText;
  /**
   * Whether a baseline entry's file still exists: entries of files that are gone (renamed, moved) match
   * findings of the same rule and fingerprint in any file; entries of existing files only their own file's.
   */
  readonly fileExists: (file: string) => boolean;
}

/**
 * Splits findings into new and baseline ones. Each baseline entry matches at most `count` findings with
 * its rule, file and fingerprint (identical lines are counted, so a second copy of an accepted line is
 * new); findings left over then match entries of the same rule and fingerprint whose file is gone.
 * Costs O(findings): the editor matches each file on its own against an index built once.
 */
export function matchBaseline(findings: readonly Finding[], baseline: Baseline | BaselineIndex, options: MatchOptions): BaselineMatch {
  const index = 'byKey' in baseline ? baseline : indexBaseline(baseline);
  const used = new Map<string, number>();
  const left = (e: BaselineEntry, key: string): number => e.count - (used.get(key) ?? 0);
  const take = (key: string): void => {
    used.set(key, (used.get(key) ?? 0) + 1);
  };
  const matched = new Set<Finding>();
  const leftovers: { finding: Finding; fingerprint: string }[] = [];
  for (const f of [...findings].sort(compareFindings)) {
    const fingerprint = findingFingerprint(f, options.lineText);
    const key = keyOf(f.ruleId, scrubSecrets(f.file), fingerprint);
    const entry = index.byKey.get(key);
    if (entry && left(entry, key) > 0) {
      take(key);
      matched.add(f);
    } else {
      leftovers.push({ finding: f, fingerprint });
    }
  }
  // Renamed files: entries of the same rule and fingerprint whose file no longer exists, in file order.
  const exists = new Map<string, boolean>();
  const fileExists = (file: string): boolean => {
    let known = exists.get(file);
    if (known === undefined) exists.set(file, (known = options.fileExists(file)));
    return known;
  };
  for (const { finding, fingerprint } of leftovers) {
    for (const e of index.byFingerprint.get(`${finding.ruleId}\u0000${fingerprint}`) ?? []) {
      const key = keyOf(e.ruleId, e.file, e.fingerprint);
      if (left(e, key) === 0 || fileExists(e.file)) continue;
      take(key);
      matched.add(finding);
      break;
    }
  }
  return { fresh: findings.filter((f) => !matched.has(f)), matched: findings.filter((f) => matched.has(f)), gone: index.total - matched.size };
}
