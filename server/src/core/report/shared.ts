import type { Category, Finding, Severity } from '../model';
import type { BaselineReport } from './types';

export const TOOL_NAME = 'Marketplace Guard';

/** The `format` field of a baseline file (see baseline.ts): how a baseline is recognised, whatever its name. */
export const BASELINE_FORMAT = 'marketplace-guard-baseline';

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

/** `12 baseline findings matched (not listed), 2 gone (fixed or removed).` — the same words in every format. */
export function baselineSummary(b: BaselineReport): string {
  const matched = b.matched.length;
  return `${matched} baseline finding${matched === 1 ? '' : 's'} matched (not listed), ${b.gone} gone (fixed or removed).`;
}
