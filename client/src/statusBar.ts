import * as vscode from 'vscode';
import type { SeverityCounts } from '../../server/src/protocol';

/** The status-bar item: the workspace's policy error count; a click opens the compliance view. */
export class GuardStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private auditedAt: Date | undefined;

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

  /** Records when a whole-workspace audit finished (the tooltip says when the workspace was checked). */
  audited(at = new Date()): void {
    this.auditedAt = at;
  }

  /**
   * Shows what was checked and what was found. A check mark only after a whole-workspace audit found no
   * error: before one (or after a restart) only the open files were checked, and the text says so.
   */
  update(counts: SeverityCounts, wholeWorkspace: boolean): void {
    const found =
      `${plural(counts.errors, 'policy error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'note')}`;
    if (wholeWorkspace) {
      const when = this.auditedAt ? ` at ${this.auditedAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
      this.item.command = 'marketplaceGuard.compliance.focus';
      this.item.text = counts.errors > 0 ? `$(shield) ${counts.errors}` : '$(shield) $(check)';
      this.item.tooltip = new vscode.MarkdownString(
        `**Marketplace Guard**: whole workspace audited${when}; open files re-checked as you edit.\n\n` +
          `${found}.\n\nClick to open the compliance view.`,
      );
    } else {
      // Nothing measured beyond the open files: never a check mark, and a click runs the audit.
      this.item.command = 'marketplaceGuard.auditWorkspace';
      this.item.text = counts.errors > 0 ? `$(shield) ${counts.errors} in open files` : '$(shield) Not audited';
      this.item.tooltip = new vscode.MarkdownString(
        `**Marketplace Guard**: only open files checked (${found}). The workspace has not been audited.\n\n` +
          'Click to audit the whole workspace.',
      );
    }
    // Errors are policy violations Atlassian enforces; the warning colour marks them without alarm red.
    this.item.backgroundColor =
      counts.errors > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
  }

  dispose(): void {
    this.item.dispose();
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
