import { strict as assert } from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import type * as Sarif from 'sarif';
import { formatGitlab, type GitlabIssue } from '../../../server/src/core/report/gitlab';
import { formatJunit, xmlText } from '../../../server/src/core/report/junit';
import { FINGERPRINT_KEY, formatSarif } from '../../../server/src/core/report/sarif';
import { elements, parseXml, type XmlElement } from '../../support/xml';
import { fakeApiToken, windows } from '../../support/secrets';
import { finding, related, reportInput } from './sample';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'gitlab-codequality.json'), 'utf8')) as object;
const validateGitlab = new Ajv({ strict: false }).compile(schema);

function gitlab(...args: Parameters<typeof formatGitlab>): GitlabIssue[] {
  const out = JSON.parse(formatGitlab(...args)) as GitlabIssue[];
  assert.ok(validateGitlab(out), JSON.stringify(validateGitlab.errors));
  return out;
}

function attr(el: XmlElement | undefined, name: string): string | undefined {
  return el?.attributes[name];
}

const ESC = '\u001b';

describe('CI report formats', () => {
  const token = fakeApiToken();
  const findings = [
    finding('src/jira.ts', 4, 21, { message: 'Atlassian API token ATATT3…(192 chars) is written in this file.' }),
    finding('src/jira.ts', 9, 3, { ruleId: 'no-api-token-basic-auth', message: 'Basic auth with an Atlassian API token.', related: [related('src/env.ts', 2, 5, 'token comes from process.env.JIRA_API_TOKEN')] }),
    finding('manifest.yml', 7, 5, { ruleId: 'no-broad-scope', category: 'scopes', severity: 'warning', policy: 'Scopes' }),
    finding('README.md', 2, 1, { ruleId: 'invalid-suppression', category: 'meta', severity: 'info', policy: 'Suppression directives' }),
  ];
  const suppressed = [{ ...finding('src/legacy.ts', 3, 1), justification: 'revoked on 2026-01-02, rotation ticket SEC-12' }, { ...finding('src/old.ts', 1, 1), justification: '' }];

  describe('--format gitlab (Code Quality)', () => {
    it('one issue per finding with the fields GitLab reads; the schema check can fail', () => {
      const issues = gitlab(reportInput(findings));
      assert.deepEqual(
        issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
        [
          ['no-broad-scope', 'minor', 'manifest.yml', 7],
          ['invalid-suppression', 'info', 'README.md', 2],
          ['no-api-token-literal', 'critical', 'src/jira.ts', 4],
          ['no-api-token-basic-auth', 'critical', 'src/jira.ts', 9],
        ],
      );
      assert.equal(issues[2]?.description, 'Atlassian API token ATATT3…(192 chars) is written in this file.');
      assert.equal(validateGitlab([{ ...issues[0], severity: 'error' }]), false, 'an unknown severity is rejected');
      assert.equal(validateGitlab([{ ...issues[0], location: { path: 'a', lines: {} } }]), false, 'a location without a line is rejected');
    });

    it('a clean audit is an empty array (GitLab shows no issues, not a parse error)', () => {
      assert.deepEqual(gitlab(reportInput([])), []);
    });

    it('fingerprints are SARIF’s for the same finding, unique, stable when lines move, and hold no source', () => {
      const lines: Record<string, string[]> = { 'src/jira.ts': [], 'manifest.yml': [] };
      (lines['src/jira.ts'] as string[])[3] = `const jiraApiToken = '${token}';`;
      (lines['src/jira.ts'] as string[])[8] = "fetch(url, { headers: { Authorization: 'Basic ' + btoa(x) } });";
      const lineText = (file: string, line: number): string | undefined => lines[file]?.[line - 1];
      const input = reportInput(findings, { suppressed });
      const issues = gitlab(input, { lineText });
      const sarif = JSON.parse(formatSarif(input, { lineText })) as Sarif.Log;
      const sarifFp = new Map((sarif.runs[0]?.results ?? []).map((r) => [`${r.ruleId} ${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri} ${r.locations?.[0]?.physicalLocation?.region?.startLine}`, r.partialFingerprints?.[FINGERPRINT_KEY]]));
      for (const i of issues) assert.equal(i.fingerprint, sarifFp.get(`${i.check_name} ${i.location.path} ${i.location.lines.begin}`));
      assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
      for (const i of issues) assert.match(i.fingerprint, /^[0-9a-f]{64}:\d+$/);
      assert.deepEqual(windows(token).filter((w) => JSON.stringify(issues).includes(w)), []);
      // Ten lines inserted above every finding: the same fingerprints.
      const moved = findings.map((f) => ({ ...f, start: { ...f.start, line: f.start.line + 10 }, end: { ...f.end, line: f.end.line + 10 } }));
      const movedText = (file: string, line: number): string | undefined => lines[file]?.[line - 11];
      assert.deepEqual(gitlab(reportInput(moved), { lineText: movedText }).map((i) => i.fingerprint), gitlab(reportInput(findings), { lineText }).map((i) => i.fingerprint));
    });

    it('leaves suppressed findings out (SARIF keeps them, GitLab has no notion of them)', () => {
      const issues = gitlab(reportInput(findings, { suppressed }));
      assert.equal(issues.length, findings.length);
      assert.ok(!issues.some((i) => i.location.path === 'src/legacy.ts'));
    });

    it('redacts a secret a message or a file name let through, and keeps hostile names as valid JSON', () => {
      const leaky = [finding(`src/${token}.ts`, 1, 1, { message: `token ${token} here` }), finding(`src/clear${ESC}[2J\u202e.ts`, 1, 1)];
      const out = formatGitlab(reportInput(leaky));
      assert.deepEqual(windows(token).filter((w) => out.includes(w)), []);
      assert.ok(!/[\u001b\u202e]/.test(out), 'no raw control character');
      const issues = gitlab(reportInput(leaky));
      assert.ok(issues.some((i) => i.location.path === `src/clear${ESC}[2J\u202e.ts`), 'the real name, JSON-escaped');
    });
  });

  describe('--format junit', () => {
    it('one suite per rule, one failing test case per finding, counts that add up', () => {
      const doc = parseXml(formatJunit(reportInput(findings, { suppressed })));
      assert.equal(doc.name, 'testsuites');
      const suites = elements(doc, 'testsuite');
      assert.deepEqual(suites.map((s) => attr(s, 'name')), ['invalid-suppression', 'no-api-token-basic-auth', 'no-api-token-literal', 'no-broad-scope']);
      const literal = suites.find((s) => attr(s, 'name') === 'no-api-token-literal');
      assert.deepEqual([attr(literal, 'tests'), attr(literal, 'failures'), attr(literal, 'skipped')], ['3', '1', '2']);
      assert.deepEqual([attr(doc, 'tests'), attr(doc, 'failures'), attr(doc, 'errors'), attr(doc, 'skipped')], ['6', '4', '0', '2']);
      const cases = elements(doc, 'testcase');
      assert.equal(cases.length, 6);
      for (const s of suites) assert.equal(Number(attr(s, 'tests')), s.children.filter((c) => c.name === 'testcase').length);
      const basic = cases.find((c) => attr(c, 'classname') === 'no-api-token-basic-auth');
      assert.deepEqual([attr(basic, 'name'), attr(basic, 'file'), attr(basic, 'line')], ['src/jira.ts:9:3', 'src/jira.ts', '9']);
      const failure = basic?.children.find((c) => c.name === 'failure');
      assert.deepEqual([attr(failure, 'type'), attr(failure, 'message')], ['error', 'Basic auth with an Atlassian API token.']);
      assert.equal(
        failure?.text,
        'error no-api-token-basic-auth at src/jira.ts:9:3\nBasic auth with an Atlassian API token.\nMarketplace security policy: Personal access tokens\nRelated: src/env.ts:2:5 token comes from process.env.JIRA_API_TOKEN',
      );
      const warning = cases.find((c) => attr(c, 'classname') === 'no-broad-scope')?.children[0];
      assert.equal(attr(warning, 'type'), 'warning', 'every finding fails; its type is its severity');
    });

    it('suppressed findings are skipped test cases with their reason', () => {
      const doc = parseXml(formatJunit(reportInput([], { suppressed })));
      const skipped = elements(doc, 'skipped').map((s) => attr(s, 'message'));
      assert.deepEqual(skipped, ['suppressed: revoked on 2026-01-02, rotation ticket SEC-12', 'suppressed without a reason']);
    });

    it('a clean run has one passing test case, so CI shows the check green', () => {
      const doc = parseXml(formatJunit(reportInput([])));
      const cases = elements(doc, 'testcase');
      assert.equal(cases.length, 1);
      assert.equal(cases[0]?.children.length, 0);
      assert.equal(attr(cases[0], 'name'), 'No Marketplace security policy findings (3 files analysed)');
      assert.deepEqual([attr(doc, 'tests'), attr(doc, 'failures')], ['1', '0']);
    });

    it('rules that failed on a file go to system-err, not into the counts', () => {
      const doc = parseXml(formatJunit(reportInput(findings.slice(0, 1), { failures: [{ ruleId: 'no-broad-scope', path: 'manifest.yml', message: 'boom at <x>' }] })));
      assert.deepEqual(elements(doc, 'system-err').map((e) => e.text), ['rule no-broad-scope failed on manifest.yml; its findings there may be missing']);
      assert.deepEqual([attr(doc, 'tests'), attr(doc, 'failures')], ['1', '1']);
    });

    it('hostile names and messages stay text: markup, entities, controls, lone surrogates', () => {
      const names = [
        'a"b\'<c>&amp;.ts',
        '</failure></testcase><testcase name="forged"/>.ts',
        `clear${ESC}[2J${ESC}]0;t\u0007.ts`,
        'nul\u0000\u000b\u000c.ts',
        'bidi\u202e\u2028.ts',
        'lone\ud800x\udc00.ts',
        'noncharacter\ufffe\uffff.ts',
        ']]><![CDATA[x.ts',
      ];
      const hostile = names.map((n) => finding(`src/${n}`, 1, 1, { message: `message about ${n}`, related: [related(`lib/${n}`, 2, 2, `related ${n}`)] }));
      const xml = formatJunit(reportInput(hostile, { suppressed: [{ ...finding(`src/${names[1] ?? ''}`, 1, 1), justification: names[1] ?? '' }] }));
      const doc = parseXml(xml);
      const cases = elements(doc, 'testcase');
      assert.equal(cases.length, names.length + 1, 'no forged test case');
      assert.ok(!cases.some((c) => attr(c, 'name') === 'forged'));
      const files = cases.map((c) => attr(c, 'file'));
      for (const n of names) assert.ok(files.includes(`src/${xmlDecoded(n)}`), `name ${JSON.stringify(n)} shown as ${JSON.stringify(files)}`);
      assert.ok(files.includes('src/a"b\'<c>&amp;.ts'), 'markup characters come back as themselves');
      assert.ok(files.includes('src/clear\\x1b[2J\\x1b]0;t\\x07.ts'), 'controls shown escaped');
      assert.ok(files.includes('src/lone\\ud800x\\udc00.ts'), 'lone surrogates shown escaped');
      assert.ok(!/[\u001b\u202e\u2028]/.test(xml));
    });

    it('the XML check can fail (it is not vacuous)', () => {
      assert.throws(() => parseXml('<a><b></a></b>'));
      assert.throws(() => parseXml('<a x="1" x="2"/>'));
      assert.throws(() => parseXml('<a>AT&T</a>'));
      assert.throws(() => parseXml('<a>\u001b</a>'));
      assert.throws(() => parseXml('<a>\ud800</a>'));
      assert.throws(() => parseXml('<a/><b/>'));
      assert.equal(parseXml('<a t="&lt;&#x41;">x &amp; y</a>').text, 'x & y');
    });

    it('redacts a secret a message, a related location, a justification or a file name let through', () => {
      const leaky = [finding(`src/${token}.ts`, 1, 1, { message: `token ${token} here`, related: [related('a.ts', 1, 1, `from ${token}`)] })];
      const out = formatJunit(reportInput(leaky, { suppressed: [{ ...finding('b.ts', 1, 1), justification: `was ${token}` }] }));
      assert.deepEqual(windows(token).filter((w) => out.includes(w)), []);
      parseXml(out);
    });
  });
});

/** What a file name reads as after {@link xmlText} and an XML parser: the terminal-style escapes only. */
function xmlDecoded(name: string): string {
  return parseXml(`<x a="${xmlText(name)}"/>`).attributes['a'] ?? '';
}
