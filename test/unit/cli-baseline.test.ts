import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_BASELINE_BYTES } from '../../server/src/core/report/baseline';
import { sarifSchemaErrors } from '../support/sarif';
import { fakeApiToken, windows } from '../support/secrets';
import { buildCliOnce, makeWorkspace, removeWorkspace, REPO_ROOT, runCli, type CliRun } from '../support/workspace';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'legacy-jira-sync');

/** A new API-token use, as a partner would add it to the legacy example's Jira client. */
const NEW_CALL = `
export async function deleteIssue(key: string): Promise<void> {
  const res = await fetch(\`\${baseUrl}/rest/api/3/issue/\${key}\`, { method: 'DELETE', headers: authHeaders() });
  await check<void>(res, 'Delete');
}
`;

function copyExample(to: string): void {
  fs.cpSync(EXAMPLE, to, { recursive: true });
}

function oneStderrLine(r: CliRun, pattern: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0] ?? '', pattern);
}

describe('CLI baselines (dist/cli.js)', function () {
  this.timeout(120_000);
  let work = '';
  let baseline = '';

  before(() => {
    buildCliOnce();
    work = makeWorkspace({}, 'work');
    baseline = path.join(work, 'b.json');
  });
  after(() => removeWorkspace(work));

  it('Done when: --write-baseline on examples/legacy-jira-sync, then --baseline reports only a newly added API-token call', () => {
    const write = runCli(['audit', 'examples/legacy-jira-sync', '--write-baseline', baseline]);
    assert.equal(write.status, 0, write.stderr);
    oneStderrLine(write, /^Wrote baseline .*b\.json \(\d+ findings, \d+ entries\)\.$/);
    assert.match(write.stdout, /^✔ No new Marketplace security policy findings \(\d+ files analysed\)\.$/m);
    const accepted = Number(/\((\d+) findings/.exec(write.stderr)?.[1]);
    assert.ok(accepted >= 5, write.stderr);

    // The same tree, unchanged: nothing new, exit 0.
    const same = runCli(['audit', 'examples/legacy-jira-sync', '--baseline', baseline]);
    assert.equal(same.status, 0, same.stdout);
    assert.match(same.stdout, new RegExp(`^ {2}Baseline .*b\\.json: ${accepted} baseline findings matched \\(not listed\\), 0 gone \\(fixed or removed\\)\\.$`, 'm'));

    // A copy with two lines inserted at the top of the client, a renamed file and a new call.
    const copy = path.join(work, 'legacy-jira-sync');
    copyExample(copy);
    const client = path.join(copy, 'src', 'jiraClient.ts');
    fs.writeFileSync(client, `// Jira access for the sync job\n\n${fs.readFileSync(client, 'utf8')}${NEW_CALL}`);
    fs.renameSync(path.join(copy, 'src', 'confluence.js'), path.join(copy, 'src', 'wiki.js'));
    const r = runCli(['audit', copy, '--baseline', baseline]);
    assert.equal(r.status, 1, r.stdout);
    const findingLines = r.stdout.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l));
    assert.equal(findingLines.length, 1, r.stdout);
    assert.match(findingLines[0] ?? '', /error +API token sent with Basic auth to DELETE .*no-api-token-basic-auth/);
    assert.match(r.stdout, /^✖ 1 new finding \(1 error, 0 warnings, 0 info\) in 1 file/m);
    assert.match(r.stdout, new RegExp(`Baseline .*b\\.json: ${accepted} baseline findings matched \\(not listed\\), 0 gone`));
  });

  it('works in every format: JSON summary, SARIF baselineState (schema-valid), Markdown row', () => {
    const copy = path.join(work, 'formats');
    copyExample(copy);
    runCli(['audit', copy, '--write-baseline', baseline]);
    const client = path.join(copy, 'src', 'jiraClient.ts');
    fs.appendFileSync(client, NEW_CALL);

    const json = runCli(['audit', copy, '--baseline', baseline, '--format', 'json']);
    assert.equal(json.status, 1);
    const report = JSON.parse(json.stdout) as { findings: { ruleId: string; file: string }[]; summary: { errors: number; baseline: { matched: number; gone: number } } };
    assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.file}`), ['no-api-token-basic-auth src/jiraClient.ts']);
    assert.equal(report.summary.errors, 1);
    assert.ok(report.summary.baseline.matched >= 5);
    assert.equal(report.summary.baseline.gone, 0);

    const sarif = runCli(['audit', copy, '--baseline', baseline, '--format', 'sarif']);
    assert.equal(sarif.status, 1);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { baselineState?: string; suppressions?: { kind: string }[] }[]; properties?: { baseline?: { matched: number } } }[] };
    assert.deepEqual(sarifSchemaErrors(log), []);
    const results = log.runs[0]?.results ?? [];
    assert.equal(results.filter((x) => x.baselineState === 'new').length, 1);
    const unchanged = results.filter((x) => x.baselineState === 'unchanged');
    assert.equal(unchanged.length, report.summary.baseline.matched);
    assert.ok(unchanged.every((x) => x.suppressions?.[0]?.kind === 'external'), 'baseline results are suppressed externally');
    assert.equal(log.runs[0]?.properties?.baseline?.matched, report.summary.baseline.matched);

    const md = runCli(['audit', copy, '--baseline', baseline, '--format', 'markdown']);
    assert.equal(md.status, 1);
    assert.match(md.stdout, /^\| New findings \| 1 errors, 0 warnings, 0 info \|$/m);
    assert.match(md.stdout, /^\| Baseline \| `.*b\.json`: \d+ baseline findings matched \(not listed\), 0 gone \(fixed or removed\)\. \|$/m);
    assert.equal((md.stdout.match(/src\/jiraClient\.ts:\d+/g) ?? []).length > 0, true);
  });

  it('a fixed baseline finding is reported as gone, not as new; exit 0', () => {
    const root = makeWorkspace({ 'src/a.ts': `export const jiraApiToken = '${fakeApiToken()}';\n`, 'src/b.ts': `export const confluenceApiToken = '${fakeApiToken()}';\n` });
    try {
      runCli(['audit', root, '--write-baseline', baseline]);
      fs.writeFileSync(path.join(root, 'src', 'b.ts'), 'export const confluenceApiToken = process.env.CONFLUENCE_API_TOKEN;\n');
      const r = runCli(['audit', root, '--baseline', baseline]);
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /^ {2}Baseline .*: 1 baseline finding matched \(not listed\), 1 gone \(fixed or removed\)\.$/m);
    } finally {
      removeWorkspace(root);
    }
  });

  it('the baseline file of a workspace with a generated token holds neither the token nor its redacted form', () => {
    const token = fakeApiToken();
    const root = makeWorkspace({ 'src/jira.ts': `const jiraApiToken = '${token}';\n`, '.env': `JIRA_API_TOKEN=${token}\n`, 'notes.md': `token: ${token}\n` });
    try {
      const r = runCli(['audit', root, '--write-baseline', baseline]);
      assert.equal(r.status, 0, r.stderr);
      const text = fs.readFileSync(baseline, 'utf8');
      assert.equal((JSON.parse(text) as { findings: unknown[] }).findings.length, 3);
      for (const w of windows(token)) assert.ok(!text.includes(w));
      assert.ok(!text.includes('ATATT3') && !text.includes('…'), 'no redacted form');
      for (const w of windows(token)) assert.ok(!r.stdout.includes(w) && !r.stderr.includes(w));
    } finally {
      removeWorkspace(root);
    }
  });

  it('"baseline" in .marketplace-guard.json applies when no flag is given; --baseline wins', () => {
    const root = makeWorkspace({ 'src/a.ts': `export const jiraApiToken = '${fakeApiToken()}';\n` });
    try {
      const own = path.join(root, 'ci', 'marketplace-guard-baseline.json');
      runCli(['audit', root, '--write-baseline', own]);
      fs.writeFileSync(path.join(root, '.marketplace-guard.json'), JSON.stringify({ baseline: 'ci/marketplace-guard-baseline.json' }));
      const r = runCli(['audit', root]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /Baseline .*ci\/marketplace-guard-baseline\.json: 1 baseline finding matched/);
      fs.appendFileSync(path.join(root, 'src', 'a.ts'), `export const backupToken = '${fakeApiToken()}';\n`);
      assert.equal(runCli(['audit', root]).status, 1);
      const empty = path.join(work, 'empty.json');
      fs.writeFileSync(empty, '{"format":"marketplace-guard-baseline","version":1,"findings":[]}');
      const flag = runCli(['audit', root, '--baseline', empty]);
      assert.match(flag.stdout, /✖ 2 new findings/);
      assert.match(flag.stdout, /0 baseline findings matched \(not listed\), 0 gone/);
    } finally {
      removeWorkspace(root);
    }
  });

  const unusable: { name: string; make: (file: string) => void; line: RegExp }[] = [
    { name: 'a missing baseline file', make: () => undefined, line: /^marketplace-guard: cannot read baseline .*: no such file \(write one with --write-baseline\)$/ },
    { name: 'a garbage baseline file', make: (f) => fs.writeFileSync(f, `not json ${fakeApiToken()}`), line: /^marketplace-guard: baseline .* is not valid JSON \(write one with --write-baseline\)$/ },
    { name: 'another JSON file as baseline', make: (f) => fs.writeFileSync(f, '{"rules":{}}'), line: /^marketplace-guard: .* is not a Marketplace Guard baseline/ },
    {
      name: 'a baseline file over 20 MiB',
      make: (f) => {
        fs.writeFileSync(f, '');
        fs.truncateSync(f, MAX_BASELINE_BYTES + 1);
      },
      line: /^marketplace-guard: cannot read baseline .*: larger than 20 MiB/,
    },
  ];
  for (const u of unusable) {
    it(`${u.name}: one clear stderr line, exit 2`, () => {
      const file = path.join(work, `${u.name}.json`);
      fs.rmSync(file, { force: true });
      u.make(file);
      const r = runCli(['audit', 'examples/legacy-jira-sync', '--baseline', file]);
      assert.equal(r.status, 2, r.stdout);
      assert.equal(r.stdout, '');
      oneStderrLine(r, u.line);
      assert.ok(!r.stderr.includes('ATATT3'));
    });
  }

  it('--baseline with --write-baseline, or without a value, is bad usage (exit 2)', () => {
    const both = runCli(['audit', 'examples/legacy-jira-sync', '--baseline', baseline, '--write-baseline', baseline]);
    assert.equal(both.status, 2);
    oneStderrLine(both, /use --baseline or --write-baseline, not both/);
    const bare = runCli(['audit', '--baseline']);
    assert.equal(bare.status, 2);
    oneStderrLine(bare, /--baseline needs a value/);
  });
});
