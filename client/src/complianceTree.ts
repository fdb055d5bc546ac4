import * as vscode from 'vscode';
import { API_TOKEN_ENFORCEMENT_DATE, type Category, type Severity } from '../../server/src/core/model';
import { FindingsRequest, type FindingItem, type RelatedItem, type SeverityCounts } from '../../server/src/protocol';
import type { LanguageClient } from 'vscode-languageclient/node';

/** How the tree groups findings; the toolbar toggles it (context key `marketplaceGuard.groupBy`). */
export type GroupBy = 'area' | 'file';

const AREAS: readonly { readonly category: Category; readonly label: string }[] = [
  { category: 'api-tokens', label: 'API tokens' },
  { category: 'client-secrets', label: 'Client secrets' },
  { category: 'redirect-uris', label: 'Redirect URIs' },
  { category: 'scopes', label: 'Scopes and egress' },
  { category: 'meta', label: 'Suppressions' },
];

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export type TreeNode =
  | { readonly kind: 'area'; readonly id: string; readonly category: Category; readonly findings: readonly FindingItem[] }
  | { readonly kind: 'rule'; readonly id: string; readonly ruleId: string; readonly findings: readonly FindingItem[] }
  | { readonly kind: 'file'; readonly id: string; readonly uri: string; readonly file: string; readonly findings: readonly FindingItem[] }
  | { readonly kind: 'finding'; readonly id: string; readonly finding: FindingItem; readonly showRule: boolean }
  /** Where the finding's credential is built or its token comes from; a click reveals it. */
  | { readonly kind: 'related'; readonly id: string; readonly related: RelatedItem };

/** A plain copy of the tree for tests: what a user sees in each row. */
export interface TreeSnapshot {
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;
  readonly children: readonly TreeSnapshot[];
}

export function areaLabel(category: Category): string {
  return AREAS.find((a) => a.category === category)?.label ?? category;
}

/** The API-token policy's enforcement date (Atlassian's notice): overdue once it has passed. */
export function deadlineNote(category: Category, today: Date = new Date()): string | undefined {
  if (category !== 'api-tokens') return undefined;
  const due = new Date(`${API_TOKEN_ENFORCEMENT_DATE}T00:00:00Z`);
  return today >= due ? `overdue since ${API_TOKEN_ENFORCEMENT_DATE}` : `deadline ${API_TOKEN_ENFORCEMENT_DATE}`;
}

function worst(findings: readonly FindingItem[]): Severity {
  let best: Severity = 'info';
  for (const f of findings) if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[best]) best = f.severity;
  return best;
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

