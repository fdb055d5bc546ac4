import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { validateConfig } from '../../../server/src/core/config';
import { sourceLineReader } from '../../../server/src/core/report';
import {
  BaselineError,
  createBaseline,
  formatBaseline,
  loadBaselineFile,
  matchBaseline,
  MAX_BASELINE_BYTES,
  parseBaseline,
  type Baseline,
  type BaselineMatch,
} from '../../../server/src/core/report/baseline';
import { OWN_BASELINE_REASON, OWN_REPORT_REASON, ownReportReason } from '../../../server/src/core/report/own-report';
import { formatText } from '../../../server/src/core/report/text';
import { parseEditorSettings } from '../../../server/src/lsp/settings';
import { RULES_BY_ID } from '../../../server/src/core/rules';
import { audit } from '../../../server/src/core/workspace';
import { fakeApiToken, windows } from '../../support/secrets';
import { makeWorkspace, removeWorkspace, type Tree } from '../../support/workspace';

const token = fakeApiToken();

/** A legacy integration: Basic auth to Jira, a pasted token, the same token line twice, a `.env`. */
const JIRA = `export async function getIssue(key: string): Promise<Response> {
  const auth = Buffer.from(\`\${process.env.JIRA_EMAIL}:\${process.env.JIRA_API_TOKEN}\`).toString('base64');
  return fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${key}\`, { headers: { Authorization: \`Basic \${auth}\` } });
}
`;
const CONFIG = `export const jiraApiToken = '${token}';\nexport const tokens: string[] = [];\ntokens.push('${token}');\ntokens.push('${token}');\n`;
const LEGACY: Tree = { 'src/jira.ts': JIRA, 'src/config.ts': CONFIG, '.env': `JIRA_API_TOKEN=${token}\n` };

const roots: string[] = [];
after(() => roots.forEach(removeWorkspace));

/** Audits a workspace like the CLI does and returns what a baseline needs. */
function auditOf(files: Tree): { root: string; findings: ReturnType<typeof audit>['findings']; lineText: ReturnType<typeof sourceLineReader> } {
  const root = makeWorkspace(files);
  roots.push(root);
  return { root, findings: audit(root).findings, lineText: sourceLineReader(root) };
}

function baselineOf(files: Tree): Baseline {
  const a = auditOf(files);
  return createBaseline(a.findings, a.lineText);
}

/** The baseline of LEGACY, then an audit of the changed workspace against it. */
function against(changed: Tree, base: Tree = LEGACY): BaselineMatch {
  const baseline = parseBaseline(formatBaseline(baselineOf(base)), 'b.json');
  const a = auditOf(changed);
  return matchBaseline(a.findings, baseline, { lineText: a.lineText, fileExists: (f) => fs.existsSync(path.join(a.root, f)) });
}

const where = (m: BaselineMatch): string[] => m.fresh.map((f) => `${f.ruleId} ${f.file}:${f.start.line}`);

