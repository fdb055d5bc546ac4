import * as assert from 'assert';
import * as fs from 'fs';
import { CancellationTokenSource, WorkDoneProgress } from 'vscode-languageserver-protocol/node';
import type { AuditSummary } from '../../server/src/protocol';
import { makeWorkspace, TestClient } from './harness';

describe('language server: a long audit', function () {
  this.timeout(60_000);
  let folder: string;
  let client: TestClient;

  before(async () => {
    const files: Record<string, string> = {};
    const body = Array.from({ length: 40 }, (_, i) => `export async function jira${i}(id: string) {\n  return fetch(\`/rest/api/3/issue/\${id}\`);\n}\n`).join('');
    for (let i = 0; i < 1500; i++) files[`src/m${Math.floor(i / 100)}/f${i}.ts`] = body;
    folder = makeWorkspace(files);
    client = await TestClient.start(folder);
  });

  after(async () => {
    await client?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('reports progress, stops when cancelled, and keeps answering requests meanwhile', async () => {
    const source = new CancellationTokenSource();
    let reports = 0;
    const order: string[] = [];
    client.connection.onProgress(WorkDoneProgress.type, 'long', (value) => {
      if (value.kind !== 'report') return;
      reports++;
      if (reports > 1) return;
      // The server yields between slices: a request sent now is answered before the audit ends.
      void client.connection.sendRequest('marketplaceGuard/findings', {}).then(() => {
        order.push('findings');
        source.cancel();
      });
    });
    const summary: AuditSummary = await client.connection
      .sendRequest<AuditSummary>('marketplaceGuard/auditWorkspace', { workDoneToken: 'long' }, source.token)
      .finally(() => order.push('audit'));
    assert.ok(reports >= 1);
    assert.deepStrictEqual(order, ['findings', 'audit']);
    assert.strictEqual(summary.cancelled, true, JSON.stringify(summary));
    assert.ok(summary.files < 1500, JSON.stringify(summary));
    assert.strictEqual(client.child.exitCode, null);
  });
});
