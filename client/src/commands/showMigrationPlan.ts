import * as vscode from 'vscode';
import { ExportReportRequest } from '../../../server/src/protocol';
import type { GuardContext } from '../context';

/**
 * "Marketplace Guard: Show API-Token Migration Plan": the Markdown report (every endpoint still called
 * with an API token and its OAuth/Forge replacement) in an untitled editor with its preview beside it.
 */
export async function showMigrationPlan(ctx: GuardContext): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Marketplace Guard: building the migration plan' },
    () => ctx.client.sendRequest(ExportReportRequest, { format: 'markdown', folderUri: folder?.uri.toString() }),
  );
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.text });
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
  return doc;
}
