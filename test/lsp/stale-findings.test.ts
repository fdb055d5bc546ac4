import * as assert from 'assert';
import * as fs from 'fs';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import type { ExportReportResult, FindingsResult } from '../../server/src/protocol';
import { fakeApiToken } from '../support/secrets';
import { makeWorkspace, TestClient, writeFile } from './harness';

const RULE = 'no-api-token-literal';
const ofRule = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === RULE);

/** Issue 16 items 1 and 2: unopened files follow settings changes; exported reports are never findings. */
describe('LSP: audited findings stay true after settings change and exports', function () {
  this.timeout(60_000);
  let folder = '';
  let client: TestClient;
  let unopened = '';

  const findings = (): Promise<FindingsResult> => client.connection.sendRequest('marketplaceGuard/findings', {});
  const settingsChanged = (): Promise<void> => client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });

  before(async () => {
    folder = makeWorkspace({ 'src/unopened.ts': `export const jiraApiToken = '${fakeApiToken()}';\n` });
    client = await TestClient.start(folder);
    unopened = client.uri('src/unopened.ts');
    const first = client.nextDiagnostics(unopened, (p) => ofRule(p.diagnostics).length === 1);
    await client.connection.sendRequest('marketplaceGuard/auditWorkspace', {});
    await first;
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('a rule set to off clears the finding of an unopened file from Problems and the tree, and it comes back', async () => {
    client.settings = { rules: { [RULE]: 'off' } };
    let next = client.nextDiagnostics(unopened, (p) => ofRule(p.diagnostics).length === 0);
    await settingsChanged();
    await next;
    assert.deepStrictEqual((await findings()).findings.filter((f) => f.uri === unopened), []);
    client.settings = {};
    next = client.nextDiagnostics(unopened, (p) => ofRule(p.diagnostics).length === 1);
    await settingsChanged();
    await next;
    assert.strictEqual((await findings()).errors, 1);
  });

  it('enable unchecked clears unopened files too', async () => {
    client.settings = { enable: false };
    const next = client.nextDiagnostics(unopened, (p) => p.diagnostics.length === 0);
    await settingsChanged();
    await next;
    const result = await findings();
    assert.strictEqual(result.findings.length, 0);
    assert.strictEqual(result.errors, 0);
    client.settings = {};
    const back = client.nextDiagnostics(unopened, (p) => ofRule(p.diagnostics).length === 1);
    await settingsChanged();
    await back;
  });

  it('reports saved into the workspace are not findings of the next audit', async () => {
    for (const [format, file] of [
      ['json', 'marketplace-guard-report.json'],
      ['markdown', 'marketplace-guard-report.md'],
    ] as const) {
      const report: ExportReportResult = await client.connection.sendRequest('marketplaceGuard/exportReport', { format });
      assert.ok(report.text.includes('unopened.ts'), 'the report quotes the finding');
      writeFile(folder, file, report.text);
    }
    await client.connection.sendRequest('marketplaceGuard/auditWorkspace', {});
    const result = await findings();
    assert.deepStrictEqual([...new Set(result.findings.map((f) => f.file))], ['src/unopened.ts']);
    assert.ok(!client.published.some((p) => p.uri.includes('marketplace-guard-report') && p.diagnostics.length > 0), 'no diagnostics on a report');
    // Opened in the editor, a report stays quiet as well.
    const { diagnostics } = await client.open('marketplace-guard-report.md', fs.readFileSync(`${folder}/marketplace-guard-report.md`, 'utf8'), 'markdown');
    assert.deepStrictEqual(diagnostics, []);
  });
});
