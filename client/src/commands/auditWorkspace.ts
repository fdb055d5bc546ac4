import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import { AuditWorkspaceRequest, FindingsRequest, type AuditSummary } from '../../../server/src/protocol';
import type { GuardContext } from '../context';
import { auditToastText } from '../text';

/**
 * "Marketplace Guard: Audit Workspace": asks the server to analyse every file (unopened ones too),
 * showing its work-done progress in a cancellable notification. Returns the summary (for tests).
 */
export async function auditWorkspace(ctx: GuardContext): Promise<AuditSummary | undefined> {
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Marketplace Guard: auditing the workspace', cancellable: true },
    async (progress, token) => {
      // The server reports through a work-done token we create, so its messages land in this toast.
      const workDoneToken = randomUUID();
      let last = 0;
      const listener = ctx.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const pct = value.percentage;
        const increment = pct === undefined ? undefined : Math.max(0, pct - last);
        if (pct !== undefined) last = pct;
        progress.report({ message: value.message, increment });
      });
      try {
        return await ctx.client.sendRequest(AuditWorkspaceRequest, { workDoneToken }, token);
      } catch (err) {
        if (token.isCancellationRequested) return undefined;
        throw err;
      } finally {
        listener.dispose();
      }
    },
  );
  if (summary && !summary.cancelled) ctx.status.audited();
  await ctx.tree.refresh();
  if (!summary) {
    void vscode.window.showInformationMessage('Marketplace Guard: audit cancelled.');
    return undefined;
  }
  // The summary counts files analysed; the toast also says how many files the findings sit in.
  const { findings } = await ctx.client.sendRequest(FindingsRequest, {});
  const text = auditToastText(summary, new Set(findings.map((f) => f.uri)).size);
  ctx.output.appendLine(`${text} Skipped ${summary.skipped}; ${summary.durationMs} ms.`);
  // Not awaited: the toast's buttons must not block the command (or tests that run it).
  void vscode.window.showInformationMessage(text, 'Show Findings', 'Export Report…').then((pick) => {
    if (pick === 'Show Findings') void vscode.commands.executeCommand('marketplaceGuard.compliance.focus');
    if (pick === 'Export Report…') void vscode.commands.executeCommand('marketplaceGuard.exportReport');
  });
  lastToast = text;
  return summary;
}

let lastToast: string | undefined;

/** The last audit toast's text (tests read what the user read). */
export function lastAuditToast(): string | undefined {
  return lastToast;
}