describe('baseline: which findings are new', () => {
  const legacyCount = auditOf(LEGACY).findings.length;

  it('the legacy workspace has findings of several rules, two on identical lines', () => {
    // Guards the cases below: without these findings they would pass on nothing.
    const ids = auditOf(LEGACY).findings.map((f) => `${f.ruleId} ${f.file}:${f.start.line}`);
    assert.deepEqual(ids.sort(), [
      'no-api-token-basic-auth src/jira.ts:3',
      'no-api-token-literal .env:1',
      'no-api-token-literal src/config.ts:1',
      'no-api-token-literal src/config.ts:3',
      'no-api-token-literal src/config.ts:4',
    ]);
  });

  const cases: { name: string; changed: Tree; fresh: string[]; matched: number; gone: number }[] = [
    { name: 'nothing changed: everything matched', changed: LEGACY, fresh: [], matched: legacyCount, gone: 0 },
    {
      name: 'lines inserted above every finding: still matched',
      changed: { ...LEGACY, 'src/jira.ts': `// Jira access\n\nimport 'dotenv/config';\n\n${JIRA}`, 'src/config.ts': `/* settings */\n\n${CONFIG}`, '.env': `# local\nJIRA_BASE_URL=https://acme.atlassian.net\n${LEGACY['.env'] as string}` },
      fresh: [],
      matched: legacyCount,
      gone: 0,
    },
    {
      name: 'a file renamed (and moved): still matched',
      changed: { 'src/jira.ts': JIRA, 'lib/settings/secrets.ts': CONFIG, '.env': LEGACY['.env'] as string },
      fresh: [],
      matched: legacyCount,
      gone: 0,
    },
    {
      name: 'indentation changed: still matched',
      changed: { ...LEGACY, 'src/jira.ts': JIRA.replace(/^ {2}/gm, '    ') },
      fresh: [],
      matched: legacyCount,
      gone: 0,
    },
    {
      name: 'one baseline finding fixed: reported as gone, nothing new',
      changed: { ...LEGACY, 'src/config.ts': CONFIG.replace(`export const jiraApiToken = '${token}';`, 'export const jiraApiToken = process.env.JIRA_API_TOKEN;') },
      fresh: [],
      matched: legacyCount - 1,
      gone: 1,
    },
    {
      name: 'a new API-token call added: only it is new',
      changed: {
        ...LEGACY,
        'src/jira.ts': `${JIRA}\nexport async function deleteIssue(key: string): Promise<Response> {\n  const auth = Buffer.from(\`\${process.env.JIRA_EMAIL}:\${process.env.JIRA_API_TOKEN}\`).toString('base64');\n  return fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${key}\`, { method: 'DELETE', headers: { Authorization: \`Basic \${auth}\` } });\n}\n`,
      },
      fresh: ['no-api-token-basic-auth src/jira.ts:8'],
      matched: legacyCount,
      gone: 0,
    },
    {
      name: 'an identical line added a third time: the third copy is new',
      changed: { ...LEGACY, 'src/config.ts': `${CONFIG}tokens.push('${token}');\n` },
      fresh: ['no-api-token-literal src/config.ts:5'],
      matched: legacyCount,
      gone: 0,
    },
    {
      name: 'one of two identical lines removed: one gone, the other matched',
      changed: { ...LEGACY, 'src/config.ts': CONFIG.replace(`tokens.push('${token}');\n`, '') },
      fresh: [],
      matched: legacyCount - 1,
      gone: 1,
    },
    {
      name: 'a baseline line copied into another file while the original stays: the copy is new',
      changed: { ...LEGACY, 'src/backup.ts': `export const jiraApiToken = '${token}';\n` },
      fresh: ['no-api-token-literal src/backup.ts:1'],
      matched: legacyCount,
      gone: 0,
    },
    {
      name: 'the code of a finding\'s line changed: that finding is new, its old form gone',
      changed: { ...LEGACY, 'src/jira.ts': JIRA.replace('{ headers:', "{ method: 'GET', headers:") },
      fresh: ['no-api-token-basic-auth src/jira.ts:3'],
      matched: legacyCount - 1,
      gone: 1,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = against(c.changed);
      assert.deepEqual(where(m), c.fresh);
      assert.equal(m.matched.length, c.matched);
      assert.equal(m.gone, c.gone);
    });
  }

  it('a new token (another value) on an accepted line is still matched: the fingerprint holds no value', () => {
    const other = fakeApiToken();
    const m = against({ ...LEGACY, 'src/config.ts': CONFIG.split(token).join(other) });
    assert.deepEqual(where(m), []);
  });
});

