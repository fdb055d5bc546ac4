import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { OWN_REPORT_REASON, ownReportReason } from '../../server/src/core/report/own-report';
import { fakeApiToken, fakeClientSecret } from '../support/secrets';
import { buildCliOnce, makeWorkspace, removeWorkspace, runCli } from '../support/workspace';

interface JsonReport {
  findings: { file: string; ruleId: string }[];
}

/** Issue 16 item 1: a report the tool wrote into the workspace is never a finding of the next audit. */
describe('reports Marketplace Guard wrote are not findings', function () {
  this.timeout(120_000);
  let ws = '';

  before(() => {
    buildCliOnce();
    ws = makeWorkspace(
      {
        'src/jira.ts': `const jiraApiToken = '${fakeApiToken()}';\nexport default jiraApiToken;\n`,
        'README.md': '# App\n\nCreate a token at https://id.atlassian.com/manage-profile/security/api-tokens and paste it.\n',
      },
      'self-report-app',
    );
  });
  after(() => removeWorkspace(ws));

  const audit = (): JsonReport => {
    const r = runCli(['audit', ws, '--format', 'json']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return JSON.parse(r.stdout) as JsonReport;
  };

  it('the CLI audit skips its own JSON, SARIF, Markdown and text reports, with the reason under --verbose', () => {
    const before = audit().findings.map((f) => f.file).sort();
    assert.deepEqual([...new Set(before)], ['README.md', 'src/jira.ts'], 'the fixture has findings to quote');
    // Default names in the root, and renamed copies elsewhere: recognised by content, not by name.
    const outputs: [string, string][] = [
      ['json', 'marketplace-guard-report.json'],
      ['sarif', 'marketplace-guard-report.sarif'],
      ['markdown', 'marketplace-guard-report.md'],
      ['text', 'marketplace-guard-report.txt'],
      ['json', 'docs/audit/findings-2026.json'],
      ['markdown', 'docs/audit/ADDON-1234.md'],
    ];
    for (const [format, file] of outputs) {
      fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
      const r = runCli(['audit', ws, '--format', format, '--output', path.join(ws, file)]);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      assert.ok(fs.readFileSync(path.join(ws, file), 'utf8').length > 100, `${file} written`);
    }
    const after = audit().findings.map((f) => f.file).sort();
    assert.deepEqual(after, before, 'the same findings as before the reports were written');
    const verbose = runCli(['audit', ws, '--format', 'json', '--verbose']);
    // `.sarif` is no analysed file type; the text report is recognised too (below) where `.txt` is scanned.
    for (const [, file] of outputs.filter(([, f]) => /\.(?:json|md)$/.test(f))) assert.ok(verbose.stderr.includes(`skipped ${file}: ${OWN_REPORT_REASON}`), `${file} named as skipped:\n${verbose.stderr}`);
  });

  it('a file only named like a report, or JSON that merely has the same keys, is still analysed', () => {
    const secret = fakeClientSecret();
    const files: Record<string, string> = {
      'marketplace-guard-report.md': '# Notes\n\nGet a token at https://id.atlassian.com/manage-profile/security/api-tokens.\n',
      'config/findings.json': JSON.stringify({ version: '1', root: '/', findings: [], summary: {}, client_secret: secret }, null, 2),
    };
    const other = makeWorkspace(files, 'lookalike-app');
    try {
      const r = runCli(['audit', other, '--format', 'json']);
      const found = (JSON.parse(r.stdout) as JsonReport).findings.map((f) => `${f.file} ${f.ruleId}`).sort();
      assert.deepEqual(found, ['config/findings.json no-hardcoded-client-secret', 'marketplace-guard-report.md no-api-token-collection']);
    } finally {
      removeWorkspace(other);
    }
  });

  it('recognises a SARIF run only when every run is ours', () => {
    const ours = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Marketplace Guard' } }, results: [] }] });
    const mixed = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Marketplace Guard' } } }, { tool: { driver: { name: 'gitleaks' } } }] });
    assert.equal(ownReportReason(ours), OWN_REPORT_REASON);
    assert.equal(ownReportReason(mixed), undefined);
    assert.equal(ownReportReason('{ "runs": "Marketplace Guard" '), undefined, 'broken JSON is analysed as usual');
    const text = fs.readFileSync(path.join(ws, 'marketplace-guard-report.txt'), 'utf8');
    assert.equal(ownReportReason(text), OWN_REPORT_REASON, 'the text report');
    assert.equal(ownReportReason(`notes\n${text.split('\n').slice(-4).join('\n')}`), undefined, 'a pasted summary line alone is not a report');
  });
});
