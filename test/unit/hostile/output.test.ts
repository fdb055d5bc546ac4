import { strict as assert } from 'assert';
import * as path from 'path';
import { validateConfig } from '../../../server/src/core/config';
import { scrubSecrets } from '../../../server/src/core/redact';
import { formatReport } from '../../../server/src/core/report';
import { escapeTerminal, markdownCode, markdownText } from '../../../server/src/core/report/escape';
import { REPORT_FORMATS, type ReportFormat } from '../../../server/src/core/report/types';
import { RULES_BY_ID } from '../../../server/src/core/rules';
import { audit } from '../../../server/src/core/workspace';
import { parseEditorSettings } from '../../../server/src/lsp/settings';
import { ExportReportRequest, type ExportReportResult } from '../../../server/src/protocol';
import { TestClient, makeWorkspace as makeLspWorkspace } from '../../lsp/harness';
import { fakeApiToken, randomAlnum, windows } from '../../support/secrets';
import { elements, parseXml } from '../../support/xml';
import { buildCliOnce, makeWorkspace, removeWorkspace, runCli } from '../../support/workspace';

/**
 * Issue 14, safe output: what a stranger's repository can put in front of the person auditing it.
 * Secrets inside URLs (user info, `client_secret`/`token`/`code`/`sig`/`api_key` query and fragment
 * values, `;jsessionid`), a secret pasted into the config, and file and folder names built to drive the
 * terminal (clear screen, window title, OSC 8 links, `ESC[8m` hiding, C1 CSI, bidi) or the Markdown
 * report (`<img onerror>`, backticks, `|`, newlines). Every payload is generated here, in a temp folder.
 */

const ESC = '\u001b';
const BEL = '\u0007';

/** Hostile file names (one folder level, no `/`), each holding an insecure redirect URI so it is reported. */
const HOSTILE_NAMES: readonly string[] = [
  `clear${ESC}[2J${ESC}[H${ESC}]0;owned${BEL}.ts`,
  `link${ESC}]8;;http:evil.example${ESC}\\click${ESC}]8;;${ESC}\\.ts`,
  `hide${ESC}[8m.ts`,
  `forge\r${ESC}[2K✔ No Marketplace security policy findings (1 file analysed).${ESC}[8m.ts`,
  'csi\u009b2J.ts',
  'bidi\u202ests.exe.ts',
  'new\nline.ts',
  'pipe|cell.ts',
  'tick`code`.ts',
  '<img src=x onerror=alert(1)>.ts',
];

/** Raw control characters a terminal or viewer would act on (LF is the only one an output may hold). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** Every 8-character window of any secret found in `output`. */
function leaks(output: string, secrets: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) for (const w of windows(secret)) if (output.includes(w)) found.push(`${name}: ${w}`);
  return found;
}

/** Markdown with its code spans removed (CommonMark: a run of n backticks closes at the next run of exactly n). */
function outsideCodeSpans(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] !== '`') {
      out += md[i];
      i++;
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = md.indexOf(fence, i + n);
    while (close >= 0 && (md[close + n] === '`' || md[close - 1] === '`')) close = md.indexOf(fence, close + 1);
    if (close < 0) {
      out += fence;
      i += n;
      continue;
    }
    out += '⟦code⟧';
    i = close + n;
  }
  return out;
}

/** GFM table rows under a heading, split on unescaped pipes. */
function tableRows(md: string, heading: string): string[][] {
  const start = md.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `no heading ${heading}`);
  const rows: string[][] = [];
  for (const line of md.slice(start + heading.length + 1).split('\n')) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|') || line.startsWith('| ---')) continue;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/));
  }
  return rows;
}

