import type { Finding, Severity } from '../model';
import { escapeTerminal as t } from './escape';
import { redactedInput } from './redacted';
import { baselineSummary, countBySeverity } from './shared';
import type { ReportInput, TextOptions } from './types';

const COLORS = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4 } as const;

function paint(on: boolean, code: keyof typeof COLORS, s: string): string {
  return on ? `\u001b[${COLORS[code]}m${s}\u001b[0m` : s;
}

const SEV_COLOR: Record<Severity, keyof typeof COLORS> = { error: 'red', warning: 'yellow', info: 'blue' };

/**
 * ESLint-style stylish output: grouped by file, one line a finding (then one indented `↳` line per related
 * location), a summary line at the end. Every text from the workspace (file names, messages, skip
 * reasons) is redacted and shown with its control characters escaped, so no name can hide a finding.
 */
export function formatText(raw: ReportInput, options: TextOptions): string {
  const input = redactedInput(raw);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, findings] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(paint(options.color, 'underline', t(file)));
    for (const f of findings) {
      const loc = `${f.start.line}:${f.start.column}`.padEnd(8);
      const sev = paint(options.color, SEV_COLOR[f.severity], f.severity.padEnd(7));
      lines.push(`  ${loc} ${sev} ${t(f.message)}  ${paint(options.color, 'gray', `${t(f.ruleId)} · ${t(f.policy)}`)}`);
      if (options.verbose) lines.push(`    ${paint(options.color, 'gray', t(f.detail))}`);
      for (const r of f.related ?? []) lines.push(`    ${paint(options.color, 'gray', `↳ ${t(r.file)}:${r.start.line}:${r.start.column}`)} ${t(r.message)}`);
    }
    lines.push('');
  }
  if (options.verbose) {
    for (const s of input.skipped) lines.push(paint(options.color, 'gray', `skipped ${t(s.path)}: ${t(s.reason)}`));
    for (const fail of input.failures) lines.push(paint(options.color, 'gray', `rule ${t(fail.ruleId)} failed on ${t(fail.path)}: ${t(fail.message)}`));
    if (input.skipped.length + input.failures.length > 0) lines.push('');
  }
  const { error: errors, warning: warnings, info: infos } = countBySeverity(input.findings);
  const total = input.findings.length;
  const files = `${input.filesAnalysed} file${input.filesAnalysed === 1 ? '' : 's'} analysed`;
  const skipped = input.skipped.length > 0 ? `, ${input.skipped.length} skipped${options.verbose ? '' : ' (--verbose lists them)'}` : '';
  const fresh = input.baseline ? 'new ' : '';
  if (total === 0) {
    lines.push(paint(options.color, 'bold', `✔ No ${fresh}Marketplace security policy findings (${files}${skipped}).`));
  } else {
    const summary = `✖ ${total} ${fresh}finding${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info) in ${byFile.size} file${byFile.size === 1 ? '' : 's'} (${files}${skipped}).`;
    lines.push(paint(options.color, errors > 0 ? 'red' : 'yellow', summary));
    if (input.findings.some((f) => f.category === 'api-tokens' && f.severity === 'error')) {
      lines.push('  API-token findings are overdue: Atlassian enforces the policy since 2026-01-01. `--format markdown` writes the migration report.');
    }
  }
  if (input.baseline) lines.push(`  Baseline ${t(input.baseline.file)}: ${baselineSummary(input.baseline)}`);
  return `${lines.join('\n')}\n`;
}
