import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as ts from 'typescript';
import * as v8 from 'v8';
import * as vm from 'vm';
import { GENERATOR_VERSION, generateWorkspace, type WorkspaceStats } from './gen/workspace';
import { defaultThreads } from '../server/src/parallel/audit';
import { benchEditor, editorBenchRows, packagedVsix, type EditorBench } from './editor';
import { benchEditorAudit, editorAuditRows, type EditorAuditBench } from './editor-audit';
import { benchLsp, editorRows, lspRows, readEditorTimings, type EditorTimings, type LspBench } from './lsp';
import { median, rssMethod, runNode, type ProcessRun, type RssMethod } from './measure';
import { runEslintNoSecrets, runSecretlint, type PeerRun } from './peers';
import { writeReadmeTable } from './readme';
import { benchScopes, printScopes, type ScopesBench } from './scopes';

/**
 * `npm run bench` (SPEC §7). Machines here are shared and noisy, so every figure is a ratio to a
 * baseline measured in the same run, with warm-ups and medians. It only prints and writes
 * bench/results.json: no bar fails a build (the tests are never timed).
 *
 *   (a) one generated 2,000-line TypeScript file: analyseFile vs ts.createSourceFile, in a child
 *       process running the production bundle's build of the engine (bench/file.ts);
 *   (b) a generated N-file workspace: `dist/cli.js audit` (worker threads, and forced onto one
 *       thread) vs a single-threaded read + parse, all as bundled child processes timed from spawn
 *       to exit, with peak RSS; then secretlint and ESLint + eslint-plugin-no-secrets on the same
 *       files (one run each, after ours: the file cache is warm for them too);
 *   (c) manifest ↔ code update time for one generated Forge app (in process).
 * The README's performance table is rewritten from bench/results.json at the end.
 *
 *   (c) manifest ↔ code scope checks after an edit (bench/scopes.ts);
 *   (d) the language server over stdio: start → first diagnostics, edit → published diagnostics, and
 *       activation as measured in the editor by the last editor-test run.
 *
 *   (e) the real editor: open a file → its first Marketplace Guard diagnostic in code-server with the
 *       packaged VSIX, fresh user data each run, cold and with two busy-loop processes (bench/editor.ts).
 *
 * Flags: --files N (default 5000, SPEC's size), --runs N (workspace runs, default 3), --iterations N
 * (single-file runs, default 30), --edits N (LSP edits, default 100), --editor-runs N (default 3),
 * --vsix FILE (default: package one), --only file|workspace|scopes|lsp|editor|editor-audit, --no-peers, --no-editor.
 * With --only, the other sections of the last bench/results.json are kept.
 *
 *   (f) the editor's Audit Workspace (the server bundle over stdio) beside the CLI audit on the
 *       workspace of (b), --runs interleaved runs each (bench/editor-audit.ts).
 */

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, 'bench', '.work');
const SEED = 0x5eed2026;

type Section = 'file' | 'workspace' | 'scopes' | 'lsp' | 'editor' | 'editor-audit';
const SECTIONS: readonly Section[] = ['file', 'workspace', 'scopes', 'lsp', 'editor', 'editor-audit'];