describe('hostile output: secrets, terminal escapes and Markdown injection (issue 14)', function () {
  this.timeout(180_000);
  if (process.platform === 'win32') return; // the hostile names are not valid Windows file names

  const secrets = {
    userPassword: randomAlnum(22),
    clientSecret: randomAlnum(40),
    token: randomAlnum(32),
    session: randomAlnum(32),
    code: randomAlnum(24),
    sig: randomAlnum(28),
    apiKey: randomAlnum(30),
    accessToken: randomAlnum(36),
    refreshToken: randomAlnum(36),
    basicPassword: randomAlnum(26),
    loneUserToken: randomAlnum(40),
    configToken: fakeApiToken(),
  };
  const s = secrets;
  const rootName = `app<img src=x onerror=alert(9)>|\`r\`${ESC}]0;t${BEL}`;
  let root = '';
  const basicCall = (url: string): string =>
    `export const call = () => fetch('${url}', { headers: { Authorization: 'Basic ' + btoa('bot@acme.com:' + process.env.JIRA_API_TOKEN) } });\n`;

  before(() => {
    buildCliOnce();
    const tree: Record<string, string> = {
      'src/oauth.ts': [
        `export const redirect_uri = 'http://user:${s.userPassword}@evil.example.com/cb?client_secret=${s.clientSecret}&token=${s.token}';`,
        `export const redirectUri = 'https://acme.herokuapp.com/cb;jsessionid=${s.session}?code=${s.code}&sig=${s.sig}&api_key=${s.apiKey}';`,
        `export const callbackURL = 'http://acme.example.com/cb#access_token=${s.accessToken}&refresh_token=${s.refreshToken}';`,
        `export const callback_url = 'http://${s.loneUserToken}@acme.example.com/cb';`,
        '',
      ].join('\n'),
      'src/basic.ts': basicCall(`https://bot:${s.basicPassword}@acme.atlassian.net/rest/api/3/myself;jsessionid=${s.session}`),
      'api/endpoint.ts': basicCall('https://acme.atlassian.net/rest/api/3/issue/<img src=x onerror=alert(3)>|`x`'),
    };
    for (const name of HOSTILE_NAMES) tree[`src/${name}`] = "export const redirect_uri = 'http://acme.example.com/cb';\n";
    root = makeWorkspace(tree, rootName);
  });
  after(() => removeWorkspace(root));

  const cli = (format: ReportFormat): { stdout: string; stderr: string; status: number | null } => runCli(['audit', root, '--format', format, '--verbose']);

  it('the checks can fail: a leak, a raw escape and HTML outside a code span are caught', () => {
    assert.equal(leaks(`x${s.clientSecret.slice(3, 12)}x`, secrets).length, 2);
    assert.ok(RAW_CONTROL.test(`a${ESC}[8mb`) && RAW_CONTROL.test('a\u202eb') && RAW_CONTROL.test('a\u009bb') && !RAW_CONTROL.test('a\nb'));
    assert.ok(outsideCodeSpans('a `<b>` <img> ``x`y``').includes('<img>'));
    assert.ok(!outsideCodeSpans('a `<b>` ``x`<i>`y``').includes('<'));
  });

  it('the payloads are all reported (so the outputs below carry them)', () => {
    const result = audit(root);
    const files = new Set(result.findings.map((f) => f.file));
    for (const name of HOSTILE_NAMES) assert.ok(files.has(`src/${name}`), `no finding in ${JSON.stringify(name)}`);
    const rules = result.findings.map((f) => `${f.file} ${f.ruleId}`);
    for (const expected of ['src/oauth.ts redirect-uri-insecure', 'src/oauth.ts redirect-uri-untrusted-host', 'src/basic.ts no-api-token-basic-auth', 'api/endpoint.ts no-api-token-basic-auth']) {
      assert.ok(rules.includes(expected), `missing ${expected}`);
    }
  });

  for (const format of REPORT_FORMATS) {
    it(`audit --format ${format}: no secret, no raw control character (CLI, stdout and stderr)`, () => {
      const r = cli(format);
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(leaks(r.stdout + r.stderr, secrets).slice(0, 5), []);
      const raw = RAW_CONTROL.exec(r.stdout + r.stderr);
      assert.equal(raw, null, `raw U+${raw?.[0].charCodeAt(0).toString(16)} in --format ${format}`);
    });

    it(`formatReport('${format}') in process: no secret; with colour on, the only escapes are its own colours`, () => {
      const out = formatReport(format, { ...audit(root), version: '0.0.0' }, { color: true, verbose: true });
      assert.deepEqual(leaks(out, secrets).slice(0, 5), []);
      const ownColours = out.replace(/\u001b\[(?:0|1|4|31|33|34|90)m/g, '');
      assert.equal(RAW_CONTROL.exec(ownColours), null);
    });
  }

  it('text: redirect URIs keep their shape with every credential redacted; Basic auth names the endpoint without user info', () => {
    const out = cli('text').stdout;
    assert.match(out, /http:\/\/user:[A-Za-z0-9]{0,6}…\(22 chars\)@evil\.example\.com\/cb\?client_secret=[A-Za-z0-9]{0,6}…\(40 chars\)&token=[A-Za-z0-9]{0,6}…\(32 chars\)/);
    assert.match(out, /;jsessionid=[A-Za-z0-9]{0,6}…\(32 chars\)\?code=[A-Za-z0-9]{0,6}…\(24 chars\)&sig=[A-Za-z0-9]{0,6}…\(28 chars\)&api_key=/);
    assert.match(out, /#access_token=[A-Za-z0-9]{0,6}…\(36 chars\)&refresh_token=[A-Za-z0-9]{0,6}…\(36 chars\)/);
    assert.match(out, /http:\/\/[A-Za-z0-9]{0,6}…\(40 chars\)@acme\.example\.com\/cb/);
    assert.match(out, /API token sent with Basic auth to GET \/rest\/api\/3\/myself;jsessionid=[A-Za-z0-9]{0,6}…\(32 chars\)\. /);
    assert.match(out, /goes to GET https:\/\/acme\.atlassian\.net\/rest\/api\/3\/myself;jsessionid=[A-Za-z0-9]{0,6}…\(32 chars\)\. /);
  });

  it('text: hostile file names are shown escaped, and no name can forge the summary or hide a finding', () => {
    const out = cli('text').stdout;
    const lines = out.trimEnd().split('\n');
    for (const name of HOSTILE_NAMES) assert.ok(lines.includes(`src/${escapeTerminal(name)}`), `no escaped line for ${JSON.stringify(name)}`);
    assert.ok(lines.includes('src/hide\\x1b[8m.ts'));
    assert.ok(lines.includes('src/clear\\x1b[2J\\x1b[H\\x1b]0;owned\\x07.ts'));
    assert.ok(lines.includes('src/new\\nline.ts'));
    assert.ok(lines.includes('src/bidi\\u202ests.exe.ts'));
    assert.ok(!lines.some((l) => l.startsWith('✔')), 'a file name forged the clean summary');
    const findings = (JSON.parse(cli('json').stdout) as { findings: unknown[] }).findings.length;
    assert.ok(lines.some((l) => l.startsWith(`✖ ${findings} findings`)), 'the real summary counts every finding');
  });

  it('JSON and SARIF keep the real file names (encoded), so tools still find the files', () => {
    const json = JSON.parse(cli('json').stdout) as { root: string; findings: { file: string }[] };
    const files = new Set(json.findings.map((f) => f.file));
    for (const name of HOSTILE_NAMES) assert.ok(files.has(`src/${name}`));
    assert.equal(path.basename(json.root), rootName);
    const sarif = JSON.parse(cli('sarif').stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = new Set(sarif.runs[0]?.results.map((r) => decodeURIComponent(r.locations[0]?.physicalLocation.artifactLocation.uri ?? '')));
    for (const name of HOSTILE_NAMES) assert.ok(uris.has(`src/${name}`));
  });

  it('JUnit stays well-formed XML with one test case per finding; GitLab keeps the real names', () => {
    const json = JSON.parse(cli('json').stdout) as { findings: unknown[] };
    const doc = parseXml(cli('junit').stdout);
    assert.equal(elements(doc, 'testcase').length, json.findings.length, 'a name forged or swallowed a test case');
    assert.equal(elements(doc, 'failure').length, json.findings.length);
    const files = new Set(elements(doc, 'testcase').map((c) => c.attributes['file']));
    assert.ok(files.has('src/clear\\x1b[2J\\x1b[H\\x1b]0;owned\\x07.ts') && files.has('src/<img src=x onerror=alert(1)>.ts'), [...files].join('\n'));
    const issues = JSON.parse(cli('gitlab').stdout) as { location: { path: string } }[];
    const paths = new Set(issues.map((i) => i.location.path));
    for (const name of HOSTILE_NAMES) assert.ok(paths.has(`src/${name}`));
  });

  it('Markdown: no HTML outside code spans, tables keep their columns, every finding is one row', () => {
    const md = cli('markdown').stdout;
    const prose = outsideCodeSpans(md);
    assert.ok(!/<[a-z!/]/i.test(prose), `HTML in the report: ${prose.slice(Math.max(0, prose.search(/<[a-z!/]/i) - 40)).slice(0, 120)}`);
    assert.ok(!prose.includes('`'), 'a backtick broke out of a code span');
    // Shown as text: the entity-escaped tag, backslash-escaped backticks, and `\x1b` itself escaped (`\\x1b` renders as `\x1b`).
    assert.ok(md.startsWith('# API-token migration report: app&lt;img src=x onerror=alert(9)&gt;|\\`r\\`\\\\x1b\\]0;t\\\\x07\n'), md.slice(0, 120));
    const endpoints = tableRows(md, '## Endpoints called with an API token');
    assert.ok(endpoints.length >= 3);
    for (const row of endpoints) assert.equal(row.length, 6, `endpoint row split: ${row.join(' | ')}`);
    const redirects = tableRows(md, '### Redirect URIs');
    for (const row of redirects) assert.equal(row.length, 4, `finding row split: ${row.join(' | ')}`);
    const json = JSON.parse(cli('json').stdout) as { findings: { category: string }[] };
    assert.equal(redirects.length - 1, json.findings.filter((f) => f.category === 'redirect-uris').length, 'a newline in a name broke a row');
    assert.ok(md.includes(`| ${markdownCode(`src/${HOSTILE_NAMES[8] ?? ''}:1`)} |`), 'a backtick name gets a longer fence');
    assert.ok(md.includes('`src/pipe\\|cell.ts:1`'), 'a pipe in a name is escaped in the table');
  });

  it('markdownText and markdownCode: HTML, emphasis, links and code fences from a name stay text', () => {
    assert.equal(markdownText('<img src=x onerror=alert(1)> & *b* [l](u) `c` \\'), '&lt;img src=x onerror=alert(1)&gt; &amp; \\*b\\* \\[l\\](u) \\`c\\` \\\\');
    assert.equal(markdownCode('a`b'), '`` a`b ``');
    assert.equal(markdownCode('a``b`'), '``` a``b` ```');
    assert.equal(markdownText(`x${ESC}[8my\nz`), 'x\\\\x1b\\[8my\\\\nz');
  });

  it('one redaction: URL credentials in any text, idempotent, placeholders kept', () => {
    const once = scrubSecrets(`see https://u:${s.userPassword}@h/x?client_secret=${s.clientSecret}#token=${s.token};x`);
    assert.deepEqual(leaks(once, secrets), []);
    assert.equal(scrubSecrets(once), once);
    assert.equal(scrubSecrets('https://{user}:{token}@h/cb?code={code}&state=abc'), 'https://{user}:{token}@h/cb?code={code}&state=abc');
    assert.equal(scrubSecrets('https://git@github.com/a/b.git'), 'https://git@github.com/a/b.git');
  });

  describe('config and settings: one message per bad value, the rest applied, no secret echoed', () => {
    const known = new Set(RULES_BY_ID.keys());
    const hostile = {
      rules: { [s.configToken]: 'off', 'no-api-token-literal': { toString: 1 }, 'redirect-uri-untrusted-host': 'error', 'no-api-token-client': 'loud' },
      ownedDomains: ['acme.com', 5],
      exclude: 'dist',
      [`key${s.token}`]: true,
    };
    // `__proto__` as JSON writes it: an own key, which must not reach any object's prototype.
    const asJson: unknown = JSON.parse(JSON.stringify(hostile).replace('{"rules":{', '{"rules":{"__proto__":"off",'));

    it('.marketplace-guard.json values: each bad one named once, the good ones kept', () => {
      const { config, problems } = validateConfig(asJson, known);
      assert.deepEqual(config, { rules: { 'redirect-uri-untrusted-host': 'error' }, ownedDomains: ['acme.com'], exclude: [] });
      assert.equal(problems.length, 7, problems.join('\n'));
      assert.ok(problems.some((p) => /^unknown rule "ATATT3…\(\d+ chars\)" in "rules"$/.test(p)), problems.join('\n'));
      assert.ok(problems.some((p) => p === 'rule "no-api-token-literal": severity must be "off", "info", "warning" or "error", not an object'));
      assert.ok(problems.some((p) => p === 'rule "no-api-token-client": severity must be "off", "info", "warning" or "error", not "loud"'));
      assert.ok(problems.some((p) => p === '"ownedDomains"[1] must be a string, not the number 5'));
      assert.ok(problems.some((p) => p === '"exclude" must be an array of strings, not "dist"'));
      assert.ok(problems.some((p) => /^unknown key "key.{0,6}…\(\d+ chars\)"/.test(p)));
      assert.deepEqual(leaks(problems.join('\n'), secrets), []);
    });

    it('editor settings: the same, and { "toString": 1 } does not throw', () => {
      const warnings: string[] = [];
      const settings = parseEditorSettings(asJson, (m) => warnings.push(m));
      assert.deepEqual(settings.rules, { 'redirect-uri-untrusted-host': 'error' });
      assert.deepEqual(settings.ownedDomains, ['acme.com']);
      assert.equal(warnings.length, 7);
      assert.ok(warnings.every((w) => w.startsWith('marketplaceGuard: ') && w.endsWith('; ignored.')));
      assert.deepEqual(leaks(warnings.join('\n'), secrets), []);
    });

    it('CLI: each bad value one stderr line, the rest applied; a secret pasted as a rule id or into --rule is not echoed', () => {
      const ws = makeWorkspace({
        'src/a.ts': "export const redirectUri = 'https://acme.herokuapp.com/cb';\n",
        '.marketplace-guard.json': JSON.stringify(hostile).replace('{"rules":{', '{"rules":{"__proto__":"off",'),
      });
      try {
        const r = runCli(['audit', ws, '--format', 'json']);
        assert.deepEqual(leaks(r.stdout + r.stderr, secrets), []);
        const lines = r.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 7, r.stderr);
        for (const line of lines) assert.match(line, /^marketplace-guard: .*\.marketplace-guard\.json: .*; ignored\.$/);
        // The valid entry applied: the shared-host warning is an error, so the audit fails.
        assert.equal(r.status, 1);
        const report = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string }[] };
        // (The token pasted into the config file is itself reported, redacted, as a token in a JSON file.)
        assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.severity}`).sort(), ['no-api-token-literal error', 'redirect-uri-untrusted-host error']);
        const flag = runCli(['audit', ws, '--rule', `${s.configToken}=off`]);
        assert.equal(flag.status, 2);
        assert.match(flag.stderr, /unknown rule "ATATT3…\(\d+ chars\)"/);
        assert.deepEqual(leaks(flag.stderr, secrets), []);
      } finally {
        removeWorkspace(ws);
      }
    });
  });

  describe('over LSP', () => {
    let client: TestClient | undefined;
    afterEach(async () => {
      await client?.stop();
      client = undefined;
    });

    it('diagnostics redact URL credentials; a hostile rules setting is reported and the rest applied; the export is escaped', async () => {
      const text = [
        `export const redirect_uri = 'http://user:${s.userPassword}@evil.example.com/cb?client_secret=${s.clientSecret}&token=${s.token}';`,
        `export const redirectUri = 'https://acme.herokuapp.com/cb;jsessionid=${s.session}?code=${s.code}&sig=${s.sig}&api_key=${s.apiKey}';`,
        basicCall(`https://bot:${s.basicPassword}@acme.atlassian.net/rest/api/3/myself`).trimEnd(),
        '',
      ].join('\n');
      const folder = makeLspWorkspace({ 'src/oauth.ts': text, '.marketplace-guard.json': JSON.stringify({ rules: { 'redirect-uri-insecure': 'warning', bogus: 'off' }, exclude: 7 }) });
      client = await TestClient.start(folder);
      client.settings = { rules: { 'no-api-token-literal': { toString: 1 }, 'redirect-uri-untrusted-host': 'error', [s.configToken]: 'off' } };
      const { diagnostics } = await client.open('src/oauth.ts', text);
      const codes = diagnostics.map((d) => String(d.code));
      for (const rule of ['redirect-uri-insecure', 'redirect-uri-untrusted-host', 'no-api-token-basic-auth']) assert.ok(codes.includes(rule), `no ${rule}: ${codes.join(', ')}`);
      // The valid entry applied: warning by default, error here (severity 1).
      assert.equal(diagnostics.find((d) => d.code === 'redirect-uri-untrusted-host')?.severity, 1);
      // The workspace file's valid entry applied too (error by default, warning here), its bad ones reported.
      assert.equal(diagnostics.find((d) => d.code === 'redirect-uri-insecure')?.severity, 2);
      assert.ok(client.logs.some((l) => /\.marketplace-guard\.json: unknown rule "bogus" in "rules"; ignored\./.test(l)), client.logs.join('\n'));
      assert.ok(client.logs.some((l) => /\.marketplace-guard\.json: "exclude" must be an array of strings, not the number 7; ignored\./.test(l)));
      for (const d of diagnostics) assert.deepEqual(leaks(JSON.stringify([d.message, d.relatedInformation, (d.data as { detail?: string } | undefined)?.detail]), secrets).slice(0, 5), [], `${String(d.code)}: ${JSON.stringify(d).slice(0, 600)}`);
      assert.ok(client.logs.some((l) => /rule "no-api-token-literal": severity must be .* not an object; ignored\./.test(l)), client.logs.join('\n'));
      assert.ok(client.logs.some((l) => /unknown rule "ATATT3…\(\d+ chars\)"/.test(l)));
      assert.deepEqual(leaks(client.logs.join('\n') + client.stderr, secrets), []);
      for (const format of ['markdown', 'sarif', 'json'] as const) {
        const exported: ExportReportResult = await client.connection.sendRequest(ExportReportRequest, { format });
        assert.ok(exported.findings >= 3);
        assert.deepEqual(leaks(exported.text, secrets).slice(0, 5), [], format);
      }
    });
  });
});
