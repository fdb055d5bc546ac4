import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

/** Wall time and peak memory of one child process. */
export interface ProcessRun {
  readonly wallMs: number;
  /** Peak resident set size in MiB (of the whole process, every thread). */
  readonly peakRssMiB: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Killed at the caller's time limit (the wall time is then a lower bound). */
  readonly timedOut?: boolean;
}

const GNU_TIME = '/usr/bin/time';

/** How peak RSS is taken: GNU time when the machine has it, else a preload hook in the child. */
export type RssMethod = 'gnu-time' | 'resource-usage-hook';

export function rssMethod(): RssMethod {
  if (!fs.existsSync(GNU_TIME)) return 'resource-usage-hook';
  const probe = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr) ? 'gnu-time' : 'resource-usage-hook';
}

/**
 * Runs `node <args>` and measures it from spawn to exit. With the hook method, a tiny preloaded
 * script writes `process.resourceUsage().maxRSS` when the child exits.
 */
export function runNode(
  args: readonly string[],
  method: RssMethod,
  workDir: string,
  cwd?: string,
  extraEnv: Readonly<Record<string, string>> = {},
  timeoutMs?: number,
): ProcessRun {
  let cmd = process.execPath;
  let argv = [...args];
  let rssFile: string | undefined;
  if (method === 'gnu-time') {
    cmd = GNU_TIME;
    argv = ['-v', process.execPath, ...args];
  } else {
    const hook = path.resolve(workDir, 'rss-hook.js');
    if (!fs.existsSync(hook)) {
      fs.writeFileSync(hook, "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
    }
    rssFile = path.resolve(workDir, `rss-${process.pid}.txt`);
    argv = ['--require', hook, ...args];
  }
  const env = { ...process.env, ...extraEnv, ...(rssFile ? { BENCH_RSS_FILE: rssFile } : {}) };
  const start = performance.now();
  const child = spawnSync(cmd, argv, { encoding: 'utf8', env, maxBuffer: 512 * 1024 * 1024, ...(cwd ? { cwd } : {}), ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' as const } : {}) });
  const wallMs = performance.now() - start;
  if (timeoutMs && (child.signal === 'SIGKILL' || (child.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT')) {
    if (rssFile) fs.rmSync(rssFile, { force: true });
    return { wallMs, peakRssMiB: Number.NaN, status: null, stdout: '', stderr: `did not finish in ${Math.round(timeoutMs / 1000)} s`, timedOut: true };
  }
  if (child.error) throw child.error;
  let kib = Number.NaN;
  if (rssFile) {
    kib = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : Number.NaN;
    fs.rmSync(rssFile, { force: true });
  } else {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
    kib = m ? Number(m[1]) : Number.NaN;
  }
  const stderr = method === 'gnu-time'
    ? child.stderr.replace(/\tCommand being timed:[\s\S]*$/, '').replace(/^Command exited with non-zero status \d+\n/m, '')
    : child.stderr;
  return { wallMs, peakRssMiB: kib / 1024, status: child.status, stdout: child.stdout, stderr };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
