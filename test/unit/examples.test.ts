import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { audit } from '../../server/src/core/workspace';
import { assertShortMessage } from '../support/message';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** Rows `| \`rule\` | \`file\` | line | … |` of an example's EXPECTED.md, as `rule file:line`. */
function expectedRows(example: string): string[] {
  const text = fs.readFileSync(path.join(EXAMPLES, example, 'EXPECTED.md'), 'utf8');
  const rows: string[] = [];
  for (const m of text.matchAll(/^\| `([a-z-]+)` \| `([^`]+)` \| (\d+) \|/gm)) rows.push(`${m[1]} ${m[2]}:${m[3]}`);
  return rows.sort();
}

describe('bundled examples (what the README quick start shows)', () => {
  it('legacy-jira-sync: exactly the findings EXPECTED.md lists, nothing more', () => {
    const expected = expectedRows('legacy-jira-sync');
    assert.ok(expected.length >= 10, 'EXPECTED.md table was read');
    const result = audit(path.join(EXAMPLES, 'legacy-jira-sync'));
    const actual = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.start.line}`).sort();
    assert.deepEqual(actual, expected);
    assert.deepEqual(result.failures, []);
  });

  it('every example: each message is one short sentence, the detail has the clause and the fix', () => {
    const lengths: number[] = [];
    for (const example of fs.readdirSync(EXAMPLES).filter((e) => fs.statSync(path.join(EXAMPLES, e)).isDirectory())) {
      for (const f of audit(path.join(EXAMPLES, example)).findings) {
        assertShortMessage(f);
        assert.match(f.detail, /Fix: |Information only/, `${f.ruleId}: ${f.detail}`);
        lengths.push(f.message.length);
      }
    }
    assert.ok(lengths.length >= 25, `${lengths.length} findings`);
  });

  it('legacy-jira-sync: the API-token messages differ where the calls differ, and lead with it', () => {
    const messages = audit(path.join(EXAMPLES, 'legacy-jira-sync'))
      .findings.filter((f) => f.ruleId === 'no-api-token-basic-auth')
      .map((f) => f.message)
      .sort();
    assert.deepEqual(messages, [
      'API token sent by the axios auth option to POST /wiki/api/v2/pages.',
      'API token sent with Basic auth to GET /rest/api/3/search/jql.',
      'API token sent with Basic auth to POST /rest/api/3/issue.',
      'API token sent with Basic auth to PUT /rest/api/3/issue/{issueKey}.',
    ]);
  });

  it('legacy-jira-sync: every API-token rule of the slice fires at least once', () => {
    const rules = new Set(audit(path.join(EXAMPLES, 'legacy-jira-sync')).findings.map((f) => f.ruleId));
    for (const id of ['no-api-token-basic-auth', 'no-api-token-client', 'no-api-token-storage', 'no-api-token-collection']) {
      assert.ok(rules.has(id), id);
    }
  });

  it('forge-scopes: exactly the findings EXPECTED.md lists, nothing more', () => {
    const expected = expectedRows('forge-scopes');
    assert.ok(expected.length >= 7, 'EXPECTED.md table was read');
    const result = audit(path.join(EXAMPLES, 'forge-scopes'));
    const actual = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.start.line}`).sort();
    assert.deepEqual(actual, expected);
    assert.deepEqual(result.failures, []);
  });

  for (const example of ['forge-custom-ui-leak', 'node-3lo-service']) {
    it(`${example}: exactly the findings EXPECTED.md lists, nothing more`, () => {
      const expected = expectedRows(example);
      assert.ok(expected.length >= 4, 'EXPECTED.md table was read');
      const result = audit(path.join(EXAMPLES, example));
      assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.start.line}`).sort(), expected);
      assert.deepEqual(result.failures, []);
    });
  }

  it('forge-custom-ui-leak: the Custom UI folder comes from the manifest, and the kvs fix switches the read too', () => {
    const result = audit(path.join(EXAMPLES, 'forge-custom-ui-leak'));
    assert.deepEqual(result.forgeRoots, ['']);
    const storage = result.findings.find((f) => f.ruleId === 'no-plaintext-secret-storage');
    const edits = storage?.fixes[0]?.edits.map((e) => e.newText) ?? [];
    assert.deepEqual(edits, ['kvs.setSecret', 'kvs.getSecret']);
  });

  it('node-3lo-service: ownedDomains turns the github.io callback into an error', () => {
    const config = { rules: {}, ownedDomains: ['acme-labs.com'], exclude: [] };
    const f = audit(path.join(EXAMPLES, 'node-3lo-service'), config).findings.find((x) => x.ruleId === 'redirect-uri-untrusted-host');
    assert.equal(f?.severity, 'error');
  });

  it('forge-clean: nothing found, nothing failed', () => {
    const result = audit(path.join(EXAMPLES, 'forge-clean'));
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.failures, []);
    assert.ok(result.filesAnalysed >= 4);
    assert.deepEqual(result.forgeRoots, ['']);
  });
});
