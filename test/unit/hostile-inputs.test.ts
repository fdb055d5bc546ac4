import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as ts from 'typescript';
import { analyseFile, BUDGET_FAILURE, PARSER_FAILURE } from '../../server/src/core/engine';
import { defineRule } from '../../server/src/core/rule';
import { decodeForAnalysis, MAX_LINE_CHARS } from '../../server/src/core/workspace';
import { fakeApiToken } from '../support/secrets';
import { buildCliOnce, CLI, makeWorkspace, removeWorkspace, runCli } from '../support/workspace';

/**
 * Issue 7: every input a workspace can hold gives a clear message and loses nothing. One workspace
 * holds all of them next to ordinary files, and the real CLI bundle audits it: each hostile file is
 * either analysed (with its findings at the right line) or listed as skipped with its reason, and
 * the ordinary files' findings are all there.
 */

const MiB = 1024 * 1024;

interface JsonReport {
  findings: { ruleId: string; file: string; range: { start: { line: number } } }[];
  summary: unknown;
}

function isJsonReport(v: unknown): v is JsonReport {
  return typeof v === 'object' && v !== null && 'findings' in v && Array.isArray(v.findings);
}

const utf16be = (text: string): Buffer => {
  const b = Buffer.from(text, 'utf16le');
  b.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), b]);
};

