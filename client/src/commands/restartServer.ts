import * as vscode from 'vscode';
import type { GuardContext } from '../context';

/** "Marketplace Guard: Restart Server": restarts the language server and refreshes the tree. */
export async function restartServer(ctx: GuardContext): Promise<void> {
  ctx.output.appendLine('Restarting the language server.');
  await ctx.client.restart();
  await ctx.tree.refresh();
  void vscode.window.setStatusBarMessage('Marketplace Guard: server restarted', 3000);
}
