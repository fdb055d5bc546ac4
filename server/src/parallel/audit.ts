import * as fs from 'fs';
import * as os from 'os';
import { Worker } from 'worker_threads';
import { DEFAULT_CONFIG, type GuardConfig } from '../core/config';
import { analyseDiscovered, assembleAudit, AuditContext, planAudit, type AuditResult, type DiscoveredFile, type FileOutcome } from '../core/workspace';
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
    const guard = heapGuard();
    const analyse = (f: DiscoveredFile): FileOutcome => {
      const outcome = analyseDiscovered(f, ctx);
      guard();
      return outcome;
    };
    if (workers.length === 0 || files.length < (options.minFiles ?? DEFAULT_MIN_FILES)) {
      return assembleAudit(plan, files.map(analyse), ctx);
    }
    const outcomes = await analyseOnWorkers(workers, plan.setup, files, analyse, options.batchSize ?? DEFAULT_BATCH);
    return assembleAudit(plan, outcomes, ctx);
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

interface Started {
  readonly worker: Worker;
  /** An error the worker raised before it was given work (e.g. its bundle failed to load). */
  error?: Error;
}

/** Starts a worker with an error listener at once: an 'error' with none would crash the process. */
function start(script: string): Started {
  const started: Started = { worker: new Worker(script) };
  started.worker.on('error', (err) => {
    started.error ??= err;
  });
  return started;
}

/** Batches of files shared between the workers and this thread; outcomes come back in file order. */
async function analyseOnWorkers(
  started: readonly Started[],
  setup: WorkerSetup,
  files: readonly DiscoveredFile[],
  analyse: (f: DiscoveredFile) => FileOutcome,
  size: number,
): Promise<FileOutcome[]> {
  const early = started.find((s) => s.error)?.error;
  if (early) throw early;
  const workers = started.map((s) => s.worker);
  const batches: DiscoveredFile[][] = [];
  for (let i = 0; i < files.length; i += size) batches.push(files.slice(i, i + size));
  const results: (readonly FileOutcome[] | undefined)[] = new Array<readonly FileOutcome[] | undefined>(batches.length);
  let next = 0;
  let done = 0;

  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      reject(err);
    };
    const finish = (batch: number, outcomes: readonly FileOutcome[]): void => {
      if (results[batch] !== undefined) return;
      results[batch] = outcomes;
      done++;
      if (done === batches.length) resolve();
    };
    const feed = (worker: Worker): void => {
      if (next >= batches.length) return;
      const batch = next++;
      const request: BatchRequest = { batch, files: batches[batch] ?? [] };
      worker.postMessage(request);
    };
    for (const worker of workers) {
      worker.on('message', (reply: unknown) => {
        if (!isBatchReply(reply)) return fail(new Error('audit worker sent a malformed reply'));
        if ('error' in reply) return fail(new Error(`audit worker failed: ${reply.error}`));
        finish(reply.batch, reply.outcomes);
        feed(worker);
      });
      worker.on('error', (err) => fail(err));
      worker.on('exit', (code) => {
        if (done < batches.length && code !== 0) fail(new Error(`audit worker exited with code ${code}`));
      });
      const message: SetupMessage = { setup };
      worker.postMessage(message);
      for (let k = 0; k < AHEAD; k++) feed(worker);
    }
    // The main thread works too, one batch per turn of the event loop, so replies keep flowing.
    const work = (): void => {
      if (failed || next >= batches.length) return;
      const batch = next++;
      finish(batch, (batches[batch] ?? []).map(analyse));
      setImmediate(work);
    };
    setImmediate(work);
  });
  return results.flatMap((r) => r ?? []);
}
