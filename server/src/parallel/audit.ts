import * as fs from 'fs';
import * as os from 'os';
import { Worker } from 'worker_threads';
import { DEFAULT_CONFIG, type GuardConfig } from '../core/config';
import { analyseDiscovered, assembleAudit, AuditContext, planAudit, type AuditPlan, type AuditResult, type DiscoveredFile, type FileOutcome } from '../core/workspace';
import { heapGuard } from './memory';
import { isBatchReply, type BatchRequest, type SetupMessage, type WorkerSetup } from './protocol';

export interface ParallelOptions {
  /** Path of the worker bundle (dist/audit-worker.js); without it the audit runs on this thread. */
  readonly workerScript?: string;
  /** Threads in all, this one included (default: {@link defaultThreads}). */
  readonly threads?: number;
  /** Below this many files, starting workers costs more than it saves. */
  readonly minFiles?: number;
  /** Files per batch. */
  readonly batchSize?: number;
}

/** Measured with `npm run bench`: a worker costs ~0.2 s to start (it loads TypeScript). */
export const DEFAULT_MIN_FILES = 400;
const DEFAULT_BATCH = 24;
/** Batches handed to a worker ahead of time, so it never waits for the busy main thread. */
const AHEAD = 3;
/** Longest stretch the language server's main thread analyses without answering the editor. */
const DEFAULT_SLICE_MS = 15;

/**
 * One CPU is left to the rest of the machine. On 2 vCPUs that means one thread: there, with other
 * jobs running, 2 threads measured 1.15-1.3x slower than 1 on the 5,000-file bench workspace
 * (2026-12-01), so workers only start where there are CPUs to spare.
 */
export function defaultThreads(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return n <= 2 ? 1 : Math.min(8, n - 1);
}

/**
 * Audits on worker threads when it pays: the main thread discovers the files, then it and
 * `threads - 1` workers analyse batches of them; outcomes are put back in discovery order, so the
 * result equals the serial `audit()` exactly. The cross-file step (usage → deferred code and manifests)
 * runs afterwards, on this thread.
 */
