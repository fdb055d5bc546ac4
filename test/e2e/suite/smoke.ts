import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GuardApi } from '../../../client/src/extension';
import { fakeApiToken } from '../../support/secrets';
import { diagnosticsChanged, waitFor } from './wait';

/** Smoke test of the packaged VSIX installed with `code-server --install-extension`: it activates and reports. */
export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<GuardApi>('marketplace-guard.marketplace-guard');
  assert.ok(ext, 'the VSIX is installed');
  assert.ok(!ext.extensionPath.includes('/test/e2e/'), `installed copy, not the sources: ${ext.extensionPath}`);
  const api = await ext.activate();
  await api.ready;
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  const uri = vscode.Uri.joinPath(folder.uri, 'src', 'credentials.ts');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`export const jiraApiToken = '${fakeApiToken()}';\n`));
  await vscode.window.showTextDocument(uri);
  await waitFor('a diagnostic from the packaged server', [diagnosticsChanged(uri)], () =>
    vscode.languages.getDiagnostics(uri).some((d) => d.source === 'Marketplace Guard') ? true : undefined,
  );
  const page = await vscode.commands.executeCommand<vscode.Uri | undefined>('marketplaceGuard.showRuleDocumentation', 'no-api-token-literal');
  assert.ok(page, 'the bundled rule documentation opens');
  console.log(`VSIX smoke test passed (${ext.extensionPath})`);
}
