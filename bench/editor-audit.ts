import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { defaultThreads } from '../server/src/parallel/audit';
import type { AuditSummary } from '../server/src/protocol';
import { TestClient } from '../test/lsp/harness';
import { median, rssMethod, runNode } from './measure';

/**
 * (e) The editor's Audit Workspace beside the CLI's audit, on the same files (issue 16 item 13: the
 * editor must not be much slower than the CLI). The editor side is the language server bundle the
 * extension runs (dist/server.js) over stdio, as a client sees it: from the auditWorkspace request to
 * its response, every file's diagnostics received; a fresh server per run, started before the clock.
 * The CLI side is `dist/cli.js audit` from spawn to exit. Both use their default thread count (the
 * machine's: the same policy). Interleaved runs after one warm-up each; medians.
 */

export interface EditorAuditBench {
  readonly files: number;
  readonly runs: number;
  /** Analysing threads both used by default (the server puts them all on workers). */
  readonly threads: number;
  readonly editor: { readonly medianMs: number; readonly runsMs: readonly number[]; readonly findings: number; readonly published: number };
  readonly cli: { readonly medianMs: number; readonly runsMs: readonly number[]; readonly findings: number };
  /** Editor audit time / CLI audit time (target ≤ 1.2). */
  readonly ratio: number;
}

export const EDITOR_AUDIT_TARGET = 1.2;

async function editorAudit(dir: string): Promise<{ ms: number; findings: number; published: number }> {
  const client = await TestClient.start(dir);
  try {
    const t0 = performance.now();
    const summary: AuditSummary = await client.connection.sendRequest('marketplaceGuard/auditWorkspace', {});
    const ms = performance.now() - t0;
    if (summary.cancelled) throw new Error('the editor audit was cancelled');
    return { ms, findings: summary.findings, published: client.published.length };
  } finally {
    await client.stop();
  }
}

export async function benchEditorAudit(root: string, dir: string, files: number, runs: number, work: string): Promise<EditorAuditBench> {
  const cliJs = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cliJs) || !fs.existsSync(path.join(root, 'dist', 'server.js'))) throw new Error('dist/ is missing: run `npm run bench` (it builds first)');
  const method = rssMethod();
  const report = path.join(work, `editor-audit-cli-${files}.json`);
  const cli = (output: string): number => {
    const run = runNode([cliJs, 'audit', dir, '--format', 'json', '--output', output], method, work);
    if (run.status !== 0 && run.status !== 1) throw new Error(`CLI audit failed (${run.status}): ${run.stderr.trim()}`);
    return run.wallMs;
  };
  // Warm-up (file cache, V8 code cache); the CLI's warm-up report gives its finding count.
  cli(report);
  const parsed: unknown = JSON.parse(fs.readFileSync(report, 'utf8'));
  const cliFindings = typeof parsed === 'object' && parsed !== null && 'findings' in parsed && Array.isArray(parsed.findings) ? parsed.findings.length : Number.NaN;
  const warm = await editorAudit(dir);
  const cliRuns: number[] = [];
  const editorRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, alternating which goes first, so drift in machine load hits both alike.
    if (i % 2 === 0) cliRuns.push(cli(os.devNull));
    editorRuns.push((await editorAudit(dir)).ms);
    if (i % 2 === 1) cliRuns.push(cli(os.devNull));
  }
  const e = median(editorRuns);
  const c = median(cliRuns);
  return {
    files,
    runs,
    threads: defaultThreads(),
    editor: { medianMs: e, runsMs: editorRuns, findings: warm.findings, published: warm.published },
    cli: { medianMs: c, runsMs: cliRuns, findings: cliFindings },
    ratio: e / c,
  };
}

export function editorAuditRows(r: EditorAuditBench): string[][] {
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  const all = (runs: readonly number[]): string => runs.map(s).join(', ');
  return [
    [`marketplace-guard audit (dist/cli.js, spawn → exit; ${r.cli.findings} findings)`, s(r.cli.medianMs), all(r.cli.runsMs), '1.00×', ''],
    [`editor Audit Workspace (dist/server.js over stdio, request → response with all diagnostics; ${r.editor.findings} findings)`, s(r.editor.medianMs), all(r.editor.runsMs),
      `${r.ratio.toFixed(2)}×`, `≤ ${EDITOR_AUDIT_TARGET.toFixed(2)}× (${r.ratio <= EDITOR_AUDIT_TARGET ? 'met' : 'NOT met'})`],
  ];
}