interface Args {
  files: number;
  runs: number;
  iterations: number;
  only?: Section;
  peers: boolean;
  edits: number;
  editor: boolean;
  editorRuns: number;
  vsix?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { files: 5000, runs: 3, iterations: 30, peers: true, edits: 100, editor: true, editorRuns: 3 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number ≥ 1`);
      return n;
    };
    if (flag === '--files') args.files = count();
    else if (flag === '--runs') args.runs = count();
    else if (flag === '--iterations') args.iterations = count();
    else if (flag === '--no-peers') args.peers = false;
    else if (flag === '--edits') args.edits = count();
    else if (flag === '--no-editor') args.editor = false;
    else if (flag === '--editor-runs') args.editorRuns = count();
    else if (flag === '--vsix') args.vsix = path.resolve(value());
    else if (flag === '--only') {
      const v = value();
      const section = SECTIONS.find((x) => x === v);
      if (!section) throw new Error(`--only takes ${SECTIONS.join(', ')}`);
      args.only = section;
    } else throw new Error(`unknown option ${flag}`);
  }
  return args;
}

/**
 * Bench (a) runs the code that ships: bench/file.ts bundled with esbuild.js's own options and server
 * plugins (minified, TypeScript bound directly), in a child process with a heap of its own.
 */
async function runFileBench(iterations: number): Promise<FileBench> {
  const config: unknown = require(path.join(ROOT, 'esbuild.js'));
  if (typeof config !== 'object' || config === null || !('common' in config) || !('serverPlugins' in config)) throw new Error('esbuild.js does not export its build options');
  const outfile = path.join(WORK, 'file-bench.js');
  await esbuild.build({
    ...(config.common as esbuild.BuildOptions),
    sourcemap: false,
    entryPoints: [path.join(ROOT, 'bench', 'file.ts')],
    outfile,
    plugins: config.serverPlugins as esbuild.Plugin[],
  });
  const child = spawnSync(process.execPath, [outfile, String(iterations)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`single-file bench failed (${child.status}): ${child.stderr.trim()}`);
  return JSON.parse(child.stdout) as FileBench;
}

/** A forced GC before each timed step keeps one step's garbage out of the next one's figure. */
function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  return typeof gc === 'function' ? () => void gc() : () => undefined;
}

const ms = (n: number): string => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : 'n/a');
const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
const mark = (value: number, bar: number): string => (value <= bar ? 'met' : 'NOT met');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

import type { FileBench } from './file';
export type { FileBench };

function printFile(r: FileBench): void {
  console.log(`\n## (a) One file: ${r.lines} generated TypeScript lines, median of ${r.iterations} runs (in process)\n`);
  console.log(table(['measure', 'median ms', '× parse', 'target'], [
    ['ts.createSourceFile (parse, parent nodes set, as the engine parses)', ms(r.medianMs.parse), ratio(1), ''],
    ['parse + full ts.forEachChild walk', ms(r.medianMs.parseWalk), ratio(r.medianMs.parseWalk / r.medianMs.parse), ''],
    ['analyseFile (parse + every rule)', ms(r.medianMs.analyse), ratio(r.ratios.analyseVsParse), `≤ 1.30× (${mark(r.ratios.analyseVsParse, 1.3)})`],
    ['ts.updateSourceFile after a 1-character edit', ms(r.medianMs.update), ratio(r.medianMs.update / r.medianMs.parse), ''],
    ['analyseFile after that edit (incremental parse hook)', ms(r.medianMs.analyseAfterEdit), ratio(r.ratios.analyseAfterEditVsParse),
      `≤ 0.25× (${mark(r.ratios.analyseAfterEditVsParse, 0.25)})`],
  ]));
  console.log(`\nanalyseFile found ${r.findings} finding${r.findings === 1 ? '' : 's'} in the file (3 violations planted)${r.failures ? `, ${r.failures} rule failures` : ''}` +
    `${r.parsed ? '' : '; it did not parse the file (no AST rule wanted it), so the ratio says little yet'}.`);
}

export interface WorkspaceBench {
  dir: string;
  stats: WorkspaceStats;
  runs: number;
  rssMethod: RssMethod;
  /** Threads the default CLI run used (the machine's parallelism). */
  threads: number;
  baseline: { medianMs: number; peakRssMiB: number; codeFiles: number };
  cli: { medianMs: number; peakRssMiB: number; exitCode: number | null; findings: number; findingsByRule: Record<string, number> };
  /** The same audit on the other thread count: 2 threads when the default is 1, else 1. */
  cliAlt: { threads: number; medianMs: number; peakRssMiB: number };
  ratio: number;
  altRatio: number;
  peers: PeerRun[];
}

export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; totalMemGiB: number; platform: string; node: string; typescript: string; loadAverage?: number[] };
  file?: FileBench;
  workspace?: WorkspaceBench;
  scopes?: ScopesBench;
  lsp?: LspBench;
  editor?: EditorTimings;
  /** Open → first diagnostic in code-server, cold and loaded (bench/editor.ts). */
  editorOpen?: EditorBench;
  editorAudit?: EditorAuditBench;
}