function groupBy<K>(items: readonly FindingItem[], key: (f: FindingItem) => K): Map<K, FindingItem[]> {
  const map = new Map<K, FindingItem[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function byPosition(a: FindingItem, b: FindingItem): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function countText(findings: readonly FindingItem[]): string {
  return String(findings.length);
}

/**
 * The "Marketplace Compliance" tree: policy area → rule → file → finding (or file → finding), fed by
 * the server's `marketplaceGuard/findings` request and refreshed on `marketplaceGuard/findingsChanged`.
 */
export class ComplianceTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private findings: FindingItem[] = [];
  private counts: SeverityCounts = { errors: 0, warnings: 0, infos: 0 };
  private wholeWorkspace = false;
  private mode: GroupBy = 'area';
  private pending: Promise<void> | undefined;
  private again = false;
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  private readonly refreshed = new vscode.EventEmitter<SeverityCounts>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Fires after each refresh from the server, with the totals. */
  readonly onDidRefresh = this.refreshed.event;
  view: vscode.TreeView<TreeNode> | undefined;

  constructor(private readonly client: LanguageClient) {
    void vscode.commands.executeCommand('setContext', 'marketplaceGuard.groupBy', this.mode);
  }

  get groupBy(): GroupBy {
    return this.mode;
  }

  setGroupBy(mode: GroupBy): void {
    this.mode = mode;
    void vscode.commands.executeCommand('setContext', 'marketplaceGuard.groupBy', mode);
    this.changed.fire(undefined);
  }

  get totals(): SeverityCounts {
    return this.counts;
  }

  /** Whether the findings cover the whole workspace (an audit ran on this server), or only open files. */
  get audited(): boolean {
    return this.wholeWorkspace;
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
    this.pending = (async () => {
      do {
        this.again = false;
        try {
          const result = await this.client.sendRequest(FindingsRequest, {});
          this.findings = result.findings;
          this.counts = { errors: result.errors, warnings: result.warnings, infos: result.infos };
          this.wholeWorkspace = result.audited;
        } catch (err) {
          // A restart or shutdown races the request; the next notification refreshes again.
          if (this.client.isRunning()) throw err;
        }
      } while (this.again);
      this.pending = undefined;
      this.updateBadge();
      this.changed.fire(undefined);
      this.refreshed.fire(this.counts);
    })().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private updateBadge(): void {
    if (!this.view) return;
    const n = this.counts.errors;
    this.view.badge = n > 0 ? { value: n, tooltip: `${n} Marketplace policy error${n === 1 ? '' : 's'}` } : undefined;
    this.view.message =
      this.findings.length === 0 ? undefined : `${this.counts.errors} errors · ${this.counts.warnings} warnings · ${this.counts.infos} notes`;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.mode === 'area' ? this.areas() : this.files('', this.findings, true);
    switch (node.kind) {
      case 'area':
        return this.rules(node.id, node.findings);
      case 'rule':
        return this.files(node.id, node.findings, false);
      case 'file':
        return [...node.findings].sort(byPosition).map((finding, i) => ({
          kind: 'finding' as const,
          id: `${node.id}/${finding.range.start.line}:${finding.range.start.character}:${finding.ruleId}:${i}`,
          finding,
          showRule: this.mode === 'file',
        }));
      case 'finding':
        return (node.finding.related ?? []).map((related, i) => ({ kind: 'related' as const, id: `${node.id}/related:${i}`, related }));
      case 'related':
        return [];
    }
  }

  private areas(): TreeNode[] {
    const map = groupBy(this.findings, (f) => f.category);
    return AREAS.filter((a) => map.has(a.category)).map((a) => ({
      kind: 'area' as const,
      id: `area:${a.category}`,
      category: a.category,
      findings: map.get(a.category) ?? [],
    }));
  }

  private rules(parent: string, findings: readonly FindingItem[]): TreeNode[] {
    return [...groupBy(findings, (f) => f.ruleId)]
      .sort(([a, fa], [b, fb]) => SEVERITY_ORDER[worst(fa)] - SEVERITY_ORDER[worst(fb)] || fb.length - fa.length || a.localeCompare(b))
      .map(([ruleId, list]) => ({ kind: 'rule' as const, id: `${parent}/rule:${ruleId}`, ruleId, findings: list }));
  }

  private files(parent: string, findings: readonly FindingItem[], top: boolean): TreeNode[] {
    return [...groupBy(findings, (f) => f.uri)]
      .sort(([, a], [, b]) => (a[0]?.file ?? '').localeCompare(b[0]?.file ?? ''))
      .map(([uri, list]) => ({
        kind: 'file' as const,
        id: `${top ? 'file:' : `${parent}/file:`}${uri}`,
        uri,
        file: list[0]?.file ?? uri,
        findings: list,
      }));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'area': {
        const item = new vscode.TreeItem(areaLabel(node.category), vscode.TreeItemCollapsibleState.Expanded);
        const note = deadlineNote(node.category);
        item.description = note ? `${countText(node.findings)} · ${note}` : countText(node.findings);
        item.iconPath = severityIcon(worst(node.findings));
        item.tooltip = new vscode.MarkdownString(
          `**${areaLabel(node.category)}**: ${node.findings.length} finding(s)` +
            (note ? `\n\nAtlassian enforces this policy area from ${API_TOKEN_ENFORCEMENT_DATE}: ${note}.` : '') +
            `\n\nPolicy: ${node.findings[0]?.policy ?? ''}`,
        );
        item.contextValue = 'area';
        item.id = node.id;
        return item;
      }
      case 'rule': {
        const item = new vscode.TreeItem(node.ruleId, vscode.TreeItemCollapsibleState.Expanded);
        item.description = countText(node.findings);
        item.iconPath = severityIcon(worst(node.findings));
        item.tooltip = `${node.ruleId}: ${node.findings[0]?.policy ?? ''}`;
        item.contextValue = 'rule';
        item.id = node.id;
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(vscode.Uri.parse(node.uri), vscode.TreeItemCollapsibleState.Expanded);
        item.label = node.file.split('/').pop() ?? node.file;
        const dir = node.file.includes('/') ? node.file.slice(0, node.file.lastIndexOf('/')) : '';
        item.description = dir ? `${dir} · ${countText(node.findings)}` : countText(node.findings);
        item.tooltip = `${node.file}: ${node.findings.length} finding(s)`;
        item.contextValue = 'file';
        item.id = node.id;
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const collapsed = (f.related ?? []).length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
        const item = new vscode.TreeItem(firstLine(f.message), collapsed);
        const where = `Ln ${f.range.start.line + 1}, Col ${f.range.start.character + 1}`;
        item.description = node.showRule ? `${f.ruleId} · ${where}` : where;
        item.iconPath = severityIcon(f.severity);
        item.tooltip = new vscode.MarkdownString().appendText(f.message).appendMarkdown('\n\n').appendText(f.detail ?? '').appendMarkdown(`\n\n*${f.ruleId}* · ${f.policy}`);
        item.contextValue = f.fixable ? 'finding.fixable' : 'finding';
        item.command = { command: 'marketplaceGuard.revealFinding', title: 'Go to Finding', arguments: [node] };
        item.id = node.id;
        return item;
      }
      case 'related': {
        const r = node.related;
        const item = new vscode.TreeItem(r.message, vscode.TreeItemCollapsibleState.None);
        item.description = `${r.file}:${r.range.start.line + 1}`;
        item.iconPath = new vscode.ThemeIcon('location');
        item.tooltip = `${r.message}: ${r.file}, Ln ${r.range.start.line + 1}, Col ${r.range.start.character + 1}`;
        item.contextValue = 'related';
        const selection = new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character);
        item.command = { command: 'vscode.open', title: 'Go to Location', arguments: [vscode.Uri.parse(r.uri), { selection }] };
        item.id = node.id;
        return item;
      }
    }
  }

  /** The whole tree as its rows read, for the editor tests (exposed on the extension's exports). */
  snapshot(node?: TreeNode): TreeSnapshot[] {
    return this.getChildren(node).map((child) => {
      const item = this.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return {
        label,
        description: typeof item.description === 'string' ? item.description : '',
        contextValue: item.contextValue ?? '',
        children: this.snapshot(child),
      };
    });
  }

  dispose(): void {
    this.changed.dispose();
    this.refreshed.dispose();
  }
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}
