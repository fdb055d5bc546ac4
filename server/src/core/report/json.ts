import { escapeJsonControls } from './escape';
import { redactedInput } from './redacted';
import { countBySeverity } from './shared';
import type { ReportInput } from './types';

/**
 * SPEC §5: `{ version, root, findings: [{ ruleId, category, severity, file, range, message, policy, related? }], summary }`;
 * `related` (where the credential is built, where the token comes from) has the finding's range shape.
 */
export function formatJson(raw: ReportInput): string {
  const input = redactedInput(raw);
  const counts = countBySeverity(input.findings);
  const report = {
    version: input.version,
    root: input.root,
    findings: input.findings.map((f) => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      file: f.file,
      range: { start: f.start, end: f.end },
      message: f.message,
      detail: f.detail,
      policy: f.policy,
      ...(f.endpoint ? { endpoint: f.endpoint } : {}),
      ...(f.related && f.related.length > 0
        ? { related: f.related.map((r) => ({ file: r.file, range: { start: r.start, end: r.end }, message: r.message })) }
        : {}),
      fixable: f.fixes.length > 0,
    })),
    summary: {
      files: input.filesAnalysed,
      skipped: input.skipped.length,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      // With a baseline, `findings` and the counts above are the new findings only.
      ...(input.baseline ? { baseline: { file: input.baseline.file, matched: input.baseline.matched.length, gone: input.baseline.gone } } : {}),
    },
  };
  return `${escapeJsonControls(JSON.stringify(report, null, 2))}\n`;
}
