import * as vscode from 'vscode';

/**
 * Runs inside code-server's extension host (as `extensionTestsPath`, beside an empty development
 * extension): opens one file of the workspace the way a user does and waits until Marketplace Guard's
 * first diagnostic for it exists. It never activates the extension itself: the installed VSIX
 * activates on its own events, as it would for a user. One line `MG_EDITOR_BENCH {json}` reports
 * wall-clock times (Date.now(), the same clock as the bench process on this machine).
 */

const FILE = process.env.MG_BENCH_FILE ?? 'src/jiraClient.ts';
const SOURCE = 'Marketplace Guard';
const TIMEOUT_MS = 180_000;

export async function run(): Promise<void> {
  const hostReady = Date.now();
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, ...FILE.split('/'));
  const ours = (): number => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE).length;
  const seen = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${SOURCE} diagnostic on ${FILE} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const check = (): void => {
      const n = ours();
      if (n === 0) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(n);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
  const openStart = Date.now();
  await vscode.window.showTextDocument(uri, { preview: false });
  const shown = Date.now();
  const diagnostics = await seen;
  const firstDiagnostic = Date.now();
  const ext = vscode.extensions.getExtension('marketplace-guard.marketplace-guard');
  console.log(`MG_EDITOR_BENCH ${JSON.stringify({ hostReady, openStart, shown, firstDiagnostic, diagnostics, installed: ext?.extensionPath ?? null })}`);
}
