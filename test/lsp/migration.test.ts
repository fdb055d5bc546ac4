import * as assert from 'assert';
import * as fs from 'fs';
import { CreateFile, TextDocumentEdit, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import type { ExportReportResult } from '../../server/src/protocol';
import { makeWorkspace, TestClient } from './harness';

/** The migration fix over the wire: one WorkspaceEdit creates the helper or edits manifest.yml too. */
describe('language server: API-token migration code actions', function () {
  this.timeout(60_000);
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = makeWorkspace({
      'app/manifest.yml': 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - storage:app\n',
      'app/src/on-disk.ts': "export const me = (t: string) => fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa('a@acme.com:' + t) } });\n",
      'server/on-disk.ts': "export const me = (t: string) => fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa('a@acme.com:' + t) } });\n",
    });
    client = await TestClient.start(folder);
  });

  after(async () => {
    await client?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('"Show API-Token Migration Plan" (markdown export): scopes per endpoint, Forge or 3LO replacement by folder', async () => {
    const result: ExportReportResult = await client.connection.sendRequest('marketplaceGuard/exportReport', { format: 'markdown' });
    const rows = result.text.split('\n').filter((l) => l.includes('on-disk.ts:1'));
    const forge = rows.find((r) => r.includes('`app/src/on-disk.ts:1`'));
    const other = rows.find((r) => r.includes('`server/on-disk.ts:1`'));
    assert.ok(forge?.includes('| `read:jira-user`') && forge.includes('Forge ``'), forge);
    assert.ok(other?.includes('| `read:jira-user`') && other.includes('OAuth 2.0 (3LO)'), other);
  });

  async function actionsFor(uri: string, d: Diagnostic): Promise<CodeAction[]> {
    return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  }

  it('non-Forge code: "Migrate to OAuth 2.0 (3LO)" creates src/atlassianOAuth.ts and rewrites the call', async () => {
    const code = `export async function me(token: string) {\n  return fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa('me@acme.com:' + token) } });\n}\n`;
    const { uri, diagnostics } = await client.open('src/me.ts', code);
    const d = diagnostics.find((x) => x.code === 'no-api-token-basic-auth');
    assert.ok(d);
    const action = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Migrate to OAuth 2.0 (3LO)'));
    assert.ok(action?.edit?.documentChanges, 'the action is offered with document changes');
    assert.strictEqual(action.isPreferred, false, 'not a safe fix');
    const changes = action.edit.documentChanges;
    const create = changes.find((c) => CreateFile.is(c));
    assert.ok(create && CreateFile.is(create) && create.uri.endsWith('/src/atlassianOAuth.ts'));
    const helper = changes.find((c) => TextDocumentEdit.is(c) && c.textDocument.uri.endsWith('/src/atlassianOAuth.ts'));
    assert.ok(helper && TextDocumentEdit.is(helper) && 'newText' in (helper.edits[0] ?? {}));
    const diagnosticsAfter = await client.applyEdit(action.edit, uri);
    assert.deepStrictEqual(diagnosticsAfter.filter((x) => x.code === 'no-api-token-basic-auth'), []);
    assert.match(client.text(uri), /api\.atlassian\.com\/ex\/jira\/\$\{await getCloudId\('https:\/\/acme\.atlassian\.net'\)\}\/rest\/api\/3\/myself/);
  });

  it('Forge code: asUser and asApp actions, each adding the scope to the unopened manifest.yml in the same edit', async () => {
    const code = `export async function me(token: string) {\n  return fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa('me@acme.com:' + token) } });\n}\n`;
    const { uri, diagnostics } = await client.open('app/src/me.ts', code);
    const d = diagnostics.find((x) => x.code === 'no-api-token-basic-auth');
    assert.ok(d);
    const titles = (await actionsFor(uri, d)).map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Migrate to Forge: api.asUser().requestJira')), titles.join(' | '));
    assert.ok(titles.some((t) => t.startsWith('Migrate to Forge: api.asApp().requestJira')), titles.join(' | '));
    const action = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Migrate to Forge: api.asUser()'));
    const manifest = action?.edit?.documentChanges?.find((c) => TextDocumentEdit.is(c) && c.textDocument.uri.endsWith('/app/manifest.yml'));
    assert.ok(manifest && TextDocumentEdit.is(manifest));
    assert.deepStrictEqual(manifest.edits.map((e) => ('newText' in e ? e.newText : '')), ['    - read:jira-user\n']);
  });
});
