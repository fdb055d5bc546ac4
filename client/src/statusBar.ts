import * as vscode from 'vscode';
import type { SeverityCounts } from '../../server/src/protocol';

/** The status-bar item: the workspace's policy error count; a click opens the compliance view. */
export class GuardStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('marketplaceGuard.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Marketplace Guard';
    this.item.command = 'marketplaceGuard.compliance.focus';
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.item.text = '$(sync~spin) Marketplace Guard';
    this.item.tooltip = 'Marketplace Guard: starting the language server';
    this.item.backgroundColor = undefined;
  }

  stopped(): void {
    this.item.text = '$(circle-slash) Marketplace Guard';
    this.item.tooltip = 'Marketplace Guard: the language server is not running (Restart Server restarts it)';
    this.item.command = 'marketplaceGuard.restartServer';
  }

  update(counts: SeverityCounts): void {
    this.item.command = 'marketplaceGuard.compliance.focus';
    this.item.text = counts.errors > 0 ? `$(shield) ${counts.errors}` : '$(shield) $(check)';
    this.item.tooltip = new vscode.MarkdownString(
      `**Marketplace Guard**: ${plural(counts.errors, 'policy error')}, ${plural(counts.warnings, 'warning')}, ` +
        `${plural(counts.infos, 'note')}.\n\nClick to open the compliance view.`,
    );
    // Errors are policy violations Atlassian enforces; the warning colour marks them without alarm red.
    this.item.backgroundColor =
      counts.errors > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
