/**
 * Words the client shows (toasts, status bar): plain functions without `vscode`, so unit tests read
 * exactly what a user reads.
 */
import type { AuditSummary, SeverityCounts } from '../../server/src/protocol';

/** "1 file", "2 files", "0 files"; `many` for irregular plurals ("1 analysis", "2 analyses"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 errors, 1 warning, 3 notes", leaving out kinds there are none of; "no findings" when empty. */
export function severityBreakdown(counts: SeverityCounts, errorWord = 'error'): string {
  const parts = [
    counts.errors > 0 ? plural(counts.errors, errorWord) : '',
    counts.warnings > 0 ? plural(counts.warnings, 'warning') : '',
    counts.infos > 0 ? plural(counts.infos, 'note') : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/**
 * The toast after Audit Workspace: what was found, in how many files, and how many files were read,
 * e.g. "Marketplace Guard: 12 findings (5 errors, 7 warnings) in 4 files; 11 files analysed."
 * `filesWithFindings` counts the files the findings sit in (the summary only counts files analysed).
 */
export function auditToastText(summary: AuditSummary, filesWithFindings: number): string {
  const analysed = `${plural(summary.files, 'file')} analysed`;
  const partial = summary.cancelled ? ' Cancelled: the counts cover the files analysed until then.' : '';
  if (summary.findings === 0) return `Marketplace Guard: no policy findings; ${analysed}.${partial}`;
  return (
    `Marketplace Guard: ${plural(summary.findings, 'finding')} (${severityBreakdown(summary)}) ` +
    `in ${plural(filesWithFindings, 'file')}; ${analysed}.${partial}`
  );
}

/**
 * The status item's tooltip, plain text (no Markdown to show raw). `auditedAt`: when the whole
 * workspace was audited (`null`: audited, time unknown, e.g. restored after a restart); `undefined`:
 * only the open files were checked.
 */
export function statusTooltip(counts: SeverityCounts, auditedAt: Date | null | undefined): string {
  const found = `${plural(counts.errors, 'policy error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'note')}`;
  if (auditedAt === undefined) {
    return `Marketplace Guard: only open files checked (${found}). The workspace has not been audited.\nClick to audit the whole workspace.`;
  }
  const when = auditedAt ? ` at ${auditedAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
  return `Marketplace Guard: whole workspace audited${when}; open files re-checked as you edit.\n${found}.\nClick to open the compliance view.`;
}
