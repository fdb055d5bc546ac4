import type { Category, Finding, Severity } from '../model';

export const TOOL_NAME = 'Marketplace Guard';

export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

/** Findings counted by severity: every format's summary line and the CLI's exit code use this. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Policy areas in the order the policy lists them, with the headings reports show. */
export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  'api-tokens': 'API tokens',
  'client-secrets': 'Client secrets',
  'redirect-uris': 'Redirect URIs',
  scopes: 'Scopes and egress',
  meta: 'Suppression directives',
};

/** Stable order for reports: file, then position, then rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId);
}
