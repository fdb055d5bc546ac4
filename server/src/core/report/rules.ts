import { ALL_RULES } from '../rules';

export type RulesFormat = 'text' | 'json' | 'markdown';

/** Where each rule's documentation lives, relative to the repository/extension root. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** The rule list, generated from rule metadata (the single source for README, SARIF and settings). */
export function formatRules(format: RulesFormat): string {
  const rows = ALL_RULES.map((r) => ({
    id: r.id,
    category: r.meta.category,
    severity: r.meta.defaultSeverity,
    fixable: r.meta.fixable,
    policy: r.meta.policy,
    description: r.meta.description,
    docs: ruleDocPath(r.id),
  }));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'markdown') {
    const lines = ['| Rule | Area | Default | Fix | What it enforces |', '| --- | --- | --- | --- | --- |'];
    for (const r of rows) lines.push(`| [\`${r.id}\`](${r.docs}) | ${r.category} | ${r.severity} | ${r.fixable ? 'yes' : ''} | ${r.description} |`);
    return `${lines.join('\n')}\n`;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  return `${rows.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.category.padEnd(14)}  ${r.description}`).join('\n')}\n`;
}
