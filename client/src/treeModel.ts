/**
 * The compliance tree as plain data: the rows, their text, tooltips and screen-reader labels, built
 * once per refresh from the server's findings. No `vscode` import, so it is unit-tested directly.
 *
 * Two groupings, each at most three levels deep (a finding's related locations hang below it):
 * - by policy area: area → rule → finding (the finding row names its file and position);
 * - by file: file → finding (the file row's count is the number of Marketplace Guard problems the
 *   Problems panel shows for that file).
 */
import { API_TOKEN_ENFORCEMENT_DATE, type Category, type Severity } from '../../server/src/core/model';
import { countBySeverity, type FindingItem, type RelatedItem, type SeverityCounts } from '../../server/src/protocol';
import { plural, severityBreakdown } from './text';

export type GroupBy = 'area' | 'file';

const AREAS: readonly { readonly category: Category; readonly label: string }[] = [
  { category: 'api-tokens', label: 'API tokens' },
  { category: 'client-secrets', label: 'Client secrets' },
  { category: 'redirect-uris', label: 'Redirect URIs' },
  { category: 'scopes', label: 'Scopes and egress' },
  { category: 'meta', label: 'Suppressions and analysis' },
];

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** The longest label a finding row shows; the whole message is in its tooltip. */
export const MAX_LABEL = 100;

interface NodeBase {
  /** Unique in the tree and stable across refreshes for the same finding (VS Code keys rows by it). */
  readonly id: string;
  /** Computed with the node: a row's children never come from state a later refresh replaced. */
  readonly children: readonly TreeNode[];
}

export type TreeNode =
  | (NodeBase & { readonly kind: 'area'; readonly category: Category; readonly findings: readonly FindingItem[] })
  | (NodeBase & { readonly kind: 'rule'; readonly ruleId: string; readonly category: Category; readonly findings: readonly FindingItem[] })
  | (NodeBase & { readonly kind: 'file'; readonly uri: string; readonly file: string; readonly findings: readonly FindingItem[] })
  /** `showFile`: the row names its file (grouped by area, where no file row is above it). */
  | (NodeBase & { readonly kind: 'finding'; readonly finding: FindingItem; readonly showFile: boolean })
  /** Where the finding's credential is built or its token comes from; a click reveals it. */
  | (NodeBase & { readonly kind: 'related'; readonly related: RelatedItem })
  /** Findings the folder's baseline file holds (no squiggles): last, collapsed, file → finding. */
  | (NodeBase & { readonly kind: 'baseline'; readonly findings: readonly FindingItem[] });

/** What one row shows, independent of the editor API. `tooltip` is Markdown. */
export interface RowView {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** What a screen reader says for the row: severity word first. */
  readonly ariaLabel: string;
  readonly contextValue: string;
  readonly severity?: Severity;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
}

export { plural } from './text';

export function areaLabel(category: Category): string {
  return AREAS.find((a) => a.category === category)?.label ?? category;
}

/** The API-token policy's enforcement date (Atlassian's notice): overdue once it has passed. */
export function deadlineNote(category: Category, today: Date = new Date()): string | undefined {
  if (category !== 'api-tokens') return undefined;
  const due = new Date(`${API_TOKEN_ENFORCEMENT_DATE}T00:00:00Z`);
  return today >= due ? `overdue since ${API_TOKEN_ENFORCEMENT_DATE}` : `deadline ${API_TOKEN_ENFORCEMENT_DATE}`;
}

export function worst(findings: readonly FindingItem[]): Severity {
  let best: Severity = 'info';
  for (const f of findings) if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[best]) best = f.severity;
  return best;
}

const SEVERITY_WORD: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', info: 'Note' };


/**
 * A finding's row label: the message's first sentence (a period, question or exclamation mark
 * followed by a space, or a line break), cut at a word boundary to at most {@link MAX_LABEL} characters.
 */
