import { strict as assert } from 'assert';
import type * as Sarif from 'sarif';
import { ALL_RULES } from '../../../server/src/core/rules';
import { FINGERPRINT_KEY, formatSarif, normaliseLine, type SarifOptions } from '../../../server/src/core/report/sarif';
import * as fs from 'fs';
import * as path from 'path';
import { sarifSchemaErrors } from '../../support/sarif';
import { fakeApiToken, windows } from '../../support/secrets';
import { endpointFinding, finding, related, reportInput } from './sample';

function sarif(...args: Parameters<typeof formatSarif>): Sarif.Log {
  return JSON.parse(formatSarif(...args)) as Sarif.Log;
}

function run(log: Sarif.Log): Sarif.Run {
  const r = log.runs[0];
  assert.ok(r, 'one run');
  return r;
}

function results(log: Sarif.Log): Sarif.Result[] {
  return run(log).results ?? [];
}

describe('SARIF report', () => {
  const findings = [
    finding('src/jira client.ts', 4, 21, { length: 192, message: 'Atlassian API token ATATT3…(192 chars) is written in this file.' }),
    endpointFinding('src/index.ts', 12, { method: 'GET', host: 'acme.atlassian.net', path: '/rest/api/3/myself', authKind: 'basic' }),
    finding('config/app.yml', 2, 1, { ruleId: 'invalid-suppression', category: 'meta', severity: 'info', messageId: 'missingReason' }),
    finding('src/a.ts', 1, 1, { severity: 'warning' }),
  ];

  it('validates against the official SARIF 2.1.0 schema', () => {
    const log = sarif(reportInput(findings, { failures: [{ ruleId: 'no-api-token-literal', path: 'src/x.ts', message: 'boom' }] }));
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-schema-2\.1\.0\.json$/);
  });

  it('the schema check can fail (it is not vacuous)', () => {
    const log = sarif(reportInput(findings));
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { level: string }[] }[] };
    const first = broken.runs[0]?.results[0];
    assert.ok(first);
    first.level = 'info';
    assert.notDeepEqual(sarifSchemaErrors(broken), []);
  });

  it('describes every rule in tool.driver, with its whole page as help and default levels', () => {
    const driver = run(sarif(reportInput([]))).tool.driver;
    assert.equal(driver.name, 'Marketplace Guard');
    assert.equal(driver.version, '9.9.9');
    assert.equal(driver.informationUri, undefined, 'the project publishes no site to link to');
    const rules = driver.rules ?? [];
    assert.deepEqual(rules.map((r) => r.id), ALL_RULES.map((r) => r.id));
    for (const [i, rule] of ALL_RULES.entries()) {
      const d = rules[i];
      assert.ok(d);
      assert.equal(d.helpUri, undefined, `${rule.id}: no link out`);
      const page = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'rules', `${rule.id}.md`), 'utf8');
      assert.equal(d.help?.markdown, page, `${rule.id}: help.markdown is the rule page`);
      const text = d.help?.text ?? '';
      assert.ok(text.startsWith(`${rule.id}\n`), `${rule.id}: help.text starts with the page title, without '#'`);
      const prose = text.replace(/(`+)[^`][\s\S]*?\1/g, '');
      assert.doesNotMatch(prose, /\*\*|^#+ |^```/m, `${rule.id}: help.text carries no Markdown markup outside code`);
      assert.ok(text.includes('Why'), `${rule.id}: help.text keeps the page's sections`);
      assert.equal(d.shortDescription?.text, rule.meta.description);
      assert.ok(d.fullDescription?.text.includes(rule.meta.policy));
      assert.match(d.name ?? '', /^[A-Z][A-Za-z0-9]+$/);
      const level = { error: 'error', warning: 'warning', info: 'note' }[rule.meta.defaultSeverity];
      assert.equal(d.defaultConfiguration?.level, level);
      assert.equal(d.properties?.['category'], rule.meta.category);
      assert.equal(d.properties?.['policy'], rule.meta.policy);
    }
  });

  it('writes results with rule index, level, message and a 1-based region relative to %SRCROOT%', () => {
    const log = sarif(reportInput(findings));
    const rs = results(log);
    assert.equal(rs.length, 4);
    const rules = run(log).tool.driver.rules ?? [];
    for (const r of rs) assert.equal(rules[r.ruleIndex ?? -1]?.id, r.ruleId);
    const token = rs.find((r) => r.ruleId === 'no-api-token-literal' && r.level === 'error');
    assert.ok(token);
    // The short message is the first sentence (the summary); the detail follows.
    assert.equal(token.message.text, 'Atlassian API token ATATT3…(192 chars) is written in this file. Policy "Personal access tokens": the clause. Fix: the fix.');
    const loc = token.locations?.[0]?.physicalLocation;
    assert.deepEqual(loc?.artifactLocation, { uri: 'src/jira%20client.ts', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(loc?.region, { startLine: 4, startColumn: 21, endLine: 4, endColumn: 213 });
    assert.equal(rs.find((r) => r.ruleId === 'invalid-suppression')?.level, 'note');
    assert.equal(rs.find((r) => r.ruleId === 'no-api-token-literal' && r.level === 'warning')?.level, 'warning');
    assert.deepEqual(run(log).originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///tmp/acme%20app/' } });
    assert.equal(run(log).columnKind, 'utf16CodeUnits');
  });

  it('reports rule failures as notifications without their error text', () => {
    const out = formatSarif(reportInput([], { failures: [{ ruleId: 'no-api-token-literal', path: 'src/x.ts', message: 'leaked source text' }] }));
    const log = JSON.parse(out) as Sarif.Log;
    const notes = run(log).invocations?.[0]?.toolExecutionNotifications ?? [];
    assert.equal(notes.length, 1);
    assert.match(notes[0]?.message.text ?? '', /no-api-token-literal failed/);
    assert.ok(!out.includes('leaked source text'));
  });

  describe('relatedLocations', () => {
    const basic = {
      ...endpointFinding('src/index.ts', 12, { method: 'POST', host: 'acme.atlassian.net', path: '/rest/api/3/issue', authKind: 'basic' }),
      related: [related('src/index.ts', 9, 15, 'Basic credential built here', 40), related('src/config/jira env.ts', 3, 7, 'API token comes from here', 28)],
    };
    const plain = finding('src/a.ts', 1, 1);

    it('are schema-valid, with ids, paths relative to %SRCROOT% like the result, 1-based regions and messages', () => {
      const log = sarif(reportInput([basic, plain]));
      assert.deepEqual(sarifSchemaErrors(log), []);
      const withRelated = results(log).find((r) => r.ruleId === 'no-api-token-basic-auth');
      assert.ok(withRelated);
      assert.deepEqual(withRelated.relatedLocations, [
        {
          id: 1,
          physicalLocation: { artifactLocation: { uri: 'src/index.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 9, startColumn: 15, endLine: 9, endColumn: 55 } },
          message: { text: 'Basic credential built here' },
        },
        {
          id: 2,
          physicalLocation: { artifactLocation: { uri: 'src/config/jira%20env.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 7, endLine: 3, endColumn: 35 } },
          message: { text: 'API token comes from here' },
        },
      ]);
      // The convention of the result's own location, so a consumer resolves both the same way.
      assert.equal(withRelated.locations?.[0]?.physicalLocation?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.ok(Object.hasOwn(run(log).originalUriBaseIds ?? {}, '%SRCROOT%'));
      const without = results(log).find((r) => r.ruleId === 'no-api-token-literal');
      assert.ok(without && !('relatedLocations' in without), 'no empty relatedLocations on a finding without them');
    });

    it('resolve to the audited files the way a consumer reads them (uri under the base id, startLine)', () => {
      const log = sarif(reportInput([basic]));
      const base = run(log).originalUriBaseIds?.['%SRCROOT%']?.uri ?? '';
      const places = (results(log)[0]?.relatedLocations ?? []).map((l) => {
        const art = l.physicalLocation?.artifactLocation;
        const abs = new URL(art?.uri ?? '', art?.uriBaseId === '%SRCROOT%' ? base : undefined);
        return `${decodeURIComponent(abs.pathname)}:${l.physicalLocation?.region?.startLine ?? 0}`;
      });
      assert.deepEqual(places, ['/tmp/acme app/src/index.ts:9', '/tmp/acme app/src/config/jira env.ts:3']);
    });

    it('are linked from the message (GitHub shows only linked ones); literal brackets are escaped', () => {
      const r = results(sarif(reportInput([basic])))[0];
      assert.equal(
        r?.message.text,
        'Basic auth with an Atlassian API token. Policy "Personal access tokens": the clause. Fix: the fix. Related: [Basic credential built here](1), [API token comes from here](2).',
      );
      const bracketed = { ...finding('src/a.ts', 1, 1, { message: 'Scopes [read:jira-work] are unused.' }), related: [related('manifest.yml', 4, 5, 'Declared [here]')] };
      assert.equal(results(sarif(reportInput([bracketed])))[0]?.message.text, 'Scopes \\[read:jira-work\\] are unused. Policy "Personal access tokens": the clause. Fix: the fix. Related: [Declared \\[here\\]](1).');
      assert.equal(results(sarif(reportInput([plain])))[0]?.message.text, `${plain.message} ${plain.detail}`, 'a message without related locations is followed by its detail only');
    });

    it('the schema rejects a related location without a valid region (the check is not vacuous)', () => {
      const broken = JSON.parse(JSON.stringify(sarif(reportInput([basic])))) as { runs: { results: { relatedLocations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
      const loc = broken.runs[0]?.results[0]?.relatedLocations[0];
      assert.ok(loc);
      loc.physicalLocation.region.startLine = 0;
      assert.notDeepEqual(sarifSchemaErrors(broken), []);
    });
  });

  describe('partialFingerprints', () => {
    const token = fakeApiToken();
    const sourceLine = `const jiraApiToken = '${token}';`;
    const at = (line: number, column = 23) => finding('src/jira.ts', line, column, { length: token.length });
    const reader = (lines: Record<number, string>): SarifOptions => ({ lineText: (_file, line) => lines[line] });

    it('are sha-256 hex with an occurrence counter, stable when lines move', () => {
      const a = results(sarif(reportInput([at(3)]), reader({ 3: sourceLine })))[0]?.partialFingerprints?.[FINGERPRINT_KEY];
      const b = results(sarif(reportInput([at(9, 25)]), reader({ 9: `  ${sourceLine}` })))[0]?.partialFingerprints?.[FINGERPRINT_KEY];
      assert.match(a ?? '', /^[0-9a-f]{64}:1$/);
      assert.equal(a, b);
      const other = results(sarif(reportInput([at(3)]), reader({ 3: `const otherToken = '${token}';` })))[0];
      assert.notEqual(other?.partialFingerprints?.[FINGERPRINT_KEY], a);
    });

    it('count identical lines apart', () => {
      const fps = results(sarif(reportInput([at(3), at(4)]), reader({ 3: sourceLine, 4: sourceLine }))).map(
        (r) => r.partialFingerprints?.[FINGERPRINT_KEY] ?? '',
      );
      assert.equal(fps[0]?.replace(/:1$/, ':2'), fps[1]);
    });

    it('hash a normalised line that holds no secret, and never write it', () => {
      const normalised = normaliseLine(sourceLine, at(3));
      assert.equal(normalised, "const jiraApiToken = '…';");
      for (const line of [`JIRA_API_TOKEN=${token}`, `  apiToken: ${token} # jira`, `auth: "me@acme.com:${token}"`]) {
        const n = normaliseLine(line, finding('x', 1, 1, { length: 3 }));
        for (const w of windows(token)) assert.ok(!n.includes(w), `${JSON.stringify(n)} holds part of the token`);
      }
      const out = formatSarif(reportInput([at(3)]), reader({ 3: sourceLine }));
      // The rule pages in tool.driver quote a `jiraApiToken` example: the results must not.
      assert.ok(!JSON.stringify(results(JSON.parse(out) as Sarif.Log)).includes('jiraApiToken'), 'the hashed line is not in the results');
      assert.ok(!out.includes(normalised), 'nor its normalised form anywhere in the log');
      for (const w of windows(token)) assert.ok(!out.includes(w));
    });

    it('fall back to the redacted message when the line cannot be read', () => {
      const r = results(sarif(reportInput([at(3)])))[0];
      assert.match(r?.partialFingerprints?.[FINGERPRINT_KEY] ?? '', /^[0-9a-f]{64}:1$/);
    });
  });
});
