import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser, runSuite, workbenchUrl } from '../test/e2e/browser';
import { CODE_SERVER_VERSION, ensureCodeServer, freePort, runCodeServerCli, startCodeServer } from '../test/e2e/codeServer';
import { median } from './measure';

/**
 * Open → first squiggle in the real editor (SPEC §7), as a new user meets it: code-server with a fresh
 * user-data and extensions folder each run, the packaged VSIX installed with `--install-extension`,
 * examples/legacy-jira-sync opened as the workspace, one file opened, timed until its first
 * Marketplace Guard diagnostic exists (bench/editorProbe.ts runs inside the extension host for that).
 * Runs cold (nothing else of ours running) and loaded (two busy-loop processes spinning throughout).
 * The phases come from the editor's own logs: the extension host's activation line and the
 * extension's output channel (client and server start-up lines, with timestamps).
 */

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'legacy-jira-sync');
export const EDITOR_BENCH_FILE = 'src/jiraClient.ts';

/** Milliseconds after the file was opened (negative: before), per phase the logs name. */
export interface EditorPhases {
  activationStart?: number;
  activated?: number;
  serverRunning?: number;
  serverStarted?: number;
  firstAnalysed?: number;
  projectFacts?: number;
}

export interface EditorRun {
  /** Page load → extension host running the probe (the workbench itself, before any file is open). */
  readonly workbenchMs: number;
  /** The probe opens the file → its first Marketplace Guard diagnostic. */
  readonly openToDiagnosticMs: number;
  /** Page load → that diagnostic. */
  readonly loadToDiagnosticMs: number;
  readonly diagnostics: number;
  readonly phases: EditorPhases;
  /** The extension's output channel (start-up lines), for the report. */
  readonly outputLines: readonly string[];
}

export interface EditorSeries {
  readonly busyProcesses: number;
  readonly runs: readonly EditorRun[];
  readonly p50: { readonly openToDiagnosticMs: number; readonly loadToDiagnosticMs: number; readonly workbenchMs: number };
  readonly phasesP50: EditorPhases;
}

export interface EditorBench {
  readonly date: string;
  readonly codeServer: string;
  readonly file: string;
  readonly cold: EditorSeries;
  readonly loaded: EditorSeries;
}

interface ProbeResult {
  hostReady: number;
  openStart: number;
  firstDiagnostic: number;
  diagnostics: number;
  installed: string | null;
}

/** Log lines carry local wall-clock times to the millisecond ("2026-12-07 13:20:00.123 [info] …"). */
function logLines(file: string): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) (.*)$/.exec(line);
    if (m) out.push({ at: new Date(`${m[1]}T${m[2]}`).getTime(), text: m[3] ?? '' });
  }
  return out;
}

