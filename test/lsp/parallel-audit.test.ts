import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { WorkDoneProgress } from 'vscode-languageserver-protocol/node';
import { generateWorkspace } from '../../bench/gen/workspace';
import type { AuditSummary, ExportReportResult, FindingsResult } from '../../server/src/protocol';
import { fakeApiToken } from '../support/secrets';
import { buildCliOnce, runCli } from '../support/workspace';
import { makeWorkspace, TestClient, writeFile } from './harness';

/**
 * The editor's Audit Workspace is the CLI's parallel audit: on worker threads, with the same findings,
 * suppressed findings, skipped files and incomplete-analysis notes as `marketplace-guard audit`, with
 * the editor's settings applied as the CLI applies a config file; and the editor stays responsive
 * while it runs (the main thread does not analyse).
 */

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** Starts the server bundle with MARKETPLACE_GUARD_THREADS set (the CLI's knob), restoring the environment. */
async function startWithThreads(folder: string, threads: number | undefined): Promise<TestClient> {
  const saved = process.env['MARKETPLACE_GUARD_THREADS'];
  if (threads === undefined) delete process.env['MARKETPLACE_GUARD_THREADS'];
  else process.env['MARKETPLACE_GUARD_THREADS'] = String(threads);
  try {
    return await TestClient.start(folder);
  } finally {
    if (saved === undefined) delete process.env['MARKETPLACE_GUARD_THREADS'];
    else process.env['MARKETPLACE_GUARD_THREADS'] = saved;
  }
}

/** The CLI's report of a folder in a format, and the files it skipped (from --verbose). */
function cliReport(folder: string, format: 'json' | 'sarif', config?: string): { report: string; skipped: string[] } {
  const run = runCli(['audit', folder, '--format', format, '--verbose', ...(config ? ['--config', config] : [])]);
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  // Files only scanned as text are counted in the summary; the editor's log says "Scanned … as text only" for them.
  const skipped = run.stderr
    .split('\n')
    .filter((l) => l.startsWith('skipped ') && !l.endsWith('only scanned for tokens and secrets'))
    .map((l) => l.slice('skipped '.length));
  return { report: run.stdout, skipped: skipped.sort() };
}

/** The server's export of the folder (an audit) in a format, and the files its audits logged as skipped. */
async function serverReport(client: TestClient, format: 'json' | 'sarif'): Promise<{ report: string; skipped: string[] }> {
  client.logs.length = 0;
  const result: ExportReportResult = await client.connection.sendRequest('marketplaceGuard/exportReport', { format });
  const skipped = client.logs.filter((l) => l.startsWith('Skipped ')).map((l) => l.slice('Skipped '.length).replace(/\.$/, ''));
  return { report: result.text, skipped: [...new Set(skipped)].sort() };
}

interface JsonFinding {
  ruleId: string;
  file: string;
  range: { start: { line: number; column: number } };
  message: string;
}

describe('language server: the workspace audit is the CLI’s parallel audit', function () {
  // Each test runs two server audits and two CLI audits of a few hundred files: minutes on a loaded 2-CPU machine.
  this.timeout(600_000);
  let generated = '';
  let config = '';

  before(() => {
    buildCliOnce();
    generated = makeWorkspace({});
    // Over the CLI's 400-file threshold, so the default run uses worker threads as the CLI does.
    generateWorkspace(generated, 450, 0x5eed);
    const token = fakeApiToken();
    // What an audit reports besides findings: a suppressed finding, a file too deep to parse (an
    // incomplete-analysis note), a minified file scanned as text, a binary file skipped.
    writeFile(generated, 'src/suppressed.ts', `// marketplace-guard-disable-next-line no-api-token-literal -- revoked fixture kept for the migration guide\nconst jiraApiToken = '${token}';\nexport default jiraApiToken;\n`);
    writeFile(generated, 'src/deep.ts', `const jiraToken = '${token}';\nexport const x = ${'('.repeat(2000)}1${')'.repeat(2000)};\n`);
    writeFile(generated, 'web/vendor.min.js', `var a=${JSON.stringify(token)};${'var b=1;'.repeat(4000)}\n`);
    fs.writeFileSync(path.join(generated, 'src', 'logo.ts'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]));
    config = path.join(path.dirname(generated), 'settings-as-config.json');
  });

  after(() => {
    if (generated) fs.rmSync(generated, { recursive: true, force: true });
    if (config) fs.rmSync(config, { force: true });
  });

  for (const threads of [undefined, 2]) {
    it(`equals the CLI's JSON and SARIF reports on a generated ${450 + 4}-file workspace (${threads === undefined ? 'default threads' : `${threads} worker threads`})`, async () => {
      const client = await startWithThreads(generated, threads);
      try {
        const reports = { json: cliReport(generated, 'json'), sarif: cliReport(generated, 'sarif') };
        for (const format of ['json', 'sarif'] as const) {
          const server = await serverReport(client, format);
          assert.ok(client.logs.some((l) => /^Auditing 45\d files on \d worker threads?\.$/.test(l)), client.logs.filter((l) => /Audit/.test(l)).join('\n'));
          assert.strictEqual(server.report, reports[format].report, format);
          assert.deepStrictEqual(server.skipped, reports[format].skipped, `${format}: skipped files`);
        }
        const json = JSON.parse(reports.json.report) as { findings: JsonFinding[] };
        assert.ok(json.findings.length > 20, 'the generated workspace plants violations');
        assert.match(reports.sarif.report, /"suppressions"/, 'a suppressed finding is in the comparison');
        assert.match(reports.sarif.report, /nest/, 'an incomplete-analysis note is in the comparison');
        assert.ok(reports.json.skipped.some((s) => s.startsWith('src/logo.ts: binary')), 'a skipped file is in the comparison');
        // What the Problems panel and the tree show: the same findings, at the same places.
        const shown: FindingsResult = await client.connection.sendRequest('marketplaceGuard/findings', {});
        const key = (ruleId: string, file: string, line: number, column: number, message: string): string => `${file}:${line}:${column} ${ruleId} ${message}`;
        assert.deepStrictEqual(
          shown.findings.map((f) => key(f.ruleId, f.file, f.range.start.line + 1, f.range.start.character + 1, f.message)).sort(),
          json.findings.map((f) => key(f.ruleId, f.file, f.range.start.line, f.range.start.column, f.message)).sort(),
        );
      } finally {
        await client.stop();
      }
    });
  }

  it('equals the CLI on examples/, on worker threads', async () => {
    const client = await startWithThreads(EXAMPLES, 2);
    try {
      for (const format of ['json', 'sarif'] as const) {
        const cli = cliReport(EXAMPLES, format);
        const server = await serverReport(client, format);
        assert.strictEqual(server.report, cli.report, format);
        assert.deepStrictEqual(server.skipped, cli.skipped, `${format}: skipped files`);
      }
      assert.ok(client.logs.some((l) => /^Auditing \d+ files on 2 worker threads\.$/.test(l)), client.logs.join('\n'));
    } finally {
      await client.stop();
    }
  });

  it('applies rule severities and exclude from the settings as the CLI applies them from a config file', async () => {
    const settings = { rules: { 'no-api-token-client': 'off', 'no-api-token-storage': 'info' }, exclude: ['packages/billing/**', '*.md'] };
    fs.writeFileSync(config, JSON.stringify(settings));
    const client = await startWithThreads(generated, 2);
    client.settings = settings;
    try {
      const cli = cliReport(generated, 'json', config);
      const server = await serverReport(client, 'json');
      assert.strictEqual(server.report, cli.report);
      assert.deepStrictEqual(server.skipped, cli.skipped);
      const findings = (JSON.parse(server.report) as { findings: JsonFinding[] }).findings;
      assert.ok(!findings.some((f) => f.ruleId === 'no-api-token-client'), 'a rule set to off reports nothing');
      assert.ok(!findings.some((f) => f.file.startsWith('packages/billing/')), 'an excluded folder reports nothing');
      assert.ok(cli.skipped.some((s) => s.endsWith('matched by the exclude setting')));
    } finally {
      await client.stop();
    }
  });

  it('keeps the editor responsive: an edit during an audit gets its diagnostics before the audit ends', async () => {
    const files: Record<string, string> = {};
    const body = Array.from({ length: 40 }, (_, i) => `export async function jira${i}(id: string) {\n  return fetch(\`/rest/api/3/issue/\${id}\`);\n}\n`).join('');
    for (let i = 0; i < 2000; i++) files[`src/m${Math.floor(i / 100)}/f${i}.ts`] = body;
    const clean = 'export const answer = 42;\n';
    files['src/open.ts'] = clean;
    const folder = makeWorkspace(files);
    const client = await startWithThreads(folder, undefined);
    try {
      const { uri, diagnostics } = await client.open('src/open.ts', clean);
      assert.deepStrictEqual(diagnostics, []);
      const order: string[] = [];
      let edited: Promise<void> | undefined;
      client.connection.onProgress(WorkDoneProgress.type, 'busy', (value) => {
        if (value.kind !== 'report' || edited) return;
        // Mid-audit, the user types a token into the open file.
        edited = client
          .changeAndWait(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `const jiraApiToken = '${fakeApiToken()}';\n` }])
          .then((after) => {
            assert.ok(after.some((d) => d.code === 'no-api-token-literal'), JSON.stringify(after));
            order.push('edit diagnostics');
          });
      });
      const summary: AuditSummary = await client.connection.sendRequest('marketplaceGuard/auditWorkspace', { workDoneToken: 'busy' });
      order.push('audit');
      await edited;
      assert.strictEqual(summary.cancelled, false);
      assert.strictEqual(summary.files, 2001);
      assert.deepStrictEqual(order, ['edit diagnostics', 'audit']);
      assert.ok(client.logs.some((l) => /^Auditing 2001 files on \d worker threads?\.$/.test(l)), client.logs.join('\n'));
    } finally {
      await client.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
