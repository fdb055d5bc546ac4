import * as assert from 'assert';
import * as fs from 'fs';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { SHOW_RULE_DOCUMENTATION_COMMAND } from '../../server/src/protocol';
import { fakeApiToken } from '../support/secrets';
import { CAPABILITIES, makeWorkspace, TestClient } from './harness';

const RULE = 'no-api-token-literal';

/** The rule code link a client shows in the hover and in Problems. */
function docLink(diagnostics: Diagnostic[]): string {
  const d = diagnostics.find((x) => x.code === RULE);
  assert.ok(d?.codeDescription, `no ${RULE} diagnostic with a code link`);
  return d.codeDescription.href;
}

describe('rule documentation links over LSP', function () {
  this.timeout(60_000);
  let folder: string;
  const clients: TestClient[] = [];

  before(() => {
    folder = makeWorkspace({ 'package.json': '{"name":"docs-links"}\n' });
  });

  after(async () => {
    for (const c of clients) await c.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the VS Code client gets a command link that opens the rendered page, not the raw .md file', async () => {
    const client = await TestClient.start(folder, CAPABILITIES, { ruleDocumentationCommand: true });
    clients.push(client);
    const { diagnostics } = await client.open('src/jira.ts', `const jiraApiToken = '${fakeApiToken()}';\nexport default jiraApiToken;\n`);
    const href = docLink(diagnostics);
    const url = new URL(href);
    assert.strictEqual(url.protocol, 'command:', href);
    assert.strictEqual(url.pathname, SHOW_RULE_DOCUMENTATION_COMMAND);
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(url.search.slice(1))), [RULE]);
  });

  it('a client that runs no Marketplace Guard command keeps a file link to the bundled page', async () => {
    const client = await TestClient.start(folder, CAPABILITIES, { ruleDocumentationCommand: 'yes' });
    clients.push(client);
    const { diagnostics } = await client.open('src/other.ts', `const jiraApiToken = '${fakeApiToken()}';\nexport default jiraApiToken;\n`);
    const href = docLink(diagnostics);
    assert.ok(href.startsWith('file://') && href.endsWith(`/docs/rules/${RULE}.md`), href);
    assert.ok(fs.existsSync(new URL(href)));
  });
});