function findFiles(dir: string, test: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (test(e.name)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

/** Phase times relative to the file's open, read from the extension host log and our output channel. */
function readPhases(logsDir: string, openStart: number): { phases: EditorPhases; outputLines: string[] } {
  const phases: EditorPhases = {};
  const rel = (at: number): number => at - openStart;
  for (const f of findFiles(logsDir, (n) => n === 'exthost.log' || n === 'remoteexthost.log')) {
    for (const l of logLines(f)) {
      if (phases.activationStart === undefined && /_doActivateExtension marketplace-guard\.marketplace-guard/.test(l.text)) phases.activationStart = rel(l.at);
    }
  }
  const outputLines: string[] = [];
  for (const f of findFiles(logsDir, (n) => n.endsWith('Marketplace Guard.log'))) {
    for (const l of logLines(f)) {
      outputLines.push(l.text);
      const set = (key: keyof EditorPhases): void => {
        if (phases[key] === undefined) phases[key] = rel(l.at);
      };
      if (/Activated in/.test(l.text)) set('activated');
      else if (/Language server running/.test(l.text)) set('serverRunning');
      else if (/server started in/.test(l.text)) set('serverStarted');
      else if (/: analysed /.test(l.text)) set('firstAnalysed');
      else if (/project facts for/.test(l.text)) set('projectFacts');
    }
  }
  return { phases, outputLines };
}

/**
 * The VSIX a user installs: marketplace-guard.vsix, packaged again (`npm run package`) when it is missing
 * or older than the sources it bundles.
 */
export function packagedVsix(): string {
  const vsix = path.join(ROOT, 'marketplace-guard.vsix');
  const newest = (dir: string): number => {
    let t = 0;
    for (const f of findFiles(path.join(ROOT, dir), (n) => n.endsWith('.ts'))) t = Math.max(t, fs.statSync(f).mtimeMs);
    return t;
  };
  const built = fs.existsSync(vsix) ? fs.statSync(vsix).mtimeMs : 0;
  if (built < Math.max(newest('server/src'), newest('client/src'), fs.statSync(path.join(ROOT, 'package.json')).mtimeMs)) {
    execFileSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return vsix;
}

function busyLoops(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
}

async function bundleProbe(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'probe', 'editorProbe.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'editorProbe.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

function medianPhases(runs: readonly EditorRun[]): EditorPhases {
  const out: EditorPhases = {};
  const keys: (keyof EditorPhases)[] = ['activationStart', 'activated', 'serverRunning', 'serverStarted', 'firstAnalysed', 'projectFacts'];
  for (const k of keys) {
    const values = runs.map((r) => r.phases[k]).filter((v): v is number => v !== undefined);
    if (values.length > 0) out[k] = median(values);
  }
  return out;
}

/**
 * `runs` cold and `runs` loaded measurements (interleaved, so drift in the machine's own load hits both).
 * Needs Chromium and code-server (scripts/setup-editor.sh) and a packaged VSIX.
 */
export async function benchEditor(vsix: string, runs: number, log: (line: string) => void = () => undefined): Promise<EditorBench> {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
  const install = ensureCodeServer(path.join(ROOT, '.vscode-test'), log);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-editor-'));
  const devExtension = path.join(ROOT, 'test', 'e2e', 'smoke');
  const probe = await bundleProbe(tmp);
  const cold: EditorRun[] = [];
  const loaded: EditorRun[] = [];
  try {
    const browser = await launchBrowser(path.join(tmp, 'chromium'));
    try {
      for (let i = 0; i < runs * 2; i++) {
        const busy = i % 2 === 1 ? 2 : 0;
        const stateDir = path.join(tmp, `state-${i}`);
        runCodeServerCli(install, stateDir, ['--install-extension', path.resolve(vsix), '--force']);
        const ws = path.join(tmp, `ws-${i}`, 'legacy-jira-sync');
        fs.cpSync(EXAMPLE, ws, { recursive: true });
        const server = await startCodeServer({ install, stateDir, port: await freePort(), log: () => undefined });
        const spinning = busyLoops(busy);
        let result: ProbeResult | undefined;
        let loadStart = 0;
        try {
          loadStart = Date.now();
          const code = await runSuite(
            browser,
            workbenchUrl(server.url, ws, { extensionDevelopmentPath: devExtension, extensionTestsPath: probe }),
            (line) => {
              const m = /^MG_EDITOR_BENCH (.*)$/.exec(line);
              if (m) result = JSON.parse(m[1] ?? '') as ProbeResult;
            },
            240_000,
          );
          if (code !== 0 || !result) throw new Error(`editor bench run ${i + 1} failed (exit code ${code})`);
        } finally {
          await stopAll(spinning);
          await server.stop();
        }
        if (result.installed === null || result.installed.startsWith(ROOT)) throw new Error(`the VSIX is not what ran: ${String(result.installed)}`);
        const { phases, outputLines } = readPhases(path.join(stateDir, 'user-data', 'logs'), result.openStart);
        const run: EditorRun = {
          workbenchMs: result.hostReady - loadStart,
          openToDiagnosticMs: result.firstDiagnostic - result.openStart,
          loadToDiagnosticMs: result.firstDiagnostic - loadStart,
          diagnostics: result.diagnostics,
          phases,
          outputLines,
        };
        log(`  run ${Math.floor(i / 2) + 1} ${busy ? `loaded (${busy} busy loops)` : 'cold'}: open → first diagnostic ${run.openToDiagnosticMs} ms, page load → first diagnostic ${run.loadToDiagnosticMs} ms; phases ${JSON.stringify(phases)}`);
        (busy ? loaded : cold).push(run);
      }
    } finally {
      await browser.close();
    }
  } finally {
    if (process.env.MG_BENCH_KEEP) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  const series = (list: EditorRun[], busyProcesses: number): EditorSeries => ({
    busyProcesses,
    runs: list,
    p50: {
      openToDiagnosticMs: median(list.map((r) => r.openToDiagnosticMs)),
      loadToDiagnosticMs: median(list.map((r) => r.loadToDiagnosticMs)),
      workbenchMs: median(list.map((r) => r.workbenchMs)),
    },
    phasesP50: medianPhases(list),
  });
  return { date: new Date().toISOString(), codeServer: CODE_SERVER_VERSION, file: EDITOR_BENCH_FILE, cold: series(cold, 0), loaded: series(loaded, 2) };
}

export function editorBenchRows(r: EditorBench, fmt: (n: number) => string): string[][] {
  const rows: string[][] = [];
  for (const [name, s] of [['cold', r.cold], [`loaded (${r.loaded.busyProcesses} busy-loop processes)`, r.loaded]] as const) {
    rows.push([`${name}: open ${r.file} → first Marketplace Guard diagnostic, p50 of ${s.runs.length}`, fmt(s.p50.openToDiagnosticMs), '']);
    rows.push([`${name}: … page load → that diagnostic (workbench start included)`, fmt(s.p50.loadToDiagnosticMs), '']);
    const p = s.phasesP50;
    const phase = (label: string, v: number | undefined): void => {
      if (v !== undefined) rows.push([`${name}: … ${label} (ms after the open)`, fmt(v), '']);
    };
    phase('activation starts', p.activationStart);
    phase('activate() returned', p.activated);
    phase('server process started', p.serverStarted);
    phase('client: server running (initialized)', p.serverRunning);
    phase('opened file analysed', p.firstAnalysed);
    phase('project facts loaded', p.projectFacts);
  }
  return rows;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--vsix');
  const j = argv.indexOf('--runs');
  const vsix = path.resolve(i >= 0 ? (argv[i + 1] ?? '') : path.join(ROOT, 'marketplace-guard.vsix'));
  const runs = j >= 0 ? Number(argv[j + 1]) : 3;
  benchEditor(vsix, runs, (l) => console.log(l)).then(
    (r) => {
      for (const row of editorBenchRows(r, (n) => n.toFixed(0))) console.log(`${row[0]}: ${row[1]} ms`);
      const last = r.cold.runs.at(-1);
      if (last) console.log(`\noutput channel of the last cold run:\n${last.outputLines.join('\n')}`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 2;
    },
  );
}