function prepareWorkspace(files: number): { dir: string; stats: WorkspaceStats } {
  const dir = path.join(WORK, `ws-${files}`);
  // Beside the workspace, not in it: the peers scan every file.
  const stampFile = `${dir}.stamp`;
  try {
    const stamp: unknown = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    if (isStamp(stamp) && stamp.version === GENERATOR_VERSION && stamp.seed === SEED) return { dir, stats: stamp.stats };
  } catch {
    // No workspace yet, or an unreadable stamp: generate it.
  }
  const start = performance.now();
  const stats = generateWorkspace(dir, files, SEED);
  fs.writeFileSync(stampFile, JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, stats }));
  console.log(`generated ${stats.files} files in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return { dir, stats };
}

function isStamp(v: unknown): v is { version: number; seed: number; stats: WorkspaceStats } {
  return typeof v === 'object' && v !== null && 'version' in v && 'seed' in v && 'stats' in v && typeof v.stats === 'object';
}

function countFindings(reportFile: string): { total: number; byRule: Record<string, number> } {
  const json: unknown = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const byRule: Record<string, number> = {};
  const findings = typeof json === 'object' && json !== null && 'findings' in json && Array.isArray(json.findings) ? (json.findings as unknown[]) : [];
  for (const f of findings) {
    const id = typeof f === 'object' && f !== null && 'ruleId' in f && typeof f.ruleId === 'string' ? f.ruleId : '?';
    byRule[id] = (byRule[id] ?? 0) + 1;
  }
  return { total: findings.length, byRule };
}

function benchWorkspace(files: number, runs: number, peers: boolean): WorkspaceBench {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run bench` (it builds first)');
  const { dir, stats } = prepareWorkspace(files);
  // The baseline is bundled the way dist/cli.js is, so both pay the same start-up and module load.
  const baselineJs = path.join(WORK, 'baseline.js');
  esbuild.buildSync({ entryPoints: [path.join(ROOT, 'bench', 'baseline.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: baselineJs, logLevel: 'warning' });
  const method = rssMethod();
  const baseline = (): ProcessRun => {
    const run = runNode([baselineJs, dir], method, WORK);
    if (run.status !== 0) throw new Error(`baseline failed (${run.status}): ${run.stderr.trim()}`);
    return run;
  };
  const audit = (output: string, threads?: number): ProcessRun => {
    const env: Record<string, string> = threads === undefined ? {} : { MARKETPLACE_GUARD_THREADS: String(threads) };
    const run = runNode([cli, 'audit', dir, '--format', 'json', '--output', output], method, WORK, undefined, env);
    if (run.status !== 0 && run.status !== 1) throw new Error(`CLI audit failed (${run.status}): ${run.stderr.trim()}`);
    return run;
  };
  // Warm-up (file cache, V8 code cache); the CLI's warm-up report is kept to count findings.
  const reportFile = path.join(WORK, `report-${files}.json`);
  const firstBaseline = baseline();
  const firstAudit = audit(reportFile);
  const found = countFindings(reportFile);
  const baseRuns: ProcessRun[] = [];
  const cliRuns: ProcessRun[] = [];
  const serialRuns: ProcessRun[] = [];
  const threads = defaultThreads();
  const alt = threads === 1 ? 2 : 1;
  for (let i = 0; i < runs; i++) {
    // Interleaved, so drift in machine load hits every measure alike.
    baseRuns.push(baseline());
    cliRuns.push(audit(os.devNull));
    serialRuns.push(audit(os.devNull, alt));
  }
  const peerRuns = peers ? [runSecretlint(dir, WORK, method), runEslintNoSecrets(dir, WORK, method)] : [];
  const baseInfo: unknown = JSON.parse(firstBaseline.stdout);
  const codeFiles = typeof baseInfo === 'object' && baseInfo !== null && 'codeFiles' in baseInfo && typeof baseInfo.codeFiles === 'number' ? baseInfo.codeFiles : 0;
  const b = median(baseRuns.map((r) => r.wallMs));
  const c = median(cliRuns.map((r) => r.wallMs));
  const sr = median(serialRuns.map((r) => r.wallMs));
  return {
    dir: path.relative(ROOT, dir),
    stats,
    runs,
    rssMethod: method,
    baseline: { medianMs: b, peakRssMiB: Math.max(...baseRuns.map((r) => r.peakRssMiB)), codeFiles },
    cli: { medianMs: c, peakRssMiB: Math.max(...cliRuns.map((r) => r.peakRssMiB)), exitCode: firstAudit.status, findings: found.total, findingsByRule: found.byRule },
    cliAlt: { threads: alt, medianMs: sr, peakRssMiB: Math.max(...serialRuns.map((r) => r.peakRssMiB)) },
    threads,
    ratio: c / b,
    altRatio: sr / b,
    peers: peerRuns,
  };
}

function printWorkspace(r: WorkspaceBench): void {
  const s = r.stats;
  const kinds = Object.entries(s.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`\n## (b) Workspace: ${s.files} files, ${s.lines.toLocaleString('en-US')} lines, ${(s.bytes / 1048576).toFixed(1)} MiB (${kinds}) in ${r.dir}`);
  console.log(`Median wall time of ${r.runs} runs each (after one warm-up), child processes timed from spawn to exit; peak RSS via ${r.rssMethod}.\n`);
  const scaledLimit = (15 * s.files) / 5000;
  const rows: string[][] = [
    [`baseline: list + read every file + parse ${r.baseline.codeFiles} code files, 1 thread (bundled bench/baseline.ts)`,
      (r.baseline.medianMs / 1000).toFixed(2), r.baseline.peakRssMiB.toFixed(0), ratio(1), ''],
    [`marketplace-guard audit (default: ${r.threads} thread${r.threads === 1 ? '' : 's'})`, (r.cli.medianMs / 1000).toFixed(2), r.cli.peakRssMiB.toFixed(0), ratio(r.ratio),
      `≤ 1.00× (${mark(r.ratio, 1)}); ≤ ${scaledLimit.toFixed(1)} s (${mark(r.cli.medianMs / 1000, scaledLimit)}); ≤ 600 MiB (${mark(r.cli.peakRssMiB, 600)})`],
    [`marketplace-guard audit, ${r.cliAlt.threads} thread(s) (MARKETPLACE_GUARD_THREADS=${r.cliAlt.threads})`, (r.cliAlt.medianMs / 1000).toFixed(2), r.cliAlt.peakRssMiB.toFixed(0), ratio(r.altRatio), ''],
  ];
  for (const p of r.peers) {
    rows.push([`${p.name} (${p.scope}; ${Number.isFinite(p.findings) ? p.findings : '?'} findings)${p.timedOut ? ' STOPPED at the time limit' : p.error ? ` FAILED: ${p.error}` : ''}`,
      (p.wallMs / 1000).toFixed(2), p.peakRssMiB.toFixed(0), ratio(p.wallMs / r.baseline.medianMs),
      `ours ${ratio(r.cli.medianMs / p.wallMs)} its time (${mark(r.cli.medianMs / p.wallMs, 1)})`]);
  }
  console.log(table(['measure', 'median s', 'peak RSS MiB', '× baseline', 'target'], rows));
  const rules = [...new Set([...Object.keys(s.planted), ...Object.keys(r.cli.findingsByRule)])].sort();
  console.log(`\nRough check (not a test): planted violations vs findings by rule; CLI exit code ${r.cli.exitCode}.\n`);
  console.log(table(['rule', 'planted', 'found'], rules.map((id) => [id, String(s.planted[id] ?? 0), String(r.cli.findingsByRule[id] ?? 0)])));
}

/** With --only, the sections this run did not measure are kept from the last results (and the README table keeps its rows). */
function keepOtherSections(file: string, results: BenchResults): void {
  let previous: unknown;
  try {
    previous = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  if (typeof previous !== 'object' || previous === null) return;
  const prev = previous as Partial<BenchResults>;
  results.file ??= prev.file;
  results.workspace ??= prev.workspace;
  results.scopes ??= prev.scopes;
  results.lsp ??= prev.lsp;
  results.editor ??= prev.editor;
  results.editorOpen ??= prev.editorOpen;
  results.editorAudit ??= prev.editorAudit;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(WORK, { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGiB: Number((os.totalmem() / 1073741824).toFixed(1)),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    typescript: ts.version,
  };
  console.log(`# Marketplace Guard bench\n\n${machine.cpus} CPUs (${machine.cpuModel}), ${machine.totalMemGiB} GiB, ${machine.platform}, Node ${machine.node}, TypeScript ${machine.typescript}`);
  const results: BenchResults = { date: new Date().toISOString(), machine: { ...machine, loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))) } };
  const wants = (part: Section): boolean => args.only === undefined || args.only === part;
  if (wants('file')) {
    results.file = await runFileBench(args.iterations);
    printFile(results.file);
  }
  if (wants('scopes')) {
    results.scopes = benchScopes(200, args.iterations, gcFunction());
    printScopes(results.scopes, ms, ratio, table);
  }
  if (wants('lsp')) {
    results.lsp = await benchLsp(10, args.edits);
    results.editor = readEditorTimings(path.join(ROOT, 'out', 'e2e', 'editor-timings.json'));
    console.log(`\n## (d) Language server over stdio (dist/server.js), absolute times\n`);
    console.log(table(['measure', 'ms', 'target'], [...lspRows(results.lsp, ms), ...(results.editor ? editorRows(results.editor, ms) : [])]));
    if (!results.editor) console.log('\nActivation comes from the editor tests (out/e2e/editor-timings.json): run `npm run test:e2e` first.');
  }
  if (wants('workspace')) {
    results.workspace = benchWorkspace(args.files, args.runs, args.peers);
    printWorkspace(results.workspace);
  }
  if (wants('editor') && (args.editor || args.only === 'editor')) {
    console.log(`\n## (e) The real editor: open → first diagnostic in code-server, packaged VSIX, fresh user data each run\n`);
    try {
      results.editorOpen = await benchEditor(args.vsix ?? packagedVsix(), args.editorRuns, (line) => console.log(line));
      console.log(`\n${table(['measure', 'ms', 'target'], editorBenchRows(results.editorOpen, ms))}`);
    } catch (err) {
      // No Chromium or code-server on this machine (scripts/setup-editor.sh): the other sections stand.
      console.log(`editor section skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (wants('editor-audit')) {
    const { dir } = prepareWorkspace(args.files);
    results.editorAudit = await benchEditorAudit(ROOT, dir, args.files, args.runs, WORK);
    console.log(`\n## (f) Editor audit vs CLI audit: ${args.files} files (${path.relative(ROOT, dir)}), ${args.runs} interleaved runs each after a warm-up, default threads (${results.editorAudit.threads} analysing)\n`);
    console.log(table(['measure', 'median s', 'runs s', '× CLI', 'target'], editorAuditRows(results.editorAudit)));
  }
  results.machine.loadAverage = os.loadavg().map((l) => Number(l.toFixed(1)));
  const out = path.join(ROOT, 'bench', 'results.json');
  if (args.only !== undefined) keepOtherSections(out, results);
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), out) || out}.`);
  if (writeReadmeTable(path.join(ROOT, 'README.md'), results)) console.log('Rewrote the performance table in README.md.');
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
});
