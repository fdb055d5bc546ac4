import * as assert from 'assert';
import * as fs from 'fs';
import type { Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Log } from 'sarif';
import { analyseFile } from '../../server/src/core/engine';
import { defineRule } from '../../server/src/core/rule';
import noApiTokenLiteral from '../../server/src/core/rules/code/no-api-token-literal';
import type { ExportReportResult, FindingItem, FindingsResult, FixAllSafeResult } from '../../server/src/protocol';
import { GuardService, type ServiceHost } from '../../server/src/lsp/service';
import { parseEditorSettings, resolveSettings } from '../../server/src/lsp/settings';
import { fakeApiToken, windows } from '../support/secrets';
import { makeWorkspace, TestClient } from './harness';

/**
 * Issue 16 items 6, 7 and 10: what the compliance tree's rows get from the server — Fix All Safe
 * Problems Here on a row, the related locations of a Basic-auth finding whose token is read in
 * another file (open file, audit, SARIF), and file counts that match what Problems shows.
 */
describe('LSP: the compliance tree’s rows', function () {
  this.timeout(60_000);
  const token = fakeApiToken();
  const files = {
    // Two plain-http redirect URIs (safe fix: https://) and a pasted token (its fix is not marked safe).
    'src/oauth.ts':
      "export const redirectUri = 'http://app.example.com/oauth/callback';\n" +
      "export const callbackUrl = 'http://api.example.com/auth/callback';\n" +
      `export const jiraApiToken = '${token}';\n`,
    'src/other.ts': "export const redirectUri = 'http://other.example.com/oauth/callback';\n",
    // Basic auth whose token comes from another file.
    'src/config.ts': 'export const jiraToken = process.env.JIRA_API_TOKEN;\n',
    'src/client.ts':
      "import { jiraToken } from './config';\n\n" +
      'export async function search(site: string, email: string) {\n' +
      '  const auth = Buffer.from(`${email}:${jiraToken}`).toString(\'base64\');\n' +
      '  return fetch(`https://${site}.atlassian.net/rest/api/3/search/jql`, {\n' +
      '    headers: { Authorization: `Basic ${auth}` },\n' +
      '  });\n' +
      '}\n',
  };
  let folder = '';
  let client: TestClient;
  let audited: FindingItem[] = [];

  const fixAll = (uri: string, ruleIds?: string[]): Promise<FixAllSafeResult> =>
    client.connection.sendRequest('marketplaceGuard/fixAllSafe', ruleIds ? { uri, ruleIds } : { uri });
  const codes = (d: Diagnostic[]): string[] => d.map((x) => String(x.code)).sort();

  before(async () => {
    folder = makeWorkspace(files);
    client = await TestClient.start(folder);
    await client.connection.sendRequest('marketplaceGuard/auditWorkspace', {});
    audited = ((await client.connection.sendRequest('marketplaceGuard/findings', {})) as FindingsResult).findings;
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the audit gives the Basic-auth finding its related locations, the token’s file included', () => {
    const basic = audited.find((f) => f.ruleId === 'no-api-token-basic-auth');
    assert.ok(basic, JSON.stringify(audited.map((f) => f.ruleId)));
    const places = (basic.related ?? []).map((r) => `${r.file}:${r.range.start.line + 1} ${r.message}`);
    assert.ok(places.some((p) => /^src\/config\.ts:1 token comes from process\.env\.JIRA_API_TOKEN$/.test(p)), places.join('\n'));
    assert.ok(places.some((p) => /^src\/client\.ts:6 Basic credential built here$/.test(p)), places.join('\n'));
    const config = basic.related?.find((r) => r.file === 'src/config.ts');
    assert.strictEqual(config?.uri, client.uri('src/config.ts'), 'a link the editor opens');
  });

  it('an open file’s diagnostic carries the same places as relatedInformation', async () => {
    const { diagnostics } = await client.open('src/client.ts', files['src/client.ts']);
    const basic = diagnostics.find((d) => d.code === 'no-api-token-basic-auth');
    assert.ok(basic, JSON.stringify(codes(diagnostics)));
    const info = (basic.relatedInformation ?? []).map((r) => [r.location.uri, r.location.range.start.line, r.message]);
    assert.deepStrictEqual(
      info.find((r) => r[0] === client.uri('src/config.ts')),
      [client.uri('src/config.ts'), 0, 'token comes from process.env.JIRA_API_TOKEN'],
    );
    assert.ok(info.some((r) => r[0] === client.uri('src/client.ts') && r[2] === 'Basic credential built here'), JSON.stringify(info));
    const tree = ((await client.connection.sendRequest('marketplaceGuard/findings', { uri: client.uri('src/client.ts') })) as FindingsResult).findings;
    const item = tree.find((f) => f.ruleId === 'no-api-token-basic-auth');
    assert.deepStrictEqual(
      item?.related?.map((r) => [r.uri, r.range.start.line, r.message]),
      (basic.relatedInformation ?? []).map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      'the tree shows what Problems shows',
    );
  });

  it('the SARIF export links the token’s file from the result (relatedLocations)', async () => {
    const result: ExportReportResult = await client.connection.sendRequest('marketplaceGuard/exportReport', { format: 'sarif' });
    const log = JSON.parse(result.text) as Log;
    const basic = log.runs[0]?.results?.find((r) => r.ruleId === 'no-api-token-basic-auth');
    const places = (basic?.relatedLocations ?? []).map((l) => `${l.physicalLocation?.artifactLocation?.uri ?? ''}:${l.physicalLocation?.region?.startLine ?? 0}`);
    assert.ok(places.includes('src/config.ts:1'), places.join(', '));
    assert.ok(places.includes('src/client.ts:6'), places.join(', '));
  });

  it('Fix All Safe Problems Here on a file row: every safe fix in one edit on the current version; the unsafe one stays', async () => {
    const { uri, diagnostics } = await client.open('src/oauth.ts', files['src/oauth.ts']);
    assert.deepStrictEqual(codes(diagnostics), ['no-api-token-literal', 'redirect-uri-insecure', 'redirect-uri-insecure']);
    const result = await fixAll(uri);
    assert.strictEqual(result.found, true);
    assert.strictEqual(result.fixed, 2);
    assert.strictEqual(result.unsafe, 1, 'the token’s fix is not marked safe');
    assert.strictEqual(result.skipped, 0);
    assert.ok(result.edit);
    const change = result.edit.documentChanges?.[0] as TextDocumentEdit | undefined;
    assert.strictEqual(change?.textDocument.version, 1, 'the edit names the version it was computed for');
    const after = await client.applyEdit(result.edit, uri);
    assert.deepStrictEqual(codes(after), ['no-api-token-literal']);
    assert.strictEqual((client.text(uri).match(/https:\/\//g) ?? []).length, 2);
    assert.ok(windows(token).some((w) => client.text(uri).includes(w)), 'the unsafe fix was not applied');
    assert.ok(!JSON.stringify(result).includes(token.slice(6, 40)), 'no secret in the result');
  });

  it('a rule row fixes only its rule; a row with no safe fix edits nothing; a file the server has not open is refused', async () => {
    const uri = client.uri('src/oauth.ts');
    const literal = await fixAll(uri, ['no-api-token-literal']);
    assert.deepStrictEqual({ ...literal }, { found: true, fixed: 0, skipped: 0, unsafe: 1, notes: [] });
    const { uri: other } = await client.open('src/other.ts', files['src/other.ts']);
    assert.deepStrictEqual((await fixAll(other, ['no-api-token-literal'])).fixed, 0);
    const redirect = await fixAll(other, ['redirect-uri-insecure']);
    assert.strictEqual(redirect.fixed, 1);
    const closed = await fixAll(client.uri('src/config.ts'));
    assert.strictEqual(closed.found, false);
    await assert.rejects(client.connection.sendRequest('marketplaceGuard/fixAllSafe', { uri: 3 }), /fixAllSafe needs/);
  });
});

describe('findings for the tree count what Problems shows', () => {
  it('a file where a rule threw lists the info note beside its findings, and the totals count it', () => {
    const boom = defineRule({
      id: 'no-api-token-client', kinds: ['code'],
      meta: { category: 'api-tokens', defaultSeverity: 'error', policy: 'p', description: 'd', messages: { m: 'm' }, fixable: false },
      check() {
        throw new Error('boom');
      },
    });
    const published: Diagnostic[][] = [];
    const host: ServiceHost = {
      publish: (_uri, _v, d) => published.push(d), fetchSettings: async () => ({}), findingsChanged: () => undefined,
      log: () => undefined, error: () => undefined, warn: () => undefined,
    };
    const svc = new GuardService({ get: () => undefined, all: () => [] }, host, (p, text, o) => analyseFile(p, text, { ...o, rules: [boom, noApiTokenLiteral] }));
    svc.workspace.setFolders([{ uri: 'file:///ws', name: 'ws' }]);
    const text = `const jiraApiToken = '${fakeApiToken()}';\n`;
    const doc = TextDocument.create('file:///ws/src/a.ts', 'typescript', 1, text);
    const located = svc.workspace.locate(doc.uri);
    const settings = resolveSettings(parseEditorSettings({}, () => undefined), { rules: {}, ownedDomains: [], exclude: [] });
    svc.publish(located, doc, 1, svc.analyse(located, text, settings), false);
    const shown = published[0] ?? [];
    const result = svc.findings(undefined);
    assert.strictEqual(result.findings.length, shown.length, 'one tree row per diagnostic VS Code shows');
    assert.deepStrictEqual(result.findings.map((f) => [f.severity, f.failure ?? false]), [['error', false], ['info', true]]);
    assert.strictEqual(result.findings[1]?.message, shown[1]?.message);
    assert.deepStrictEqual({ errors: result.errors, warnings: result.warnings, infos: result.infos }, { errors: 1, warnings: 0, infos: 1 });
    assert.deepStrictEqual(svc.store.counts(), { errors: 1, warnings: 0, infos: 1 });
    svc.dispose();
  });
});
