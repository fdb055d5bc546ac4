import * as assert from 'assert';
import * as fs from 'fs';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { MAX_FIX_TITLE } from '../../server/src/core/model';
import { makeWorkspace, TestClient } from './harness';

const RULE = 'redirect-uri-insecure';
const FIX_ALL = `Fix all ${RULE} problems in this file`;
const ofRule = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === RULE);

describe('lightbulb: fix all of one kind in a file (issue 16, item 10)', function () {
  this.timeout(60_000);
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = makeWorkspace({});
    client = await TestClient.start(folder);
  });

  after(async () => {
    await client?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  async function actionsAt(uri: string, d: Diagnostic): Promise<CodeAction[]> {
    return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  }

  it('offers one action that fixes every finding of the rule, and every title is short', async () => {
    const code = `export const login = { redirectUri: 'http://app.acme.com/oauth/callback' };\nexport const admin = { redirect_uri: 'http://admin.acme.com/cb' };\n`;
    const { uri, diagnostics } = await client.open('src/oauth.ts', code);
    const found = ofRule(diagnostics);
    assert.strictEqual(found.length, 2, JSON.stringify(diagnostics.map((d) => d.message)));
    const actions = await actionsAt(uri, found[0] as Diagnostic);
    const titles = actions.map((a) => a.title);
    for (const t of titles) assert.ok(t.length <= MAX_FIX_TITLE, `title of ${t.length} characters: ${t}`);
    const all = actions.find((a) => a.title === FIX_ALL);
    assert.ok(all?.edit, titles.join(' | '));
    assert.strictEqual(all.kind, 'quickfix');
    const after = await client.applyEdit(all.edit, uri);
    assert.deepStrictEqual(ofRule(after), []);
    assert.strictEqual(
      client.text(uri),
      `export const login = { redirectUri: 'https://app.acme.com/oauth/callback' };\nexport const admin = { redirect_uri: 'https://admin.acme.com/cb' };\n`,
    );
  });

  it('is not offered for a single finding of the rule', async () => {
    const { uri, diagnostics } = await client.open('src/single.ts', `export const redirectUri = 'http://app.acme.com/oauth/callback';\n`);
    const [d] = ofRule(diagnostics);
    assert.ok(d);
    const titles = (await actionsAt(uri, d)).map((a) => a.title);
    assert.ok(titles.includes('Use https://'), titles.join(' | '));
    assert.ok(!titles.some((t) => t.startsWith('Fix all')), titles.join(' | '));
  });

  it('is not offered when the text changed since the findings were published', async () => {
    const code = `export const a = { redirectUri: 'http://a.acme.com/cb' };\nexport const b = { redirectUri: 'http://b.acme.com/cb' };\n`;
    const { uri, diagnostics } = await client.open('src/stale.ts', code);
    const [d] = ofRule(diagnostics);
    assert.ok(d);
    // A newer version arrives; the lightbulb asks before its diagnostics are published.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 99 },
      contentChanges: [{ text: `// moved\n${code}` }],
    });
    const titles = (await actionsAt(uri, d)).map((a) => a.title);
    assert.ok(!titles.includes(FIX_ALL), titles.join(' | '));
  });
});