export function shortLabel(message: string): string {
  const flat = message.replace(/\s*\r?\n\s*/g, '\n').trim();
  const nl = flat.indexOf('\n');
  let first = nl < 0 ? flat : flat.slice(0, nl);
  // A sentence ends at ". " unless the period belongs to a file name or an abbreviation like "e.g.".
  const end = /[.!?](?=\s+[A-Z(`"'])/.exec(first);
  if (end && end.index > 0) first = first.slice(0, end.index + 1);
  if (first.length <= MAX_LABEL) return first;
  const cut = first.slice(0, MAX_LABEL - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_LABEL / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function dirname(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** 1-based `line:column`, as editors print positions. */
export function position(range: FindingItem['range']): string {
  return `${range.start.line + 1}:${range.start.character + 1}`;
}

function spoken(range: FindingItem['range']): string {
  return `line ${range.start.line + 1} column ${range.start.character + 1}`;
}

/** Markdown-escapes text shown verbatim (messages quote code such as `a_b*c`). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}

function byPosition(a: FindingItem, b: FindingItem): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId);
}

function byFileThenPosition(a: FindingItem, b: FindingItem): number {
  return a.file.localeCompare(b.file) || a.uri.localeCompare(b.uri) || byPosition(a, b);
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

function rangeKey(f: FindingItem): string {
  const r = f.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/**
 * Builds the whole tree for one set of findings. Ids are derived from what a row stands for (area,
 * rule, file URI, rule and range of a finding), never from a row's index among its siblings; two
 * findings identical in all of that get `~2`, `~3`… so every id is unique.
 */
export function buildTree(findings: readonly FindingItem[], mode: GroupBy, baselined: readonly FindingItem[] = []): TreeNode[] {
  const used = new Map<string, number>();
  const unique = (id: string): string => {
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  };
  const findingNode = (parent: string, f: FindingItem, showFile: boolean): TreeNode => {
    const id = unique(`${parent}/${showFile ? `${f.uri}#` : ''}${f.ruleId}@${rangeKey(f)}`);
    const children: TreeNode[] = (f.related ?? []).map((related, i) => ({ kind: 'related', id: `${id}/related:${i}`, related, children: [] }));
    return { kind: 'finding', id, finding: f, showFile, children };
  };
  const byFile = (prefix: string, list: readonly FindingItem[]): TreeNode[] =>
    [...groupBy(list, (f) => f.uri)]
      .sort(([ua, a], [ub, b]) => (a[0]?.file ?? '').localeCompare(b[0]?.file ?? '') || ua.localeCompare(ub))
      .map(([uri, list]) => {
        const id = unique(`${prefix}${uri}`);
        const sorted = [...list].sort(byPosition);
        return { kind: 'file', id, uri, file: list[0]?.file ?? uri, findings: sorted, children: sorted.map((f) => findingNode(id, f, false)) };
      });
  const byArea = (list: readonly FindingItem[]): TreeNode[] => {
    const areas = groupBy(list, (f) => f.category);
    const known = new Set(AREAS.map((a) => a.category));
    const categories = [...AREAS.map((a) => a.category), ...[...areas.keys()].filter((c) => !known.has(c)).sort()];
    return categories
      .filter((c) => areas.has(c))
      .map((category) => {
        const inArea = areas.get(category) ?? [];
        const areaId = unique(`area:${category}`);
        const rules = [...groupBy(inArea, (f) => f.ruleId)]
          .sort(([a, fa], [b, fb]) => SEVERITY_ORDER[worst(fa)] - SEVERITY_ORDER[worst(fb)] || fb.length - fa.length || a.localeCompare(b))
          .map(([ruleId, list]): TreeNode => {
            const id = unique(`${areaId}/rule:${ruleId}`);
            const sorted = [...list].sort(byFileThenPosition);
            return { kind: 'rule', id, ruleId, category, findings: sorted, children: sorted.map((f) => findingNode(id, f, true)) };
          });
        return { kind: 'area', id: areaId, category, findings: inArea, children: rules };
      });
  };
  const main = mode === 'file' ? byFile('file:', findings) : byArea(findings);
  if (baselined.length === 0) return main;
  const baselineId = unique('baseline');
  return [...main, { kind: 'baseline', id: baselineId, findings: baselined, children: byFile(`${baselineId}/file:`, baselined) }];
}

/** The findings a row stands for (a finding row: itself; a related row: none). */
export function findingsUnder(node: TreeNode): readonly FindingItem[] {
  switch (node.kind) {
    case 'area':
    case 'rule':
    case 'file':
    case 'baseline':
      return node.findings;
    case 'finding':
      return [node.finding];
    case 'related':
      return [];
  }
}

/** One line per finding for the clipboard: `file:line:col severity message [rule]`, by file and position. */
export function copyText(findings: readonly FindingItem[]): string {
  return [...findings]
    .sort(byFileThenPosition)
    .map((f) => `${f.file}:${position(f.range)} ${f.severity} ${f.message.replace(/\s*\r?\n\s*/g, ' ').trim()} [${f.ruleId}]`)
    .join('\n');
}

function filesIn(findings: readonly FindingItem[]): number {
  return new Set(findings.map((f) => f.uri)).size;
}

function problems(n: number): string {
  return plural(n, 'problem');
}

/** The text, tooltip and accessibility label of one row. */
export function present(node: TreeNode, today: Date = new Date()): RowView {
  switch (node.kind) {
    case 'area': {
      const label = areaLabel(node.category);
      const note = deadlineNote(node.category, today);
      const n = node.findings.length;
      const summary = `${problems(n)} (${severityBreakdown(countBySeverity(node.findings))}) in ${plural(filesIn(node.findings), 'file')}`;
      const policies = [...new Set(node.findings.map((f) => f.policy).filter((p) => p !== ''))];
      return {
        label,
        description: note ? `${n} · ${note}` : String(n),
        tooltip:
          `**${escapeMarkdown(label)}**: ${summary}` +
          (note ? `\n\nAtlassian enforces this policy area from ${API_TOKEN_ENFORCEMENT_DATE}: ${note}.` : '') +
          (policies.length > 0 ? `\n\nPolicy: ${policies.map(escapeMarkdown).join('; ')}` : ''),
        ariaLabel: `${label}: ${summary}${note ? `, ${note}` : ''}`,
        contextValue: 'area',
        severity: worst(node.findings),
        collapsible: 'expanded',
      };
    }
    case 'rule': {
      const n = node.findings.length;
      const summary = `${problems(n)} (${severityBreakdown(countBySeverity(node.findings))}) in ${plural(filesIn(node.findings), 'file')}`;
      const policy = node.findings.find((f) => f.policy !== '')?.policy;
      return {
        label: node.ruleId,
        description: String(n),
        tooltip: `**${escapeMarkdown(node.ruleId)}**: ${summary}${policy ? `\n\nPolicy: ${escapeMarkdown(policy)}` : ''}`,
        ariaLabel: `Rule ${node.ruleId}: ${summary}`,
        contextValue: 'rule',
        severity: worst(node.findings),
        collapsible: 'expanded',
      };
    }
    case 'file': {
      const n = node.findings.length;
      const dir = dirname(node.file);
      const counts = severityBreakdown(countBySeverity(node.findings));
      return {
        label: basename(node.file),
        description: dir ? `${dir} · ${n}` : String(n),
        tooltip:
          `**${escapeMarkdown(node.file)}**\n\n${problems(n)} (${counts}): every Marketplace Guard diagnostic of this file, ` +
          'the number the Problems panel shows for it.',
        ariaLabel: `${basename(node.file)}${dir ? ` in ${dir}` : ''}: ${problems(n)}, ${counts}`,
        contextValue: 'file',
        severity: worst(node.findings),
        collapsible: 'expanded',
      };
    }
    case 'finding': {
      const f = node.finding;
      const label = shortLabel(f.message);
      const where = node.showFile ? `${basename(f.file)}:${position(f.range)}` : position(f.range);
      const spokenWhere = node.showFile ? `${basename(f.file)} ${spoken(f.range)}` : spoken(f.range);
      const parts = [escapeMarkdown(f.message)];
      if (f.detail) parts.push(escapeMarkdown(f.detail));
      parts.push(`\`${f.ruleId}\`${f.policy ? ` · ${escapeMarkdown(f.policy)}` : ''}`);
      parts.push(escapeMarkdown(`${f.file}:${position(f.range)}`));
      return {
        label,
        description: where,
        tooltip: parts.join('\n\n'),
        ariaLabel: `${SEVERITY_WORD[f.severity]}: ${label.replace(/[.…]$/, '')}, ${spokenWhere}, ${f.ruleId}`,
        contextValue: f.failure ? 'note' : f.fixable ? 'finding.fixable' : 'finding',
        severity: f.severity,
        collapsible: node.children.length > 0 ? 'collapsed' : 'none',
      };
    }
    case 'baseline': {
      const n = node.findings.length;
      const summary = `${plural(n, 'finding')} accepted in the baseline file named in .marketplace-guard.json, in ${plural(filesIn(node.findings), 'file')}`;
      return {
        label: 'Baseline',
        description: String(n),
        tooltip: `**Baseline**: ${summary}. They are not shown as problems; new findings are.`,
        ariaLabel: `Baseline: ${summary}`,
        contextValue: 'baseline',
        collapsible: 'collapsed',
      };
    }
    case 'related': {
      const r = node.related;
      const where = `${basename(r.file)}:${position(r.range)}`;
      return {
        label: r.message,
        description: where,
        tooltip: `${escapeMarkdown(r.message)}\n\n${escapeMarkdown(`${r.file}:${position(r.range)}`)}`,
        ariaLabel: `Related location: ${r.message}, ${basename(r.file)} ${spoken(r.range)}`,
        contextValue: 'related',
        collapsible: 'none',
      };
    }
  }
}

/**
 * The line above the tree: what was checked and what was found. After a clean audit it says the
 * workspace was audited, when, and that nothing was found (VS Code hides the welcome text then).
 */
export function viewMessage(counts: SeverityCounts, total: number, audited: boolean, auditedAt: string | undefined): string | undefined {
  const scope = audited ? `Whole workspace audited${auditedAt ? ` at ${auditedAt}` : ''}` : 'Open files';
  if (total === 0) return audited ? `${scope}: nothing breaks the Marketplace security policy.` : undefined;
  return `${scope}: ${severityBreakdown(counts)}`;
}
