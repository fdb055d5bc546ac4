import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { FIX_ALL_KIND } from '../../server/src/protocol';
import { fakeClientSecret, randomAlnum, windows } from '../support/secrets';
import { makeWorkspace, TestClient } from './harness';

/**
 * The client-secret and redirect examples in the editor: the language server publishes exactly the
 * findings of each example's EXPECTED.md for the files opened, and its code actions carry the §4.1
 * fixes (edits in other files, `.env.example` creation, both Forge actions, https in fix-all).
 */

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

function filesOf(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, filesOf(abs, base));
    else out[path.relative(base, abs).split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

function expectedRows(example: string): { rule: string; file: string; line: number }[] {
  const text = fs.readFileSync(path.join(EXAMPLES, example, 'EXPECTED.md'), 'utf8');
  return [...text.matchAll(/^\| `([a-z-]+)` \| `([^`]+)` \| (\d+) \|/gm)].map((m) => ({ rule: m[1] ?? '', file: `${example}/${m[2]}`, line: Number(m[3]) }));
}

const LANGUAGE: Record<string, string> = { '.yml': 'yaml', '.js': 'javascript', '.jsx': 'javascriptreact', '.ts': 'typescript', '.json': 'json' };

describe('client secrets and redirect URIs in the editor (examples over LSP)', function () {
  this.timeout(60_000);
  const examples = ['forge-custom-ui-leak', 'node-3lo-service'];
  let folder = '';
  let client: TestClient;
  const secret = randomAlnum(40);

  before(async () => {
    const files: Record<string, string> = {};
    for (const ex of examples) for (const [rel, text] of Object.entries(filesOf(path.join(EXAMPLES, ex)))) files[`${ex}/${rel}`] = text;
    folder = makeWorkspace(files);
    client = await TestClient.start(folder);
  });

  after(async () => {
    await client?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  for (const ex of examples) {
    it(`${ex}: each EXPECTED.md finding is a diagnostic in its file, and nothing more`, async () => {
      const rows = expectedRows(ex);
      const byFile = new Map<string, string[]>();
      for (const r of rows) byFile.set(r.file, [...(byFile.get(r.file) ?? []), `${r.rule}:${r.line}`]);
      for (const [file, expected] of byFile) {
        const text = fs.readFileSync(path.join(folder, file), 'utf8');
        const { diagnostics } = await client.open(file, text, LANGUAGE[path.extname(file)] ?? 'plaintext');
        const actual = diagnostics.map((d) => `${String(d.code)}:${d.range.start.line + 1}`);
        assert.deepStrictEqual(actual.sort(), expected.sort(), file);
      }
    });
  }

  async function actionsFor(uri: string, d: Diagnostic): Promise<CodeAction[]> {
    return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  }

  it('non-Forge secret: the fix edits the file and creates .env.example (never echoing the secret)', async () => {
    const { uri, diagnostics } = await client.open('svc/src/oauth.ts', `export const clientSecret = '${secret}';\n`);
    const d = diagnostics.find((x) => x.code === 'no-hardcoded-client-secret');
    assert.ok(d, 'no diagnostic');
    assert.ok(!windows(secret).some((w) => JSON.stringify(d.message).includes(w)));
    const fix = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Read CLIENT_SECRET from the environment'));
    const changes = fix?.edit?.documentChanges ?? [];
    const created = changes.find((c): c is CreateFile => 'kind' in c && c.kind === 'create');
    assert.ok(created?.uri.endsWith('/svc/.env.example'), JSON.stringify(changes));
    const envEdit = changes.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri.endsWith('/.env.example'));
    assert.deepStrictEqual(envEdit?.edits.map((e) => ('newText' in e ? e.newText : '')), ['CLIENT_SECRET=\n']);
    const after = await client.applyEdit(fix?.edit ?? {}, uri);
    assert.ok(!after.some((x) => x.code === 'no-hardcoded-client-secret'));
    assert.ok(client.text(uri).includes("process.env.CLIENT_SECRET ?? ''"));
  });

  it('existing .env.example: the fix edits it instead of creating it', async () => {
    const text = fs.readFileSync(path.join(folder, 'node-3lo-service/src/server.js'), 'utf8');
    const { uri, diagnostics } = await client.open('node-3lo-service/src/server.js', text, 'javascript');
    const d = diagnostics.find((x) => x.code === 'no-hardcoded-signing-key');
    assert.ok(d);
    const fix = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Read SIGNING_KEY'));
    const changes = fix?.edit?.documentChanges ?? [];
    assert.ok(!changes.some((c) => 'kind' in c && c.kind === 'create'), 'no CreateFile for an existing file');
    const envEdit = changes.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri.endsWith('/node-3lo-service/.env.example'));
    // Appended after the example's last line (it ends with a newline), not at the top.
    const lines = fs.readFileSync(path.join(folder, 'node-3lo-service/.env.example'), 'utf8').split('\n').length - 1;
    assert.deepStrictEqual(envEdit?.edits.map((e) => [e.range.start, 'newText' in e ? e.newText : '']), [[{ line: lines, character: 0 }, 'SIGNING_KEY=\n']]);
  });

  it('existing .env.example that already declares the name: the fix leaves it alone', async () => {
    const { uri, diagnostics } = await client.open('node-3lo-service/src/extra.ts', `export const atlassianClientSecret = '${secret}';\n`);
    const d = diagnostics.find((x) => x.code === 'no-hardcoded-client-secret');
    assert.ok(d, 'no diagnostic');
    const fix = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Read ATLASSIAN_CLIENT_SECRET from the environment'));
    const changes = fix?.edit?.documentChanges ?? [];
    assert.ok(changes.length > 0, 'no fix');
    assert.ok(!changes.some((c) => ('kind' in c && c.kind === 'create') || ('textDocument' in c && c.textDocument.uri.endsWith('.env.example'))), JSON.stringify(changes));
  });

  it('Forge code in an async function: both "Move to" actions, the storage one adding the kvs import', async () => {
    const code = `import api from '@forge/api';\nexport async function exchange(code: string) {\n  return api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify({ client_secret: '${secret}', code }) });\n}\n`;
    const { uri, diagnostics } = await client.open('forge-custom-ui-leak/src/exchange.ts', code);
    const d = diagnostics.find((x) => x.code === 'no-hardcoded-client-secret');
    assert.ok(d);
    const titles = (await actionsFor(uri, d)).map((a) => a.title);
    assert.ok(titles.includes('Move to a Forge encrypted variable (process.env.CLIENT_SECRET)'), titles.join(' | '));
    const storage = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Move to Forge secret storage'));
    assert.ok(storage?.edit);
    await client.applyEdit(storage.edit, uri);
    assert.match(client.text(uri), /import \{ kvs \} from '@forge\/kvs';/);
    assert.match(client.text(uri), /await kvs\.getSecret<string>\('client-secret'\)/);
  });

  it('no diagnostic (message, data, fixes) and no log line holds an 8-character piece of a secret', async () => {
    const atoa = fakeClientSecret();
    const key = randomAlnum(32);
    await client.open('svc/src/leaky.js', [
      `console.log('check the secret ${atoa} in the console');`,
      `const body = 'grant_type=client_credentials&client_secret=${secret}&scope=read';`,
      `require('jsonwebtoken').sign({}, '${key}');`,
      `const { app } = require('electron');`,
      '',
    ].join('\n'), 'javascript');
    await client.open('svc/.env', `ATLASSIAN_CLIENT_SECRET=${atoa}\n`, 'dotenv');
    const published = JSON.stringify(client.published);
    assert.ok(published.includes('no-hardcoded-signing-key') && published.includes('no-secret-logging'), 'the findings were published');
    for (const s of [atoa, key, secret]) {
      const leaked = windows(s).filter((w) => published.includes(w) || client.logs.some((l) => l.includes(w)));
      assert.deepStrictEqual(leaked.slice(0, 3), []);
    }
  });

  it('source.fixAll.marketplaceGuard applies the safe https fix to a redirect URI', async () => {
    const text = fs.readFileSync(path.join(folder, 'node-3lo-service/config/production.json'), 'utf8');
    const { uri } = await client.open('node-3lo-service/config/production.json', text, 'json');
    const fixAll: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    assert.strictEqual(fixAll.length, 1);
    const after = await client.applyEdit(fixAll[0]?.edit ?? {}, uri);
    assert.ok(client.text(uri).includes('"https://reports.acme-labs.com/callback"'));
    assert.ok(!after.some((x) => x.code === 'redirect-uri-insecure'));
  });
});
