import * as assert from 'assert';
import * as fs from 'fs';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { SHOW_RULE_DOCUMENTATION_COMMAND } from '../../server/src/protocol';
import { CAPABILITIES, makeWorkspace, TestClient } from './harness';

/**
 * Issue 16, item 5: Problems and the tree show one short sentence; the hover's second paragraph (VS Code
 * shows the diagnostic's message first, then ours) gives the policy clause, the deadline and the fix.
 */
const CODE = [
  "const auth = Buffer.from(`${process.env.JIRA_EMAIL}:${process.env.JIRA_API_TOKEN}`).toString('base64');",
  "export const search = () => fetch('https://acme.atlassian.net/rest/api/3/search/jql', { headers: { Authorization: `Basic ${auth}` } });",
  "export const create = () => fetch('https://acme.atlassian.net/rest/api/3/issue', { method: 'POST', headers: { Authorization: `Basic ${auth}` } });",
  'export const unrelated = 42;',
  '',
].join('\n');

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'no hover');
  const contents = hover.contents as MarkupContent;
  assert.strictEqual(contents.kind, 'markdown');
  return contents.value;
}

describe('hover over a finding (LSP)', function () {
  this.timeout(60_000);
  let folder: string;
  let client: TestClient;
  let uri: string;

  before(async () => {
    folder = makeWorkspace({ 'package.json': '{"name":"hover"}\n' });
    client = await TestClient.start(folder, CAPABILITIES, { ruleDocumentationCommand: true });
    ({ uri } = await client.open('src/jira.ts', CODE));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const hoverAt = (line: number, character: number): Promise<Hover | null> =>
    client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });

  it('announces the hover capability', () => {
    assert.strictEqual(client.initialized?.capabilities.hoverProvider, true);
  });

  it('diagnostics tell the two calls apart in a short message', () => {
    const last = client.published.filter((p) => p.uri === uri).at(-1);
    const messages = (last?.diagnostics ?? []).filter((d) => d.code === 'no-api-token-basic-auth').map((d) => d.message);
    assert.deepStrictEqual(messages, ['API token sent with Basic auth to GET /rest/api/3/search/jql.', 'API token sent with Basic auth to POST /rest/api/3/issue.']);
    for (const d of last?.diagnostics ?? []) {
      assert.ok(typeof d.message === 'string' && d.message.length <= 100, JSON.stringify(d.message));
      assert.match(String((d.data as { detail?: string }).detail), /Policy "Personal access tokens"/, 'the detail rides in data for the tree');
    }
  });

  it('names the policy clause, says the deadline is overdue, gives the fix and links the rule page', async () => {
    const md = markdownOf(await hoverAt(1, 40));
    assert.match(md, /Policy "Personal access tokens"/);
    assert.match(md, /enforced since 2026-01-01, overdue/);
    assert.match(md, /Fix: authorize the app with OAuth 2\.0 \(3LO\)/);
    assert.match(md, /GET https:\/\/acme\.atlassian\.net\/rest\/api\/3\/search\/jql/, 'the full endpoint');
    const link = /\[Rule `no-api-token-basic-auth`\]\((command:[^)]+)\)/.exec(md);
    assert.ok(link?.[1], md);
    assert.ok(link[1].startsWith(`command:${SHOW_RULE_DOCUMENTATION_COMMAND}?`), link[1]);
    assert.ok(!md.includes('API token sent with Basic auth'), 'the short message is the diagnostic\'s, not repeated');
  });

  it('gives no hover outside a finding', async () => {
    assert.strictEqual(await hoverAt(3, 15), null);
  });
});
