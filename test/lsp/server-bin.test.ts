import { strict as assert } from 'assert';
import * as fs from 'fs';
import { fakeApiToken } from '../support/secrets';
import { buildServer, makeWorkspace, serverBinPath, TestClient } from './harness';

/**
 * Issue 17, other editors: Neovim, JetBrains (LSP4IJ) and any LSP client start the server as the
 * package's `marketplace-guard-server --stdio`. This protocol test runs that bin file itself (its
 * shebang, its executable bit), not `node dist/server.js`. (The other protocol tests run the same file
 * with the test's Node; test/unit/npm-package.test.ts runs the bin of the installed npm package.)
 */
describe('marketplace-guard-server bin over stdio', function () {
  this.timeout(60_000);
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('is an executable Node script named in package.json', () => {
    buildServer();
    const bin = serverBinPath();
    assert.match(bin, /[\\/]dist[\\/]server\.js$/);
    assert.ok(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'), 'shebang');
    if (process.platform !== 'win32') assert.ok((fs.statSync(bin).mode & 0o111) !== 0, 'executable bit');
  });

  it('started as `marketplace-guard-server --stdio`, it publishes diagnostics', async () => {
    buildServer();
    const token = fakeApiToken();
    const text = `export const jiraApiToken = '${token}';\n`;
    const folder = makeWorkspace({ 'src/jira.ts': text });
    client = await TestClient.start(folder, undefined, undefined, { command: serverBinPath(), args: [] });
    assert.equal(client.child.spawnfile, serverBinPath());
    const { diagnostics } = await client.open('src/jira.ts', text);
    assert.deepEqual(diagnostics.map((d) => d.code), ['no-api-token-literal']);
    assert.ok(!JSON.stringify(diagnostics).includes(token.slice(8, 20)), 'redacted');
  });

  it('serves a client that declares no capabilities (a minimal LSP client): diagnostics still arrive', async () => {
    const text = `export const jiraApiToken = '${fakeApiToken()}';\n`;
    const folder = makeWorkspace({ 'src/jira.ts': text });
    client = await TestClient.start(folder, {}, undefined, { command: serverBinPath(), args: [] });
    const { diagnostics } = await client.open('src/jira.ts', text);
    assert.deepEqual(diagnostics.map((d) => d.code), ['no-api-token-literal']);
  });
});
