import * as vscode from 'vscode';
import { ExportReportRequest, type ExportFormat } from '../../../server/src/protocol';
import type { GuardContext } from '../context';

const CHOICES: readonly (vscode.QuickPickItem & { readonly format: ExportFormat; readonly ext: string })[] = [
  { label: 'Markdown', description: 'API-token migration report for Atlassian', format: 'markdown', ext: 'md' },
  { label: 'SARIF', description: 'SARIF 2.1.0 for code scanning', format: 'sarif', ext: 'sarif' },
  { label: 'JSON', description: 'every finding, machine-readable', format: 'json', ext: 'json' },
];

/**
 * "Marketplace Guard: Export Compliance Report…": format quick pick → save dialog → report text from
 * the server. Tests pass `format` and `target` to skip the two prompts. Returns the saved file.
 */
export async function exportReport(
  ctx: GuardContext,
  format?: ExportFormat,
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const choice = format
    ? CHOICES.find((c) => c.format === format)
    : await vscode.window.showQuickPick(CHOICES, { title: 'Export Compliance Report', placeHolder: 'Report format' });
  if (!choice) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Save Compliance Report',
      defaultUri: folder ? vscode.Uri.joinPath(folder.uri, `marketplace-guard-report.${choice.ext}`) : undefined,
      filters: { [choice.label]: [choice.ext] },
    }));
  if (!uri) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Marketplace Guard: building the report' },
    () => ctx.client.sendRequest(ExportReportRequest, { format: choice.format, folderUri: folder?.uri.toString() }),
  );
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
  void vscode.window
    .showInformationMessage(`Marketplace Guard: ${choice.label} report saved (${result.findings} findings).`, 'Open')
    .then((pick) => {
      if (pick === 'Open') void vscode.window.showTextDocument(uri);
    });
  return uri;
}
