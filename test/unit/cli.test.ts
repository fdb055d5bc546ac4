import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../../server/src/core/rules';
import { MAX_FILE_BYTES, MAX_LINE_CHARS } from '../../server/src/core/workspace';
import { sarifSchemaErrors } from '../support/sarif';
import { fakeApiToken } from '../support/secrets';
import { buildCliOnce, makeWorkspace, removeWorkspace, runCli, type CliRun } from '../support/workspace';

/** SPEC §5: bad usage prints exactly one line on stderr. */
function oneStderrLine(r: CliRun, pattern: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0] ?? '', /^marketplace-guard: /);
  assert.match(lines[0] ?? '', pattern);
}

describe('CLI (dist/cli.js)', function () {
  this.timeout(120_000);
  const token = fakeApiToken();
  let leaky = '';
  let clean = '';

  before(() => {
    buildCliOnce();
    leaky = makeWorkspace(
      {
        'src/jira.ts': `const jiraApiToken = '${token}';\nexport default jiraApiToken;\n`,
        '.env': `JIRA_BASE_URL=https://acme.atlassian.net\nJIRA_API_TOKEN=${token}\n`,
        'node_modules/dep/index.js': `module.exports = '${token}';\n`,
        '.gitignore': 'ignored/\n',
        'ignored/a.ts': `const t = '${token}';\n`,
        'data/blob.json': Buffer.from([0x7b, 0x00, 0x00, 0x7d]),
        'data/huge.json': Buffer.alloc(MAX_FILE_BYTES + 10, 0x20),
        'public/app.min.js': `var x="${'a'.repeat(MAX_LINE_CHARS + 1)}";\n`,
      },
      'leaky-app',
    );
    clean = makeWorkspace({ 'src/index.ts': 'export const answer = 42;\n', 'README.md': '# Clean app\n' }, 'clean-app');
  });
  after(() => {
    removeWorkspace(leaky);
    removeWorkspace(clean);
  });

  describe('audit', () => {
    it('exits 1 on errors and lists file, line:column, rule id and policy', () => {
      const r = runCli(['audit', leaky]);
      assert.equal(r.status, 1, r.stderr);
      const lines = r.stdout.split('\n');
      const at = lines.indexOf('src/jira.ts');
      assert.ok(at >= 0, r.stdout);
      assert.match(lines[at + 1] ?? '', /^ {2}1:23 +error +Atlassian API token ATATT3….* no-api-token-literal · Personal access tokens$/);
      assert.ok(lines.includes('.env'));
      assert.match(r.stdout, /✖ \d+ findings? \(\d+ errors?/);
      assert.match(r.stdout, /--verbose lists them/);
      assert.ok(!r.stdout.includes('node_modules'), 'skipped folders only with --verbose');
    });

    it('exits 0 on a clean folder with the ✔ line', () => {
      const r = runCli(['audit', clean]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^✔ No Marketplace security policy findings \(2 files analysed\)\.$/m);
      assert.equal(r.stderr, '');
    });

    it('audits the current folder by default', () => {
      const r = runCli(['audit'], clean);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /✔/);
    });

    it('--format json has the SPEC §5 shape', () => {
      const r = runCli(['audit', leaky, '--format', 'json']);
      assert.equal(r.status, 1);
      const report = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.equal(report['version'], JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
      assert.equal(report['root'], leaky);
      const findings = report['findings'] as Record<string, unknown>[];
      assert.ok(Array.isArray(findings) && findings.length >= 2);
      for (const f of findings) {
        for (const key of ['ruleId', 'category', 'severity', 'file', 'range', 'message', 'policy']) assert.ok(key in f, `finding lacks ${key}`);
        const range = f['range'] as { start: { line: number; column: number }; end: { line: number; column: number } };
        assert.ok(range.start.line >= 1 && range.start.column >= 1 && range.end.line >= range.start.line);
      }
      const jira = findings.find((f) => f['file'] === 'src/jira.ts');
      assert.deepEqual(jira && { ruleId: jira['ruleId'], severity: jira['severity'], category: jira['category'], range: jira['range'] }, {
        ruleId: 'no-api-token-literal',
        severity: 'error',
        category: 'api-tokens',
        range: { start: { line: 1, column: 23 }, end: { line: 1, column: 23 + token.length } },
      });
      const summary = report['summary'] as Record<string, number>;
      assert.equal(summary['files'], 2);
      assert.equal(summary['skipped'], 5);
      assert.equal(summary['errors'], findings.filter((f) => f['severity'] === 'error').length);
    });

    it('--format sarif validates against the SARIF 2.1.0 schema', () => {
      const r = runCli(['audit', leaky, '--format', 'sarif']);
      assert.equal(r.status, 1);
      const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      assert.deepEqual(sarifSchemaErrors(log), []);
      const uris = log.runs[0]?.results.filter((x) => x.ruleId === 'no-api-token-literal').map((x) => x.locations[0]?.physicalLocation.artifactLocation.uri);
      assert.deepEqual(uris?.sort(), ['.env', 'src/jira.ts']);
    });

    it('--format markdown writes the migration report', () => {
      const r = runCli(['audit', leaky, '--format', 'markdown']);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^# API-token migration report: leaky-app$/m);
      assert.match(r.stdout, /no-api-token-literal.*`src\/jira\.ts:1`/);
    });

    it('--output writes the report to a file', () => {
      const out = path.join(path.dirname(clean), 'reports', 'audit.sarif');
      const r = runCli(['audit', leaky, '--format', 'sarif', '--output', out]);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^Wrote sarif report to .*audit\.sarif \(\d+ findings\)\.\n$/);
      assert.deepEqual(sarifSchemaErrors(JSON.parse(fs.readFileSync(out, 'utf8'))), []);
    });

    it('--rule ID=off turns a rule off (exit 0)', () => {
      const only = makeWorkspace({ 'src/jira.ts': `const jiraApiToken = '${token}';\n` });
      try {
        assert.equal(runCli(['audit', only]).status, 1);
        const r = runCli(['audit', only, '--rule', 'no-api-token-literal=off']);
        assert.equal(r.status, 0, r.stdout);
        assert.equal(runCli(['audit', only, '--rule=no-api-token-literal=off']).status, 0);
      } finally {
        removeWorkspace(only);
      }
    });

    it('--rule with an unknown id or severity exits 2 with one clear line', () => {
      const r = runCli(['audit', clean, '--rule', 'bogus=error']);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      oneStderrLine(r, /unknown rule "bogus"/);
      oneStderrLine(runCli(['audit', clean, '--rule', 'no-api-token-literal=fatal']), /severity must be off, info, warning or error/);
    });

    it('--config FILE sets rules; --max-warnings sets the bar for warnings', () => {
      const config = path.join(path.dirname(leaky), 'guard.json');
      fs.writeFileSync(config, JSON.stringify({ rules: { 'no-api-token-literal': 'warning' } }));
      const only = makeWorkspace({ 'src/jira.ts': `const jiraApiToken = '${token}';\n` });
      try {
        const r = runCli(['audit', only, '--config', config]);
        assert.equal(r.status, 0, r.stdout);
        assert.match(r.stdout, /1:23 +warning /);
        const over = runCli(['audit', only, '--config', config, '--max-warnings', '0']);
        assert.equal(over.status, 1);
        assert.match(over.stderr, /1 warnings exceed --max-warnings 0/);
        assert.equal(runCli(['audit', only, '--config', config, '--max-warnings', '1']).status, 0);
        oneStderrLine(runCli(['audit', only, '--max-warnings', '-1']), /--max-warnings/);
        oneStderrLine(runCli(['audit', only, '--config', path.join(only, 'missing.json')]), /cannot read config file/);
      } finally {
        removeWorkspace(only);
      }
    });

    it('honours .marketplace-guard.json in the root; a broken one exits 2 with one line', () => {
      const configured = makeWorkspace({
        'src/jira.ts': `const jiraApiToken = '${token}';\n`,
        '.marketplace-guard.json': JSON.stringify({ rules: { 'no-api-token-literal': 'off' } }),
      });
      const broken = makeWorkspace({ 'src/a.ts': '', '.marketplace-guard.json': '{ "rules": { "no-api-token-literal": off } }' });
      const unknown = makeWorkspace({ 'src/a.ts': '', '.marketplace-guard.json': '{ "rules": { "bogus": "off" } }' });
      try {
        assert.equal(runCli(['audit', configured]).status, 0);
        // A CLI flag wins over the file.
        assert.equal(runCli(['audit', configured, '--rule', 'no-api-token-literal=error']).status, 1);
        const r = runCli(['audit', broken]);
        assert.equal(r.status, 2);
        oneStderrLine(r, /\.marketplace-guard\.json is not valid JSON/);
        oneStderrLine(runCli(['audit', unknown]), /unknown rule "bogus"/);
      } finally {
        [configured, broken, unknown].forEach(removeWorkspace);
      }
    });

    it('auditing a sub-folder: the repository\'s .gitignore applies, a nested !pattern re-includes, an excluded folder stays out', () => {
      const repo = makeWorkspace({
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.gitignore': '*.log.json\nbuild/\n',
        'apps/web/logs/.gitignore': '!keep.log.json\n',
        'apps/web/logs/keep.log.json': `{ "jiraApiToken": "${token}" }\n`,
        'apps/web/logs/drop.log.json': `{ "jiraApiToken": "${token}" }\n`,
        'apps/web/build/.gitignore': '!x.ts\n',
        'apps/web/build/x.ts': `export const jiraApiToken = '${token}';\n`,
      });
      try {
        const r = runCli(['audit', path.join(repo, 'apps', 'web'), '--format', 'json', '--verbose']);
        assert.equal(r.status, 1, r.stderr);
        const report = JSON.parse(r.stdout) as { findings: { file: string }[] };
        assert.deepEqual([...new Set(report.findings.map((f) => f.file))], ['logs/keep.log.json']);
        assert.match(r.stderr, /^skipped build: matched by \.gitignore$/m);
        assert.match(r.stderr, /^skipped logs\/drop\.log\.json: matched by \.gitignore$/m);
      } finally {
        removeWorkspace(repo);
      }
    });

    it('--verbose lists skipped files with their reasons', () => {
      const r = runCli(['audit', leaky, '--verbose']);
      assert.equal(r.status, 1);
      for (const line of [
        'skipped node_modules: dependencies (node_modules)',
        'skipped ignored: matched by .gitignore',
        'skipped data/blob.json: binary file',
        'skipped data/huge.json: larger than 2 MiB (2.0 MiB)',
        'skipped public/app.min.js: minified (a line over 10,000 characters)',
      ]) {
        assert.ok(r.stdout.includes(line), `missing "${line}" in:\n${r.stdout}`);
      }
      // Machine-readable formats keep stdout clean: the list goes to stderr.
      const json = runCli(['audit', leaky, '--verbose', '--format', 'json']);
      JSON.parse(json.stdout);
      assert.match(json.stderr, /^skipped node_modules: dependencies \(node_modules\)$/m);
    });

    it('a missing path exits 2 with one clear line', () => {
      const r = runCli(['audit', path.join(clean, 'nope')]);
      assert.equal(r.status, 2);
      oneStderrLine(r, /cannot read .*nope: no such file or folder/);
    });

    it('an unreadable folder exits 2', function () {
      if (process.getuid?.() === 0) this.skip(); // root reads everything
      const locked = makeWorkspace({ 'a.ts': '' });
      fs.chmodSync(locked, 0o000);
      try {
        const r = runCli(['audit', locked]);
        assert.equal(r.status, 2);
        oneStderrLine(r, /permission denied/);
      } finally {
        fs.chmodSync(locked, 0o755);
        removeWorkspace(locked);
      }
    });

    it('reports a request whose Authorization header a helper in another file builds, once, without a fix', () => {
      const ws = makeWorkspace(
        {
          'src/authHeader.ts': `export const getAuthHeader = (username: string, authToken: string) => {
  const token = \`Basic \${Buffer.from(\`\${username}:\${authToken}\`).toString("base64")}\`;
  return token;
};
`,
          'src/issues.ts': `import { getAuthHeader } from './authHeader';
export async function getIssue(key: string) {
  const res = await fetch(\`\${process.env.JIRA_URL}/rest/api/3/issue/\${key}\`, {
    headers: { Authorization: getAuthHeader(process.env.JIRA_USER!, process.env.JIRA_API_TOKEN!) },
  });
  return res.json();
}
`,
        },
        'helper-app',
      );
      try {
        const r = runCli(['audit', ws, '--format', 'json']);
        assert.equal(r.status, 1, r.stderr);
        const findings = (JSON.parse(r.stdout) as { findings: Record<string, unknown>[] }).findings;
        assert.deepEqual(
          findings.map((f) => [f['file'], f['ruleId'], f['fixable']]),
          [['src/issues.ts', 'no-api-token-basic-auth', false]],
        );
        assert.equal(findings[0]?.['message'], 'API token sent with Basic auth to GET /rest/api/3/issue/{key}.');
        const detail = String(findings[0]?.['detail']);
        assert.ok(detail.includes('(process.env.JIRA_USER:process.env.JIRA_API_TOKEN)'), detail);
        assert.ok(detail.includes('No automatic fix: the Authorization header is built in ./authHeader.ts'), detail);
      } finally {
        removeWorkspace(ws);
      }
    });

    it('bad usage exits 2 with one line', () => {
      oneStderrLine(runCli(['audit', clean, '--format', 'xml']), /unknown format "xml"/);
      oneStderrLine(runCli(['audit', clean, '--bogus']), /unknown option --bogus/);
      oneStderrLine(runCli(['audit', clean, '--output']), /--output needs a value/);
      oneStderrLine(runCli(['frobnicate']), /unknown command "frobnicate"/);
      assert.equal(runCli(['frobnicate']).status, 2);
    });
  });

  describe('rules', () => {
    it('--format json lists every rule', () => {
      const r = runCli(['rules', '--format', 'json']);
      assert.equal(r.status, 0);
      const rows = JSON.parse(r.stdout) as { id: string; severity: string; docs: string }[];
      assert.deepEqual(rows.map((x) => x.id), ALL_RULES.map((x) => x.id));
      for (const row of rows) assert.equal(row.docs, `docs/rules/${row.id}.md`);
    });

    it('--format markdown is a table; text (default) one line a rule', () => {
      const md = runCli(['rules', '--format', 'markdown']);
      assert.equal(md.status, 0);
      assert.match(md.stdout, /^\| Rule \| Area \| Default \| Fix \| What it enforces \|$/m);
      assert.equal(md.stdout.trimEnd().split('\n').length, ALL_RULES.length + 2);
      const text = runCli(['rules']);
      assert.equal(text.status, 0);
      assert.equal(text.stdout.trimEnd().split('\n').length, ALL_RULES.length);
      assert.match(text.stdout, /^no-api-token-literal +error +api-tokens +/m);
      oneStderrLine(runCli(['rules', '--format', 'sarif']), /unknown format "sarif" for rules/);
    });
  });

  it('--help prints usage and exits 0; --version prints the version', () => {
    const r = runCli(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage:\n {2}marketplace-guard audit \[paths…\]/);
    assert.match(r.stdout, /--max-warnings N/);
    const v = runCli(['--version']);
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
