import * as vscode from 'vscode';
import { ExportReportRequest, type ExportFormat } from '../../../server/src/protocol';
import type { GuardContext } from '../context';
import { plural } from '../text';

const LAST_FOLDER_KEY = 'marketplaceGuard.lastReportFolder';

/**
 * Where the save dialog opens: the folder the user last saved a report to, else the extension's
 * global storage. Never the workspace root by default: a report there is one more file in the repo
 * (the audit skips reports it wrote, but a reviewer or another scanner would not).
 */
export async function defaultFolder(ctx: GuardContext): Promise<vscode.Uri> {
  const last = ctx.state.get<string>(LAST_FOLDER_KEY);
  if (last !== undefined) return vscode.Uri.parse(last);
  const reports = vscode.Uri.joinPath(ctx.storageUri, 'reports');
  await vscode.workspace.fs.createDirectory(reports);
  return reports;
}

/** Remembers the folder of a file the user saved (the next report or plan dialog opens there). */
export function rememberFolder(ctx: GuardContext, saved: vscode.Uri): void {
  void ctx.state.update(LAST_FOLDER_KEY, vscode.Uri.joinPath(saved, '..').toString());
}

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
  const uri = target ?? (await vscode.window.showSaveDialog({
    title: 'Save Compliance Report',
    defaultUri: vscode.Uri.joinPath(await defaultFolder(ctx), `marketplace-guard-report.${choice.ext}`),
    filters: { [choice.label]: [choice.ext] },
  }));
  if (!uri) return undefined;
  if (!target) rememberFolder(ctx, uri);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Marketplace Guard: building the report' },
    () => ctx.client.sendRequest(ExportReportRequest, { format: choice.format, folderUri: folder?.uri.toString() }),
  );
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
  void vscode.window
    .showInformationMessage(`Marketplace Guard: ${choice.label} report saved (${plural(result.findings, 'finding')}).`, 'Open')
    .then((pick) => {
      if (pick === 'Open') void vscode.window.showTextDocument(uri);
    });
  return uri;
}
