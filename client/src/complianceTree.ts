import * as vscode from 'vscode';
import type { Severity } from '../../server/src/core/model';
import { FindingsRequest, type FindingItem, type SeverityCounts } from '../../server/src/protocol';
import type { LanguageClient } from 'vscode-languageclient/node';
import { buildTree, present, viewMessage, type GroupBy, type TreeNode } from './treeModel';

export { areaLabel, deadlineNote, type GroupBy, type TreeNode } from './treeModel';

/** A plain copy of the tree for tests: what a user (and a screen reader) gets from each row. */
export interface TreeSnapshot {
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;
  readonly tooltip: string;
  readonly ariaLabel: string;
  readonly children: readonly TreeSnapshot[];
}

export function severityIcon(severity: Severity): vscode.ThemeIcon {
  switch (severity) {
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    case 'info':
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  }
}

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

function toRange(r: FindingItem['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * The "Compliance" tree: policy area → rule → finding, or file → finding (toolbar toggle), fed by the
 * server's `marketplaceGuard/findings` request and refreshed on `marketplaceGuard/findingsChanged`.
 *
 * Each refresh builds the whole tree once (treeModel.ts) and swaps it in: `getChildren` returns the
 * children computed with their parent, so VS Code asking for a row's children after a later refresh
 * (or while the grouping changes) can never mix rows of two different result sets.
 */
export class ComplianceTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private findings: FindingItem[] = [];
  private roots: TreeNode[] = [];
  private baselined: FindingItem[] = [];
  private counts: SeverityCounts = { errors: 0, warnings: 0, infos: 0 };
  private wholeWorkspace = false;
  private auditTime: Date | undefined;
  private mode: GroupBy = 'area';
  private pending: Promise<void> | undefined;
  private again = false;
  private runs = 0;
  private running = 0;
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  private readonly refreshed = new vscode.EventEmitter<SeverityCounts>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Fires after each refresh from the server, with the totals. */
  readonly onDidRefresh = this.refreshed.event;
  view: vscode.TreeView<TreeNode> | undefined;

  constructor(private readonly client: LanguageClient) {
    void vscode.commands.executeCommand('setContext', 'marketplaceGuard.groupBy', this.mode);
    void vscode.commands.executeCommand('setContext', 'marketplaceGuard.audited', false);
  }

  get groupBy(): GroupBy {
    return this.mode;
  }

  setGroupBy(mode: GroupBy): void {
    this.mode = mode;
    void vscode.commands.executeCommand('setContext', 'marketplaceGuard.groupBy', mode);
    this.rebuild();
  }

  get totals(): SeverityCounts {
    return this.counts;
  }

  /** Whether the findings cover the whole workspace (an audit ran on this server), or only open files. */
  get audited(): boolean {
    return this.wholeWorkspace;
  }

  /** Records when a whole-workspace audit finished: the view's message says when the workspace was checked. */
  auditFinished(at: Date = new Date()): void {
    this.auditTime = at;
    this.updateView();
  }

  get items(): readonly FindingItem[] {
    return this.findings;
  }

  /** Re-reads the findings from the server; calls made while one runs coalesce into one more. */
  refresh(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    const id = ++this.runs;
    this.running = id;
    const run = (async () => {
      do {
        this.again = false;
        try {
          const result = await this.client.sendRequest(FindingsRequest, {});
          this.findings = result.findings.filter((f) => f.baseline !== true);
          this.baselined = result.findings.filter((f) => f.baseline === true);
          this.counts = { errors: result.errors, warnings: result.warnings, infos: result.infos };
          this.wholeWorkspace = result.audited;
        } catch (err) {
          // A restart or shutdown races the request; the next notification refreshes again.
          if (this.client.isRunning()) throw err;
        }
      } while (this.again);
      // Cleared before the events: a listener that refreshes again starts a new run instead of joining this finished one.
      if (this.running === id) this.pending = undefined;
      this.rebuild();
      this.refreshed.fire(this.counts);
    })().finally(() => {
      // Only this run's own marker (after a failure): a refresh started from a listener has its own.
      if (this.running === id) this.pending = undefined;
    });
    this.pending = run;
    return run;
  }

  /** Swaps in a tree built from the current findings and grouping, then tells VS Code. */
  private rebuild(): void {
    this.roots = buildTree(this.findings, this.mode, this.baselined);
    this.updateView();
    this.changed.fire(undefined);
  }

  private updateView(): void {
    void vscode.commands.executeCommand('setContext', 'marketplaceGuard.audited', this.wholeWorkspace);
    if (!this.view) return;
    const n = this.counts.errors;
    this.view.badge = n > 0 ? { value: n, tooltip: `${n} Marketplace policy error${n === 1 ? '' : 's'}` } : undefined;
    const at = this.wholeWorkspace && this.auditTime ? this.auditTime.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : undefined;
    this.view.message = viewMessage(this.counts, this.findings.length, this.wholeWorkspace, at);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return [...(node ? node.children : this.roots)];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const row = present(node);
    const item =
      node.kind === 'file'
        ? new vscode.TreeItem(vscode.Uri.parse(node.uri), COLLAPSIBLE[row.collapsible])
        : new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible]);
    item.id = node.id;
    item.label = row.label;
    item.description = row.description;
    item.tooltip = new vscode.MarkdownString(row.tooltip);
    item.accessibilityInformation = { label: row.ariaLabel };
    item.contextValue = row.contextValue;
    if (row.severity) item.iconPath = severityIcon(row.severity);
    if (node.kind === 'finding') {
      item.command = { command: 'marketplaceGuard.revealFinding', title: 'Go to Finding', arguments: [node] };
    } else if (node.kind === 'related') {
      item.iconPath = new vscode.ThemeIcon('location');
      const selection = toRange(node.related.range);
      item.command = { command: 'vscode.open', title: 'Go to Location', arguments: [vscode.Uri.parse(node.related.uri), { selection }] };
    }
    return item;
  }

  /** The whole tree as its rows read, for the editor tests (exposed on the extension's exports). */
  snapshot(node?: TreeNode): TreeSnapshot[] {
    return this.getChildren(node).map((child) => {
      const item = this.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : (item.tooltip ?? '');
      return {
        label,
        description: typeof item.description === 'string' ? item.description : '',
        contextValue: item.contextValue ?? '',
        tooltip,
        ariaLabel: item.accessibilityInformation?.label ?? '',
        children: this.snapshot(child),
      };
    });
  }

  dispose(): void {
    this.changed.dispose();
    this.refreshed.dispose();
  }
}
