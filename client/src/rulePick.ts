/**
 * The rows of Show Rule Documentation's quick pick, from the rules' own metadata: the id as the label,
 * the policy area, its clause, the default severity and whether a quick fix exists beside it, and what the rule catches below. No `vscode` here:
 * the rows are plain `QuickPickItem`-shaped objects, tested as a user reads them.
 */
import type { RuleInfo } from '../../server/src/protocol';

export interface RulePickItem {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly ruleId: string;
}

/**
 * One row per documented rule, in the metadata's order (the README's rule table), then any page the
 * metadata does not know, by id. `ids` are the bundled pages; a rule without a page is not listed.
 */
export function rulePickItems(ids: readonly string[], meta: readonly RuleInfo[]): RulePickItem[] {
  const pages = new Set(ids);
  const known = meta.filter((r) => pages.has(r.id));
  const rows: RulePickItem[] = known.map((r) => ({
    label: r.id,
    description: `${r.area} ("${r.policy}") · ${r.defaultSeverity}${r.fixable ? ' · quick fix' : ''}`,
    detail: r.description,
    ruleId: r.id,
  }));
  const described = new Set(known.map((r) => r.id));
  for (const id of [...ids].sort()) if (!described.has(id)) rows.push({ label: id, ruleId: id });
  return rows;
}