describe('hostile inputs (CLI bundle, one workspace)', function () {
  this.timeout(120_000);
  const token = fakeApiToken();
  const basicAuth = [
    "const JIRA_API_TOKEN = process.env.JIRA_API_TOKEN ?? '';",
    "export const call = () => fetch('https://acme.atlassian.net/rest/api/3/myself', {",
    "  headers: { Authorization: 'Basic ' + Buffer.from('bot@acme.com:' + JIRA_API_TOKEN).toString('base64') },",
    '});',
    '',
  ].join('\n');
  let root = '';
  let report: JsonReport = { findings: [], summary: {} };
  let stderr = '';
  let status: number | null = null;
  let skipped = new Map<string, string>();
  let unreadableTested = false;

  before(() => {
    buildCliOnce();
    root = makeWorkspace(
      {
        'src/ordinary.ts': basicAuth,
        'src/crlf.ts': `// jira\r\nconst a = 1;\r\nconst jiraToken = '${token}';\r\n`,
        'src/bom.ts': `\ufeff// jira\nconst jiraToken = '${token}';\n`,
        '.env.utf16le': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`JIRA_API_TOKEN=${token}\n`, 'utf16le')]),
        '.env.utf16be': utf16be(`# jira\nJIRA_API_TOKEN=${token}\n`),
        '.env.utf16nobom': Buffer.from(`JIRA_API_TOKEN=${token}\n`, 'utf16le'),
        // 2,000 nested parentheses overflow the TypeScript parser; the token line is still found.
        'src/deep.ts': `const jiraToken = '${token}';\nconst x = ${'('.repeat(2000)}1${')'.repeat(2000)};\n`,
        // A 20,000-term concatenation: a tree that deep must not overflow the walk.
        'src/concat.ts': `${basicAuth}const filler = 'a'${"\n  + 'b'".repeat(20_000)};\n`,
        'src/broken.ts': `const jiraToken = '${token}' +;\nfunction (\n  {{{ <div`,
        'manifest.yml': 'app:\n  id: [unterminated\npermissions:\n  scopes: {read:jira-work\n\t- bad\n',
        'config/broken.json': `{ "jira": { "apiToken": "${token}", `,
        'assets/logo.json': Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x7d]),
        'public/app.min.js': `var jiraToken="${token}";${'x=1;'.repeat(MAX_LINE_CHARS / 4 + 1)}\n`,
      },
      'hostile-app',
    );
    // 50 MB of text with a token at the end: skipped by its size (stat), never read.
    fs.writeFileSync(path.join(root, 'src', 'huge.ts'), Buffer.alloc(50 * MiB, 0x20));
    fs.appendFileSync(path.join(root, 'src', 'huge.ts'), `const jiraToken = '${token}';\n`);
    fs.symlinkSync(root, path.join(root, 'src', 'loop'), 'dir');
    fs.symlinkSync(path.join(root, 'nowhere.ts'), path.join(root, 'src', 'dangling.ts'));
    // Root reads anything: the unreadable case only bites as another user.
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      fs.writeFileSync(path.join(root, 'src', 'secret.ts'), `const jiraToken = '${token}';\n`);
      fs.chmodSync(path.join(root, 'src', 'secret.ts'), 0);
      unreadableTested = true;
    }
    const out = path.join(path.dirname(root), 'report.json');
    const r = runCli(['audit', root, '--format', 'json', '--output', out, '--verbose']);
    status = r.status;
    stderr = r.stderr;
    const json: unknown = JSON.parse(fs.readFileSync(out, 'utf8'));
    if (!isJsonReport(json)) throw new Error('not a JSON report');
    report = json;
    skipped = new Map(
      [...stderr.matchAll(/^skipped (.+?): (.+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''] as const),
    );
  });
  after(() => {
    if (unreadableTested) fs.chmodSync(path.join(root, 'src', 'secret.ts'), 0o644);
    removeWorkspace(root);
  });

  const found = (): string[] => report.findings.map((f) => `${f.file}:${f.range.start.line}:${f.ruleId}`);

  it('exits 1 (findings), not 2 (crash), and names no stack trace', () => {
    assert.equal(status, 1, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it('ordinary findings are all there', () => {
    assert.ok(found().includes('src/ordinary.ts:2:no-api-token-basic-auth'), found().join('\n'));
  });

  it('CRLF, BOM, UTF-16 LE/BE with BOM and UTF-16 LE without BOM: found at the right line', () => {
    for (const f of ['src/crlf.ts:3', 'src/bom.ts:2', '.env.utf16le:1', '.env.utf16be:2', '.env.utf16nobom:1']) {
      assert.ok(found().includes(`${f}:no-api-token-literal`), `${f} missing in\n${found().join('\n')}`);
    }
  });

  it('deep nesting: the parse failure is a warning and the token is still found', () => {
    assert.ok(found().includes('src/deep.ts:1:no-api-token-literal'), found().join('\n'));
    assert.match(stderr, /^warning: src\/deep\.ts \(parser\): nesting too deep to parse \(stack overflow\); text-level rules still ran$/m);
  });

  it('a 20,000-term expression is walked without overflow', () => {
    assert.ok(found().includes('src/concat.ts:2:no-api-token-basic-auth'), found().join('\n'));
    assert.doesNotMatch(stderr, /concat\.ts/);
  });

  it('broken TS, YAML and JSON are analysed as far as they go', () => {
    assert.ok(found().includes('src/broken.ts:1:no-api-token-literal'));
    assert.ok(found().includes('config/broken.json:1:no-api-token-literal'));
    assert.ok(!skipped.has('manifest.yml'));
  });

  it('binary, 50 MB, symlink loop and dangling link are skipped with a reason; a minified file is only scanned as text', () => {
    assert.equal(skipped.get('assets/logo.json'), 'binary file');
    assert.equal(skipped.get('public/app.min.js'), 'minified (a line over 10,000 characters): not parsed, only scanned for tokens and secrets');
    assert.ok(found().includes('public/app.min.js:1:no-api-token-literal'), found().join('\n'));
    assert.equal(skipped.get('src/huge.ts'), 'larger than 20 MiB (50.0 MiB)');
    assert.equal(skipped.get('src/loop'), 'symbolic link loop');
    assert.equal(skipped.get('src/dangling.ts'), 'broken symbolic link');
  });

  it('an unreadable file and folder are skipped with their error code; the rest is audited', function () {
    if (unreadableTested) {
      assert.equal(skipped.get('src/secret.ts'), 'unreadable (EACCES)');
      return;
    }
    // As root (CI containers), permissions do not bite: run the CLI as `nobody` instead.
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-perm-'));
    try {
      fs.chmodSync(ws, 0o755);
      fs.mkdirSync(path.join(ws, 'src'), { mode: 0o755 });
      fs.mkdirSync(path.join(ws, 'locked'), { mode: 0o700 });
      fs.writeFileSync(path.join(ws, 'locked', 'a.ts'), `const jiraToken = '${token}';\n`);
      fs.writeFileSync(path.join(ws, 'src', 'secret.ts'), `const jiraToken = '${token}';\n`, { mode: 0o600 });
      fs.writeFileSync(path.join(ws, 'src', 'open.ts'), `const jiraToken = '${token}';\n`, { mode: 0o644 });
      const r = spawnSync(process.execPath, [CLI, 'audit', ws, '--format', 'json', '--verbose'], { encoding: 'utf8', uid: 65534, gid: 65534 });
      if (r.error) this.skip();
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^skipped src\/secret\.ts: unreadable \(EACCES\)$/m);
      assert.match(r.stderr, /^skipped locked: unreadable folder \(EACCES\)$/m);
      const json: unknown = JSON.parse(r.stdout);
      assert.ok(isJsonReport(json));
      assert.deepEqual(json.findings.map((f) => f.file), ['src/open.ts']);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});

const basicAuthExample = "fetch('https://a.atlassian.net/rest/api/3/x', { headers: { Authorization: 'Basic ' + btoa('me:' + jiraApiToken) } });\n";

describe('hostile inputs (engine)', () => {
  it('decodes UTF-16 without a BOM; NUL-heavy bytes stay binary', () => {
    assert.deepEqual(decodeForAnalysis(Buffer.from('const a = "jira";\n', 'utf16le')), { text: 'const a = "jira";\n' });
    const be = Buffer.from('const a = 1;\n', 'utf16le');
    be.swap16();
    assert.deepEqual(decodeForAnalysis(be), { text: 'const a = 1;\n' });
    assert.deepEqual(decodeForAnalysis(Buffer.from([0x7b, 0x00, 0x00, 0x00, 0x01, 0x7d])), { skip: 'binary file' });
  });

  it('a rule that never ends is stopped at the per-file budget, and that is reported', () => {
    let visits = 0;
    const slow = defineRule({
      id: 'test-slow',
      kinds: ['code'],
      meta: { category: 'api-tokens', defaultSeverity: 'error', policy: 'Test', description: 'Slow.', messages: { m: 'm' }, fixable: false },
      create: () => ({
        [ts.SyntaxKind.Identifier]: () => {
          visits++;
          const until = Date.now() + 1;
          while (Date.now() < until) {
            // Burns 1 ms per identifier: 20,000 identifiers would take 20 s.
          }
        },
      }),
    });
    const text = 'let a = b + c;\n'.repeat(7000);
    const start = Date.now();
    const result = analyseFile('src/slow.ts', text, { rules: [slow], budgetMs: 200 });
    const took = Date.now() - start;
    assert.ok(took < 5000, `took ${took} ms`);
    assert.ok(visits < 20_000);
    assert.deepEqual(result.failures.map((f) => f.ruleId), [BUDGET_FAILURE]);
    assert.match(result.failures[0]?.message ?? '', /per-file budget of 200 ms; findings for this file may be incomplete/);
  });

  it('a suppression directive next to a token echoes none of it (found by the property tests)', () => {
    const token = fakeApiToken();
    for (const text of [`/* marketplace-guard-disable-file bogus-rule */'${token}';\n`, `// marketplace-guard-disable-next-line ${token}\nconst a = 1;\n`]) {
      const result = analyseFile('src/a.ts', text);
      const messages = result.findings.map((f) => f.message).join('\n');
      assert.ok(!messages.includes(token.slice(6, 20)), messages);
      assert.ok(result.findings.some((f) => f.ruleId === 'invalid-suppression' && f.messageId === 'unknownRule'));
    }
  });

  it('a token pasted into a URL template is not echoed by messages or endpoint data (found by the property tests)', () => {
    const token = fakeApiToken();
    const text = [
      "const email = process.env.JIRA_EMAIL ?? '';",
      "const apiToken = process.env.JIRA_API_TOKEN ?? '';",
      `fetch(\`\${process.env.JIRA_BASE_URL}'${token}'/rest/api/3/issue/\${key}\`, { method: 'PUT', headers: { Authorization: \`Basic \${btoa(\`\${email}:\${apiToken}\`)}\` } });`,
      '',
    ].join('\n');
    const result = analyseFile('src/a.ts', text, { forgeRoots: new Set(['']) });
    assert.ok(result.findings.some((f) => f.ruleId === 'no-api-token-basic-auth'));
    const out = JSON.stringify(result.findings.map((f) => [f.message, f.endpoint]));
    assert.ok(!out.includes(token.slice(6, 20)), out);
  });

  it('a parse that overflows the stack is one parser failure, not one per rule, and one finding', () => {
    const result = analyseFile('src/deep.ts', `${basicAuthExample}const x = ${'['.repeat(3000)}${']'.repeat(3000)};\n`);
    // Issue 14: the file nobody could read is a finding of its own (an error, so CI does not pass it).
    assert.deepEqual(result.findings.map((f) => `${f.start.line}:${f.ruleId}:${f.messageId}:${f.severity}`), ['1:analysis-incomplete:parseFailed:error']);
    assert.deepEqual(result.failures.map((f) => f.ruleId), [PARSER_FAILURE]);
  });
});
