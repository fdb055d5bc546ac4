import * as vscode from 'vscode';
import { AuditWorkspaceRequest } from '../../../server/src/protocol';
import type { GuardContext } from '../context';

/**
 * "Marketplace Guard: Restart Server": restarts the language server and refreshes the tree. A new
 * server knows only the open files: when the workspace had been audited, the audit runs again so its
 * findings come back instead of silently shrinking to the open files.
 */
export async function restartServer(ctx: GuardContext): Promise<void> {
  const wasAudited = ctx.tree.audited;
  ctx.output.appendLine(`Restarting the language server${wasAudited ? ' (the workspace audit runs again)' : ''}.`);
  await ctx.client.restart();
  if (wasAudited) {
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Marketplace Guard: auditing the workspace again' },
      () => ctx.client.sendRequest(AuditWorkspaceRequest, {}),
    );
    if (!summary.cancelled) ctx.status.audited();
  }
  await ctx.tree.refresh();
  void vscode.window.setStatusBarMessage('Marketplace Guard: server restarted', 3000);
}