export async function auditParallel(root: string, config: GuardConfig = DEFAULT_CONFIG, only?: readonly string[], options: ParallelOptions = {}): Promise<AuditResult> {
  const threads = options.threads ?? defaultThreads();
  const script = options.workerScript;
  // Workers start first: each spends ~0.2 s loading TypeScript, which overlaps discovery here.
  const workers: Started[] = threads > 1 && script && fs.existsSync(script) ? Array.from({ length: threads - 1 }, () => start(script)) : [];
  try {
    const plan = planAudit(root, config, only);
    const files = plan.found.files;
    const ctx = new AuditContext(plan.setup);
    const analyse = guarded(ctx);
    if (workers.length === 0 || files.length < (options.minFiles ?? DEFAULT_MIN_FILES)) {
      return assembleAudit(plan, files.map(analyse), ctx);
    }
    const outcomes = await analyseBatches(workers, plan.setup, files, analyse, { size: options.batchSize ?? DEFAULT_BATCH, main: 'turns' });
    return assembleAudit(plan, outcomes ?? [], ctx);
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/**
 * `MARKETPLACE_GUARD_THREADS=N` sets the analysing threads of an audit, the CLI's and the language
 * server's (1: no worker thread, whatever the size); the bench and the tests use it to compare serial
 * and parallel runs. Default: the machine's parallelism ({@link defaultThreads}).
 */
export function threadsSetting(env: NodeJS.ProcessEnv = process.env): Pick<ParallelOptions, 'threads' | 'minFiles'> {
  const raw = env['MARKETPLACE_GUARD_THREADS'];
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(n) && n >= 1 ? { threads: n, minFiles: n > 1 ? 0 : Infinity } : {};
}

/** What the language server's audit adds to the CLI's: results as they come, progress, cancel, a free main thread. */
export interface BackgroundOptions extends ParallelOptions {
  /**
   * Analysing threads, all of them workers (default: {@link defaultThreads}, the CLI's count): the
   * main thread keeps serving the editor. Without workers it analyses in short slices itself.
   */
  readonly threads?: number;
  /** Outcomes of a batch of files as it is done (any order); `deferred` ones are final only in the result. */
  readonly onOutcomes?: (outcomes: readonly FileOutcome[]) => void;
  /** Stops the audit at the next batch or slice: the result is then undefined. */
  readonly signal?: AbortSignal;
  /** What the audit runs on, and why on this thread after all (no worker bundle, a worker failed). */
  readonly log?: (message: string) => void;
  /** Longest stretch this thread analyses before it yields to the event loop. */
  readonly sliceMs?: number;
}

/**
 * The CLI's parallel audit for a process that must stay responsive (the language server): the same
 * per-file step, batches and cross-file step, so the result equals `auditParallel`'s exactly; but the
 * files are analysed on `threads` workers while this thread only gathers outcomes. Below `minFiles`,
 * or when no worker can start or one dies, this thread analyses the remaining files in slices of
 * `sliceMs`, yielding between them. Resolves undefined when cancelled.
 */
export async function auditInBackground(plan: AuditPlan, options: BackgroundOptions = {}): Promise<AuditResult | undefined> {
  const files = plan.found.files;
  const ctx = new AuditContext(plan.setup);
  const threads = options.threads ?? defaultThreads();
  const log = options.log ?? (() => undefined);
  const workers: Started[] = [];
  if (files.length >= (options.minFiles ?? DEFAULT_MIN_FILES) && threads >= 1) {
    const script = options.workerScript;
    if (!script || !fs.existsSync(script)) log(`Auditing on the main thread: the worker bundle ${script ?? '(none)'} is missing.`);
    else {
      try {
        for (let i = 0; i < threads; i++) workers.push(start(script));
        log(`Auditing ${files.length} files on ${threads} worker thread${threads === 1 ? '' : 's'}.`);
      } catch (err) {
        log(`Auditing on the main thread: worker threads cannot start (${err instanceof Error ? err.message : String(err)}).`);
      }
    }
  }
  try {
    const outcomes = await analyseBatches(workers, plan.setup, files, guarded(ctx), {
      size: options.batchSize ?? DEFAULT_BATCH,
      main: 'fallback',
      sliceMs: options.sliceMs ?? DEFAULT_SLICE_MS,
      ...(options.onOutcomes ? { onOutcomes: options.onOutcomes } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      lost: (reason) => log(`An audit worker stopped (${reason}); its files are analysed on ${workers.length > 1 ? 'the other threads' : 'the main thread'}.`),
    });
    if (outcomes === undefined || options.signal?.aborted) return undefined;
    return assembleAudit(plan, outcomes, ctx);
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/** The per-file step with the heap kept in check (see memory.ts). */
function guarded(ctx: AuditContext): (f: DiscoveredFile) => FileOutcome {
  const guard = heapGuard();
  return (f) => {
    const outcome = analyseDiscovered(f, ctx);
    guard();
    return outcome;
  };
}

interface Started {
  readonly worker: Worker;
  /** An error the worker raised before it was given work (e.g. its bundle failed to load). */
  error?: Error;
}

/**
 * A worker's stack, below the main thread's (V8's default, ~1 MB): a file nested deeply enough to
 * overflow the main thread's stack overflows a worker's too, and a file that overflows a worker's is
 * analysed again on the main thread ({@link overflowed}). With Node's default 4 MB, a worker parsed
 * files the main thread gives up on, and the findings depended on the thread a file landed on.
 */
const WORKER_STACK_MB = 1;

/** An outcome a worker cut short for lack of stack: the main thread's result is the one reported. */
function overflowed(o: FileOutcome): boolean {
  return o.failures.some((f) => /stack overflow|nested too deeply/.test(f.message));
}

/** Starts a worker with an error listener at once: an 'error' with none would crash the process. */
function start(script: string): Started {
  const started: Started = { worker: new Worker(script, { resourceLimits: { stackSizeMb: WORKER_STACK_MB } }) };
  started.worker.on('error', (err) => {
    started.error ??= err;
  });
  return started;
}

interface BatchRun {
  readonly size: number;
  /**
   * 'turns' (CLI): this thread analyses a batch per turn of the event loop beside the workers, and a
   * failed worker fails the audit. 'fallback' (language server): this thread analyses nothing while a
   * worker lives; a failed worker's batches go back to the queue, and when none is left this thread
   * takes over in slices of `sliceMs`.
   */
  readonly main: 'turns' | 'fallback';
  readonly sliceMs?: number;
  readonly onOutcomes?: (outcomes: readonly FileOutcome[]) => void;
  readonly signal?: AbortSignal;
  readonly lost?: (reason: string) => void;
}

/** Batches of files shared between the workers and this thread; outcomes come back in file order (undefined: cancelled). */
async function analyseBatches(
  started: readonly Started[],
  setup: WorkerSetup,
  files: readonly DiscoveredFile[],
  analyse: (f: DiscoveredFile) => FileOutcome,
  run: BatchRun,
): Promise<FileOutcome[] | undefined> {
  const batches: DiscoveredFile[][] = [];
  for (let i = 0; i < files.length; i += run.size) batches.push(files.slice(i, i + run.size));
  const results: (readonly FileOutcome[] | undefined)[] = new Array<readonly FileOutcome[] | undefined>(batches.length);
  /** Batches not yet handed out, in order (a lost worker's batches go back to the front). */
  const queue = batches.map((_, i) => i);
  /** Live workers and the batches each holds. */
  const live = new Map<Worker, Set<number>>();
  let done = 0;
  let cancelled = false;

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const end = (err?: Error): void => {
      if (settled) return;
      settled = true;
      run.signal?.removeEventListener('abort', abort);
      if (err) reject(err);
      else resolve();
    };
    const abort = (): void => {
      cancelled = true;
      end();
    };
    if (run.signal?.aborted) return abort();
    run.signal?.addEventListener('abort', abort);
    const finish = (batch: number, outcomes: readonly FileOutcome[]): void => {
      if (settled || results[batch] !== undefined) return;
      results[batch] = outcomes;
      done++;
      run.onOutcomes?.(outcomes);
      if (done === batches.length) end();
    };
    const feed = (worker: Worker): void => {
      const batch = settled ? undefined : queue.shift();
      if (batch === undefined) return;
      live.get(worker)?.add(batch);
      const request: BatchRequest = { batch, files: batches[batch] ?? [] };
      worker.postMessage(request);
    };
    const lose = (worker: Worker, err: Error): void => {
      const held = live.get(worker);
      if (held === undefined || settled) return;
      live.delete(worker);
      if (run.main === 'turns') return end(err);
      queue.unshift(...[...held].filter((b) => results[b] === undefined).sort((a, b) => a - b));
      void worker.terminate();
      run.lost?.(err.message);
      if (live.size === 0) setImmediate(slices);
      else for (const other of live.keys()) feed(other);
    };
    for (const s of started) {
      const worker = s.worker;
      if (s.error) {
        if (run.main === 'turns') return end(s.error);
        run.lost?.(s.error.message);
        continue;
      }
      live.set(worker, new Set());
      worker.on('message', (reply: unknown) => {
        if (!isBatchReply(reply)) return lose(worker, new Error('audit worker sent a malformed reply'));
        if ('error' in reply) return lose(worker, new Error(`audit worker failed: ${reply.error}`));
        live.get(worker)?.delete(reply.batch);
        const batch = batches[reply.batch] ?? [];
        finish(reply.batch, reply.outcomes.map((o, i) => (overflowed(o) && batch[i] ? analyse(batch[i]) : o)));
        feed(worker);
      });
      worker.on('error', (err) => lose(worker, err));
      worker.on('exit', (code) => lose(worker, new Error(`audit worker exited with code ${code}`)));
      const message: SetupMessage = { setup };
      worker.postMessage(message);
      for (let k = 0; k < AHEAD; k++) feed(worker);
    }
    if (batches.length === 0) return end();
    if (run.main === 'turns') {
      // The CLI's main thread works too, one batch per turn of the event loop, so replies keep flowing.
      const work = (): void => {
        const batch = settled ? undefined : queue.shift();
        if (batch === undefined) return;
        finish(batch, (batches[batch] ?? []).map(analyse));
        setImmediate(work);
      };
      setImmediate(work);
      return;
    }
    // The language server's main thread analyses only when no worker does, a slice at a time.
    let current: { batch: number; outcomes: FileOutcome[] } | undefined;
    const slices = (): void => {
      if (settled || live.size > 0) return;
      const until = Date.now() + (run.sliceMs ?? DEFAULT_SLICE_MS);
      do {
        if (!current) {
          const batch = queue.shift();
          if (batch === undefined) return;
          current = { batch, outcomes: [] };
        }
        const batch = batches[current.batch] ?? [];
        const file = batch[current.outcomes.length];
        if (file) current.outcomes.push(analyse(file));
        if (current.outcomes.length >= batch.length) {
          const { batch: index, outcomes } = current;
          current = undefined;
          finish(index, outcomes);
          if (settled) return;
        }
      } while (Date.now() < until);
      setImmediate(slices);
    };
    if (live.size === 0) setImmediate(slices);
  });
  return cancelled ? undefined : results.flatMap((r) => r ?? []);
}
