import type { Finding } from '../model';
import { RULES_BY_ID } from '../rules';
import { ruleFixSummary } from './rule-help';
import { markdownCode as code } from './escape';

/**
 * The Markdown report's "Rules" section: each rule that has a finding above, what it enforces and its
 * fix, in a line each. The report explains itself wherever it is read (an ADDON ticket, a pull request)
 * instead of linking to pages that may not be reachable there. Texts come from rule metadata and the
 * rule pages, never from the workspace.
 */
export function rulesSection(findings: readonly Finding[]): string[] {
  const ids = [...new Set(findings.map((f) => f.ruleId))].sort();
  const lines: string[] = [];
  for (const id of ids) {
    const rule = RULES_BY_ID.get(id);
    if (!rule) continue;
    const fix = ruleFixSummary(id);
    lines.push(
      `- ${code(id)} (${rule.meta.defaultSeverity} by default; policy: "${rule.meta.policy}"): ${rule.meta.description}` +
        (fix ? ` **Fix:** ${fix}.`.replace(/\.\.$/, '.') : ''),
    );
  }
  if (lines.length === 0) return [];
  return ['## Rules', '', 'What each rule above enforces and how to fix its findings:', '', ...lines, ''];
}
