import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { sourceLineReader } from '../../server/src/core/report';
import { createBaseline, formatBaseline } from '../../server/src/core/report/baseline';
import { audit } from '../../server/src/core/workspace';
import type { FindingsResult } from '../../server/src/protocol';
import { fakeApiToken } from '../support/secrets';
import { makeWorkspace, TestClient, writeFile } from './harness';

const RULE = 'no-api-token-literal';
const ofRule = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === RULE);
const BASELINE = 'ci/marketplace-guard-baseline.json';

/** Writes the folder's current findings as its baseline, as `audit --write-baseline` does. */
function writeBaseline(folder: string): void {
  const result = audit(folder);
  writeFile(folder, BASELINE, formatBaseline(createBaseline(result.findings, sourceLineReader(folder))));
}

describe('LSP: a baseline named in .marketplace-guard.json', function () {
  this.timeout(60_000);
  const token = fakeApiToken();
  const A = `export const jiraApiToken = '${token}';\n`;
  let folder = '';
  let client: TestClient;

  const findings = async (): Promise<FindingsResult> => client.connection.sendRequest('marketplaceGuard/findings', {});
  const shown = (r: FindingsResult, baseline: boolean): string[] =>
    r.findings.filter((f) => (f.baseline === true) === baseline).map((f) => `${f.file}:${f.range.start.line + 1}`).sort();

  before(async () => {
    folder = makeWorkspace({ 'src/a.ts': A, 'src/b.ts': `export const confluenceApiToken = '${fakeApiToken()}';\n` });
    writeBaseline(folder);
    writeFile(folder, '.marketplace-guard.json', JSON.stringify({ baseline: BASELINE }));
    client = await TestClient.start(folder);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('a baseline finding gets no squiggle and is not counted, but the tree receives it marked baseline', async () => {
    const { diagnostics } = await client.open('src/a.ts', A);
    assert.deepStrictEqual(ofRule(diagnostics), []);
    const r = await findings();
    assert.deepStrictEqual(shown(r, true), ['src/a.ts:1']);
    assert.deepStrictEqual(shown(r, false), []);
    assert.strictEqual(r.errors, 0);
  });

  it('lines inserted above keep it a baseline finding; a new token line is the only squiggle', async () => {
    const uri = client.uri('src/a.ts');
    let diagnostics = await client.changeAndWait(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// settings\n\n' }]);
    assert.deepStrictEqual(ofRule(diagnostics), []);
    assert.deepStrictEqual(shown(await findings(), true), ['src/a.ts:3']);
    diagnostics = await client.changeAndWait(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: `export const backupToken = '${fakeApiToken()}';\n` }]);
    assert.deepStrictEqual(ofRule(diagnostics).map((d) => d.range.start.line + 1), [4]);
    const r = await findings();
    assert.deepStrictEqual(shown(r, false), ['src/a.ts:4']);
    assert.deepStrictEqual(shown(r, true), ['src/a.ts:3']);
    assert.strictEqual(r.errors, 1);
  });

  it('an audit keeps unopened baseline findings out of Problems and in the tree', async () => {
    const b = client.uri('src/b.ts');
    const published = client.nextDiagnostics(b);
    await client.connection.sendRequest('marketplaceGuard/auditWorkspace', {});
    assert.deepStrictEqual(ofRule((await published).diagnostics), []);
    const r = await findings();
    assert.deepStrictEqual(shown(r, true), ['src/a.ts:3', 'src/b.ts:1']);
    assert.strictEqual(r.errors, 1);
  });

  it('the baseline file rewritten without them: their squiggles come back', async () => {
    const b = client.uri('src/b.ts');
    const back = client.nextDiagnostics(b, (p) => ofRule(p.diagnostics).length === 1);
    writeFile(folder, BASELINE, '{"format":"marketplace-guard-baseline","version":1,"findings":[]}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(BASELINE), type: 2 }] });
    await back;
    const r = await findings();
    assert.deepStrictEqual(shown(r, true), []);
    assert.strictEqual(r.errors, 3);
  });
});

describe('LSP: an unusable baseline file', function () {
  this.timeout(60_000);
  const cases: { name: string; content?: string | Buffer; warning: RegExp }[] = [
    { name: 'missing', warning: /cannot read baseline ci\/b\.json: no such file .*; every finding is shown\.$/ },
    { name: 'garbage', content: `not json ${fakeApiToken()}`, warning: /baseline ci\/b\.json is not valid JSON .*; every finding is shown\.$/ },
    { name: 'huge', content: Buffer.alloc(21 * 1024 * 1024, 0x20), warning: /cannot read baseline ci\/b\.json: larger than 20 MiB .*; every finding is shown\.$/ },
  ];
  for (const c of cases) {
    it(`${c.name}: one warning, every finding shown, the server keeps running`, async () => {
      const A = `export const jiraApiToken = '${fakeApiToken()}';\n`;
      const folder = makeWorkspace({ 'src/a.ts': A, '.marketplace-guard.json': JSON.stringify({ baseline: 'ci/b.json' }) });
      if (c.content !== undefined) {
        fs.mkdirSync(path.join(folder, 'ci'));
        fs.writeFileSync(path.join(folder, 'ci', 'b.json'), c.content);
      }
      const client = await TestClient.start(folder);
      try {
        const { diagnostics } = await client.open('src/a.ts', A);
        assert.strictEqual(ofRule(diagnostics).length, 1);
        // The server's warning: logged, and shown once as a message.
        const warnings = client.logs.filter((l) => l.includes('baseline'));
        assert.strictEqual(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0] ?? '', c.warning);
        assert.ok(!(warnings[0] ?? '').includes('ATATT3'));
        const r: FindingsResult = await client.connection.sendRequest('marketplaceGuard/findings', {});
        assert.strictEqual(r.errors, 1);
      } finally {
        await client.stop();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
