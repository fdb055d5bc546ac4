import * as vscode from 'vscode';
import type { SeverityCounts } from '../../server/src/protocol';
import { plural, statusTooltip } from './text';

export { plural };

/**
 * The status-bar item: the workspace's policy error count; a click opens the compliance view. Shown
 * only where the tool has something to say (see `workspaceSignals.ts`): a TypeScript project with
 * nothing Atlassian in it never sees it.
 */
export class GuardStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private auditedAt: Date | undefined;
  private visible = false;

  constructor() {
    this.item = vscode.window.createStatusBarItem('marketplaceGuard.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Marketplace Guard';
    this.item.command = 'marketplaceGuard.compliance.focus';
    this.starting();
  }

  /** Shows the item in workspaces with an Atlassian app or a finding; hides it everywhere else. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.item.show();
    else this.item.hide();
  }

  get isVisible(): boolean {
    return this.visible;
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
    // Plain text: a status item's tooltip is read as is (screen readers too), never as raw `**…**`.
    this.item.tooltip = statusTooltip(counts, wholeWorkspace ? (this.auditedAt ?? null) : undefined);
    if (wholeWorkspace) {
      this.item.command = 'marketplaceGuard.compliance.focus';
      this.item.text = counts.errors > 0 ? `$(shield) ${counts.errors}` : '$(shield) $(check)';
    } else {
      // Nothing measured beyond the open files: never a check mark, and a click runs the audit.
      this.item.command = 'marketplaceGuard.auditWorkspace';
      this.item.text = counts.errors > 0 ? `$(shield) ${counts.errors} in open files` : '$(shield) Not audited';
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
