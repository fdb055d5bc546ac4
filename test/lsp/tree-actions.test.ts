import * as assert from 'assert';
import * as fs from 'fs';
import type { Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import type {
  ExportReportResult,
  FindingFixesResult,
  FindingItem,
  FindingsResult,
  SuppressFindingResult,
} from '../../server/src/protocol';
import { fakeApiToken, windows } from '../support/secrets';
import { makeWorkspace, TestClient } from './harness';

const RULE = 'no-api-token-literal';
const ofRule = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === RULE);

/**
 * Issue 16 items 3 and 11: Apply Fix and Suppress from the tree act on findings an audit computed for
 * files that were not open, only after re-checking the file's current text.
 */
describe('LSP: Apply Fix and Suppress for findings of the tree', function () {
  this.timeout(60_000);
  const tokens = { fix: fakeApiToken(), changed: fakeApiToken(), suppress: fakeApiToken() };
  const disk = {
    fix: `export const jiraApiToken = '${tokens.fix}';\n`,
    changed: `export const jiraApiToken = '${tokens.changed}';\n`,
    suppress: `export function client() {\n  const jiraApiToken = '${tokens.suppress}';\n  return jiraApiToken;\n}\n`,
  };
  let folder = '';
  let client: TestClient;
  let audited: FindingItem[] = [];

  const item = (rel: string): FindingItem => {
    const found = audited.find((f) => f.file === rel && f.ruleId === RULE);
    assert.ok(found, `the audit found ${rel}`);
    return found;
  };
  const fixes = (f: FindingItem, uri = f.uri): Promise<FindingFixesResult> =>
    client.connection.sendRequest('marketplaceGuard/findingFixes', { uri, ruleId: f.ruleId, range: f.range });
  const suppress = (f: FindingItem, reason: string): Promise<SuppressFindingResult> =>
    client.connection.sendRequest('marketplaceGuard/suppressFinding', { uri: f.uri, ruleId: f.ruleId, range: f.range, reason });

  before(async () => {
    folder = makeWorkspace({ 'src/fix.ts': disk.fix, 'src/changed.ts': disk.changed, 'src/suppress.ts': disk.suppress });
    client = await TestClient.start(folder);
    await client.connection.sendRequest('marketplaceGuard/auditWorkspace', {});
    const result: FindingsResult = await client.connection.sendRequest('marketplaceGuard/findings', {});
    audited = result.findings;
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('Apply Fix on a finding of a file the audit read unopened: the fix is computed on the opened text and removes the token', async () => {
    const f = item('src/fix.ts');
    const { uri } = await client.open('src/fix.ts', disk.fix);
    const result = await fixes(f, uri);
    assert.strictEqual(result.found, true);
    const [first] = result.actions;
    assert.ok(first?.edit, 'the finding has an automatic fix');
    const change = first.edit.documentChanges?.[0] as TextDocumentEdit | undefined;
    assert.strictEqual(change?.textDocument.version, 1, 'the edit names the version it was computed for');
    const after = await client.applyEdit(first.edit, uri);
    assert.deepStrictEqual(ofRule(after), []);
    assert.ok(!windows(tokens.fix).some((w) => client.text(uri).includes(w)), client.text(uri));
    assert.match(client.text(uri), /process\.env\./);
  });

  it('never applies a fix to text that changed since the audit: the file is re-checked and the tree gets the new position', async () => {
    const f = item('src/changed.ts');
    const edited = `// a line added after the audit\n${disk.changed}`;
    const { uri, diagnostics } = await client.open('src/changed.ts', edited);
    const result = await fixes(f, uri);
    assert.strictEqual(result.found, false, 'the finding is no longer where the tree showed it');
    assert.deepStrictEqual(result.actions, []);
    assert.strictEqual(ofRule(diagnostics)[0]?.range.start.line, 1);
    const now: FindingsResult = await client.connection.sendRequest('marketplaceGuard/findings', { uri });
    const moved = now.findings.find((x) => x.ruleId === RULE);
    assert.strictEqual(moved?.range.start.line, 1, 'the tree shows the re-checked position');
    // From the refreshed tree, the fix applies.
    assert.ok(moved && (await fixes(moved)).actions.length > 0);
  });

  for (const reason of ['', '   ', 'reason', '<reason>', 'TODO', '...']) {
    it(`Suppress refuses ${JSON.stringify(reason)} as a reason and edits nothing`, async () => {
      const result = await suppress(item('src/suppress.ts'), reason);
      assert.strictEqual(result.edit, undefined);
      assert.match(result.problem ?? '', /why|reason/i);
    });
  }

  it('Suppress writes the typed reason above the finding, indented like it, and silences it', async () => {
    const f = item('src/suppress.ts');
    const { uri } = await client.open('src/suppress.ts', disk.suppress);
    const result = await suppress(f, 'revoked token kept as a parser fixture');
    assert.ok(result.edit, result.problem);
    assert.strictEqual(result.line, 1, 'the directive goes on the finding\'s line, pushing it down');
    const after = await client.applyEdit(result.edit, uri);
    assert.deepStrictEqual(ofRule(after), []);
    assert.deepStrictEqual(client.text(uri).split('\n').slice(0, 3), [
      'export function client() {',
      '  // marketplace-guard-disable-next-line no-api-token-literal -- revoked token kept as a parser fixture',
      `  const jiraApiToken = '${tokens.suppress}';`,
    ]);
    assert.ok(!after.some((d) => d.code === 'invalid-suppression'), 'a real reason is not reported');
  });

  it('the SARIF export lists the suppressed finding with its justification', async () => {
    const result: ExportReportResult = await client.connection.sendRequest('marketplaceGuard/exportReport', { format: 'sarif' });
    const log = JSON.parse(result.text) as {
      runs: { results: { ruleId: string; suppressions?: unknown; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const inFile = (log.runs[0]?.results ?? []).filter((r) => r.ruleId === RULE && r.locations[0]?.physicalLocation.artifactLocation.uri === 'src/suppress.ts');
    assert.deepStrictEqual(
      inFile.map((r) => r.suppressions),
      [[{ kind: 'inSource', justification: 'revoked token kept as a parser fixture' }]],
    );
    for (const t of Object.values(tokens)) assert.ok(!windows(t).some((w) => result.text.includes(w)));
  });
});