describe('baseline file', () => {
  it('is sorted, versioned and byte-identical across runs; holds no secret, no redacted prefix, no message, no code', () => {
    const first = formatBaseline(baselineOf(LEGACY));
    const second = formatBaseline(baselineOf(LEGACY));
    assert.equal(first, second);
    const doc = JSON.parse(first) as { format: string; version: number; findings: { ruleId: string; file: string; fingerprint: string; count: number }[] };
    assert.equal(doc.format, 'marketplace-guard-baseline');
    assert.equal(doc.version, 1);
    assert.deepEqual(
      doc.findings.map((e) => `${e.file} ${e.ruleId}`),
      ['.env no-api-token-literal', 'src/config.ts no-api-token-literal', 'src/config.ts no-api-token-literal', 'src/jira.ts no-api-token-basic-auth'],
    );
    // The two identical `tokens.push(…)` lines are one entry counted twice.
    assert.deepEqual(doc.findings.map((e) => e.count).sort(), [1, 1, 1, 2]);
    for (const e of doc.findings) assert.deepEqual(Object.keys(e), ['ruleId', 'file', 'fingerprint', 'count']);
    for (const w of windows(token)) assert.ok(!first.includes(w), 'no 8-character window of the token');
    assert.ok(!first.includes('ATATT3'), "not even the redacted form's visible part");
    assert.ok(!/Basic|process\.env|atlassian\.net|Personal access/.test(first), 'no code and no message text');
  });

  it('of a clean workspace has an empty list', () => {
    assert.equal(formatBaseline(baselineOf({ 'src/index.ts': 'export const answer = 42;\n' })), '{\n  "format": "marketplace-guard-baseline",\n  "version": 1,\n  "findings": []\n}\n');
  });

  it('saved inside the audited folder is never analysed itself', () => {
    const text = formatBaseline(baselineOf(LEGACY));
    const root = makeWorkspace({ 'b.json': text, '.marketplace-guard-baseline.json': text });
    roots.push(root);
    const result = audit(root);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.skipped.map((s) => s.reason), [OWN_BASELINE_REASON, OWN_BASELINE_REASON]);
  });

  it('a text report made with a baseline, saved in the workspace, is still recognised as a report', () => {
    const a = auditOf(LEGACY);
    const [first, ...rest] = a.findings;
    assert.ok(first);
    for (const [findings, matched] of [[[first], rest], [[], a.findings]] as const) {
      const text = formatText(
        { root: a.root, findings: [...findings], skipped: [], failures: [], filesAnalysed: 3, version: '0.1.0', baseline: { file: 'b.json', matched, gone: 0 } },
        { color: false, verbose: false },
      );
      assert.match(text, /^(✖ 1 new finding|✔ No new Marketplace security policy findings)/m);
      assert.equal(ownReportReason(text), OWN_REPORT_REASON);
    }
  });

  const bad: { name: string; text: string; message: RegExp }[] = [
    { name: 'not JSON (and its text is not echoed)', text: `{"format": "${token}`, message: /^baseline b\.json is not valid JSON \(write one with --write-baseline\)$/ },
    { name: 'JSON that is not a baseline (a SARIF log)', text: '{"version":"2.1.0","runs":[]}', message: /^b\.json is not a Marketplace Guard baseline/ },
    { name: 'a newer version', text: '{"format":"marketplace-guard-baseline","version":2,"findings":[]}', message: /version 2, written by a newer Marketplace Guard; this one reads version 1$/ },
    { name: 'findings not a list', text: '{"format":"marketplace-guard-baseline","version":1,"findings":{}}', message: /"findings" must be an array$/ },
    {
      name: 'a bad fingerprint',
      text: `{"format":"marketplace-guard-baseline","version":1,"findings":[{"ruleId":"no-api-token-literal","file":"a.ts","fingerprint":"${token}","count":1}]}`,
      message: /^baseline b\.json: findings\[0\]\.fingerprint must be 32 hex digits$/,
    },
    {
      name: 'a count of 0',
      text: '{"format":"marketplace-guard-baseline","version":1,"findings":[{"ruleId":"r","file":"a.ts","fingerprint":"0123456789abcdef0123456789abcdef","count":0}]}',
      message: /findings\[0\]\.count must be a whole number ≥ 1$/,
    },
  ];
  for (const b of bad) {
    it(`refuses ${b.name} with one clear sentence`, () => {
      assert.throws(() => parseBaseline(b.text, 'b.json'), (err: unknown) => {
        assert.ok(err instanceof BaselineError);
        assert.match(err.message, b.message);
        assert.ok(!err.message.includes(token.slice(0, 12)));
        return true;
      });
    });
  }

  it('refuses a missing file and a file over 20 MiB before reading it', () => {
    const root = makeWorkspace({});
    roots.push(root);
    assert.throws(() => loadBaselineFile(path.join(root, 'none.json')), /^Error: cannot read baseline .*none\.json: no such file \(write one with --write-baseline\)$/);
    const huge = path.join(root, 'huge.json');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, MAX_BASELINE_BYTES + 1);
    assert.throws(() => loadBaselineFile(huge), /^Error: cannot read baseline .*huge\.json: larger than 20 MiB/);
  });

  it('named by a workspace is read only inside its folder', () => {
    const root = makeWorkspace({ 'b.json': formatBaseline({ entries: [] }) });
    roots.push(root);
    assert.deepEqual(loadBaselineFile('b.json', root).entries, []);
    assert.throws(() => loadBaselineFile('../../../../../../etc/hostname', root), /cannot read baseline .*: outside the audited folder/);
  });
});

describe('"baseline" in .marketplace-guard.json', () => {
  const known = new Set(RULES_BY_ID.keys());
  const table: { value: unknown; baseline?: string; problem?: RegExp }[] = [
    { value: '.marketplace-guard-baseline.json', baseline: '.marketplace-guard-baseline.json' },
    { value: 'ci/baseline.json', baseline: 'ci/baseline.json' },
    { value: '', problem: /"baseline" must be the path of a baseline file, not ""/ },
    { value: 42, problem: /"baseline" must be the path of a baseline file, not the number 42/ },
    { value: ['b.json'], problem: /not an array/ },
    { value: '/etc/passwd', problem: /"baseline" must be a path relative to the folder of \.marketplace-guard\.json/ },
    { value: 'C:\\baseline.json', problem: /must be a path relative/ },
  ];
  for (const row of table) {
    it(`${JSON.stringify(row.value).slice(0, 40)} → ${row.baseline ?? 'a problem, the rest applied'}`, () => {
      const { config, problems } = validateConfig({ baseline: row.value, ownedDomains: ['acme.com'] }, known);
      assert.equal(config.baseline, row.baseline);
      assert.deepEqual(config.ownedDomains, ['acme.com']);
      if (row.problem) {
        assert.equal(problems.length, 1);
        assert.match(problems[0] ?? '', row.problem);
        assert.ok(!(problems[0] ?? '').includes(token.slice(0, 12)), 'a pasted token is not echoed');
      } else assert.deepEqual(problems, []);
    });
  }

  it('is a workspace-file key only: editor settings name it as unknown', () => {
    const warnings: string[] = [];
    parseEditorSettings({ baseline: 'b.json' }, (m) => warnings.push(m));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /unknown key "baseline"/);
  });
});
