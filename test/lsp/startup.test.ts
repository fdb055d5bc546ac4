import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { version } from '../../package.json';
import { fakeApiToken } from '../support/secrets';
import { makeWorkspace, TestClient } from './harness';

/**
 * Start-up as a user meets it: the output channel says what the server did (started, first file
 * analysed, project facts), and the opened file's diagnostics go out before the workspace scan and
 * the project facts, which then refine them (cross-file findings appear; nothing is re-sent when they
 * change nothing).
 */

const MANIFEST = 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000042\npermissions:\n  scopes:\n    - read:jira-work\n    - write:confluence-content\n';
const CREATE_ISSUE = "import api, { route } from '@forge/api';\n\nexport async function create(fields: object) {\n  return api.asUser().requestJira(route`/rest/api/3/issue`, { method: 'POST', body: JSON.stringify({ fields }) });\n}\n";
const SEARCH_PROJECTS = "import api, { route } from '@forge/api';\nexport const projects = () => api.asApp().requestJira(route`/rest/api/3/project/search`);\n";

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => String(d.code)).sort();
const publishesOf = (client: TestClient, uri: string): PublishDiagnosticsParams[] => client.published.filter((p) => p.uri === uri && p.version === 1);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('language server start-up: what it says, and the first diagnostics before the project scan', function () {
  this.timeout(120_000);
  const folders: string[] = [];
  const clients: TestClient[] = [];

  after(async () => {
    for (const c of clients) await c.stop();
    for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
  });

  async function start(files: Record<string, string>): Promise<TestClient> {
    const folder = makeWorkspace(files);
    folders.push(folder);
    const client = await TestClient.start(folder);
    clients.push(client);
    return client;
  }

  it('logs one line per start-up phase, then refines the opened file with the cross-file missing scope', async () => {
    const client = await start({
      'app/manifest.yml': MANIFEST,
      'app/src/index.ts': CREATE_ISSUE,
      'app/src/projects.ts': SEARCH_PROJECTS,
      'package.json': '{ "name": "startup-lines" }\n',
    });
    const name = escape(path.basename(client.folder));
    const { uri, diagnostics } = await client.open('app/src/index.ts', CREATE_ISSUE);

    const lines = client.logs.filter((l) => l.startsWith('Marketplace Guard'));
    assert.match(lines[0] ?? '', new RegExp(`^Marketplace Guard ${escape(version)}: server started in \\d+ ms \\(code loaded in \\d+ ms\\)$`));
    assert.match(lines[1] ?? '', new RegExp(`^Marketplace Guard: analysed ${name}/app/src/index\\.ts in \\d+ ms; first diagnostics \\d+ ms after start$`));
    assert.match(lines[2] ?? '', new RegExp(`^Marketplace Guard: project facts for 4 files of ${name} in \\d+ ms \\(cross-file checks refined\\)$`));
    assert.strictEqual(lines.length, 3, lines.join('\n'));

    // First from what the file's own folders say (a manifest above it: Forge code), then with the
    // manifest's scopes: POST /issue needs write:jira-work, which the app does not declare.
    const sent = publishesOf(client, uri);
    assert.deepStrictEqual(sent.map((p) => codes(p.diagnostics)), [[], ['missing-scope']]);
    assert.deepStrictEqual(codes(diagnostics), ['missing-scope']);
    const order = client.sequence.filter((s) => s.startsWith(`publish ${uri}`) || / (analysed|project facts) /.test(s));
    assert.deepStrictEqual(order.map((s) => (s.startsWith('publish') ? 'publish' : / analysed /.test(s) ? 'analysed' : 'facts')), ['publish', 'analysed', 'publish', 'facts']);

    // A second file needs no scan: one publish, final at once, and no more start-up lines.
    const other = await client.open('app/src/projects.ts', SEARCH_PROJECTS, 'typescript', true);
    assert.deepStrictEqual(codes(other.diagnostics), []);
    assert.strictEqual(publishesOf(client, other.uri).length, 1);
    assert.strictEqual(client.logs.filter((l) => l.startsWith('Marketplace Guard')).length, 3);
  });

  it('does not send the opened file again when the project facts change nothing', async () => {
    const source = `export const jiraApiToken = '${fakeApiToken()}';\n`;
    const client = await start({ 'src/config.ts': source, 'src/other.ts': 'export const x = 1;\n' });
    const { uri, diagnostics } = await client.open('src/config.ts', source);
    assert.deepStrictEqual(codes(diagnostics), ['no-api-token-literal']);
    assert.strictEqual(publishesOf(client, uri).length, 1, 'one publish: the refinement found the same');
    assert.ok(client.logs.some((l) => /project facts for 2 files of /.test(l)));
  });

  it('on a large generated Forge app, publishes the opened manifest before the project scan completes', async () => {
    const files: Record<string, string> = { 'manifest.yml': MANIFEST, 'src/projects.ts': SEARCH_PROJECTS };
    for (let i = 0; i < 1500; i++) {
      files[`src/generated/m${Math.floor(i / 100)}/file${i}.ts`] =
        `import api, { route } from '@forge/api';\nexport async function handler${i}(key: string) {\n  const res = await api.asApp().requestJira(route\`/rest/api/3/issue/\${key}\`);\n  return { status: res.status, index: ${i} };\n}\n`;
    }
    const client = await start(files);
    const { uri, diagnostics } = await client.open('manifest.yml', MANIFEST, 'yaml');

    const first = client.sequence.findIndex((s) => s.startsWith(`publish ${uri}`));
    const facts = client.sequence.findIndex((s) => /project facts for \d+ files of /.test(s));
    assert.ok(first >= 0 && facts > first, `the first publish comes before the project facts:\n${client.sequence.join('\n')}`);
    assert.match(client.sequence[facts] ?? '', /project facts for 1502 files of /);
    // Before the scan the manifest has no code to judge its scopes by; after it, the unopened files
    // use read:jira-work and nothing uses write:confluence-content.
    assert.deepStrictEqual(codes(publishesOf(client, uri)[0]?.diagnostics ?? []), []);
    const unused = diagnostics.filter((d) => d.code === 'no-unused-scope').map((d) => /"[^"]*"/.exec(typeof d.message === 'string' ? d.message : d.message.value)?.[0]);
    assert.deepStrictEqual(unused, ['"write:confluence-content"']);
  });
});
