import { performance } from 'perf_hooks';
import type * as ts from 'typescript';

/**
 * The analysis in progress on this thread: its deadline (the per-file budget, checked cooperatively
 * inside long loops, not only between rules), the evaluation bounds it hit (reported to the user,
 * never silent), and the lifetime of every cache keyed on syntax nodes.
 *
 * Why node caches need a lifetime: `ts.updateSourceFile` (the language server's incremental parse)
 * reuses the nodes of the old tree that the edit did not touch. A value memoised on such a node
 * (`base + '/rest/api/3/myself'` evaluated when `base` was a GitHub URL) would survive the edit of
 * `base` itself and hide the new finding. Node caches are therefore valid for one epoch: a new
 * analysis, or an incremental update of any tree, starts a new one, and every {@link NodeMemo}
 * drops what it holds on first use in the new epoch.
 */

/** Thrown by {@link checkBudget} past the deadline; the engine turns it into a `budget` failure. */
export class BudgetExceeded extends Error {
  constructor() {
    super('per-file budget exceeded');
  }
}

/** Where a value stopped being followed because a bound was hit. */
export interface BoundHit {
  /** The expression a rule asked about (the top-level question). */
  readonly node: ts.Node;
  readonly reason: 'work' | 'depth';
}

interface Session {
  readonly deadline: number;
  stopped: boolean;
  readonly bounds: BoundHit[];
  readonly boundNodes: Set<ts.Node>;
}

/** Bound hits kept per analysis: the first ones are what the user needs to see. */
const MAX_BOUND_HITS = 16;

let current: Session | undefined;
let epoch = 0;
let ticks = 0;

/** Starts a new cache epoch: every node-keyed memo forgets what it held. */
export function invalidateNodeCaches(): void {
  epoch++;
}

/**
 * Runs one file's analysis: a fresh cache epoch, a deadline (absolute, `performance.now()` clock),
 * and a record of the bounds hit. Re-entrant: an inner analysis has its own record.
 */
export function runAnalysis<T>(deadline: number, fn: (hits: () => readonly BoundHit[]) => T): T {
  const outer = current;
  const session: Session = { deadline, stopped: false, bounds: [], boundNodes: new Set() };
  current = session;
  epoch++;
  try {
    return fn(() => session.bounds);
  } finally {
    current = outer;
    // A stopped analysis may have left half-built entries (placeholders of recursive summaries).
    if (session.stopped) epoch++;
  }
}

/**
 * Cooperative budget check for long loops and recursive walks: cheap (the clock is read every 256
 * calls), and sticky (once past the deadline every later call throws at once, so code that
 * swallows the error cannot keep the analysis running).
 */
export function checkBudget(): void {
  const s = current;
  if (!s) return;
  if (s.stopped) throw new BudgetExceeded();
  if ((++ticks & 255) !== 0) return;
  if (performance.now() > s.deadline) {
    s.stopped = true;
    throw new BudgetExceeded();
  }
}

/** Whether the current analysis was stopped at its budget. */
export function budgetStopped(): boolean {
  return current?.stopped === true;
}

/** Records that a value was cut short at `node`; the engine tells the user. */
export function noteBound(node: ts.Node, reason: BoundHit['reason']): void {
  const s = current;
  if (!s || s.bounds.length >= MAX_BOUND_HITS || s.boundNodes.has(node)) return;
  s.boundNodes.add(node);
  s.bounds.push({ node, reason });
}

/**
 * A memo keyed on syntax nodes (or other tree-owned objects) that never outlives its epoch: see the
 * module comment. Use it instead of a module-level `WeakMap` for anything computed from more than
 * the key's own subtree.
 */
export class NodeMemo<K extends object, V> {
  private map = new WeakMap<K, V>();
  private at = -1;

  private live(): WeakMap<K, V> {
    if (this.at !== epoch) {
      this.map = new WeakMap();
      this.at = epoch;
    }
    return this.map;
  }

  get(key: K): V | undefined {
    return this.live().get(key);
  }

  has(key: K): boolean {
    return this.live().has(key);
  }

  set(key: K, value: V): void {
    this.live().set(key, value);
  }
}
