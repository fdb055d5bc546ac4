/**
 * Recognises the reports Marketplace Guard writes (JSON, SARIF, Markdown, text), by their content and
 * whatever their name or folder: a report quotes findings (redacted), Atlassian URLs and rule names,
 * and must never become findings itself when it is saved inside the audited workspace.
 */
import { BASELINE_FORMAT, TOOL_NAME } from './shared';

/** The reason a user reads (`--verbose`, the output channel) when one of our reports is skipped. */
export const OWN_REPORT_REASON = 'a report Marketplace Guard wrote';

/** A baseline file (`audit --write-baseline`) saved in the workspace: only hashes, never a finding. */
export const OWN_BASELINE_REASON = 'a baseline Marketplace Guard wrote';

/** Reports are never huge in their head: a cheap look at the start before any parse. */
const HEAD_CHARS = 4096;

const MARKDOWN_TITLE = /^\uFEFF?# API-token migration report: .*$/m;
const MARKDOWN_TOOL_ROW = new RegExp(`^\\| Tool \\| ${TOOL_NAME} [^|]*\\|\\s*$`, 'm');
const TEXT_SUMMARY = /^(?:✖ \d+ (?:new )?findings? \(\d+ errors?, \d+ warnings?, \d+ info\) in \d+ files? \(\d+ files? analysed.*\)\.|✔ No (?:new )?Marketplace security policy findings \(\d+ files? analysed.*\)\.)$/m;
const TEXT_FINDING_LINE = /^ {2}\d+:\d+ +(?:error|warning|info) {2,}.* {2}[a-z0-9-]+ · .+$/m;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `{ version, root, findings: [{ ruleId, category, severity, file, range, … }], summary }` (SPEC §5). */
function isJsonReport(doc: Record<string, unknown>): boolean {
  const findings = doc['findings'];
  const summary = doc['summary'];
  if (typeof doc['version'] !== 'string' || typeof doc['root'] !== 'string' || !isRecord(summary) || !Array.isArray(findings)) {
    return false;
  }
  if (!['files', 'skipped', 'errors', 'warnings', 'infos'].every((k) => typeof summary[k] === 'number')) return false;
  return findings.every(
    (f: unknown) => isRecord(f) && typeof f['ruleId'] === 'string' && typeof f['severity'] === 'string' && typeof f['file'] === 'string',
  );
}

/** SARIF 2.1.0 whose runs were all produced by our driver. */
function isSarifReport(doc: Record<string, unknown>): boolean {
  const runs = doc['runs'];
  if (!Array.isArray(runs) || runs.length === 0) return false;
  return runs.every((run: unknown) => {
    const tool = isRecord(run) ? run['tool'] : undefined;
    const driver = isRecord(tool) ? tool['driver'] : undefined;
    return isRecord(driver) && driver['name'] === TOOL_NAME;
  });
}

/**
 * Why a file is skipped when it is a report Marketplace Guard wrote, else undefined. Looks at the
 * content only: a renamed or moved report is still recognised, a file merely named like one is not.
 */
export function ownReportReason(text: string): string | undefined {
  const head = text.slice(0, HEAD_CHARS);
  const trimmed = head.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) {
    // Prefilters keep JSON.parse away from ordinary JSON files.
    const json = head.includes('"root"') && head.includes('"findings"') && text.includes('"summary"');
    const sarif = head.includes('"runs"') && head.includes(`"${TOOL_NAME}"`);
    const baseline = head.includes(`"${BASELINE_FORMAT}"`);
    if (!json && !sarif && !baseline) return undefined;
    const doc = parseObject(text);
    if (!doc) return undefined;
    if (baseline && doc['format'] === BASELINE_FORMAT) return OWN_BASELINE_REASON;
    return (json && isJsonReport(doc)) || (sarif && isSarifReport(doc)) ? OWN_REPORT_REASON : undefined;
  }
  if (MARKDOWN_TITLE.test(head) && MARKDOWN_TOOL_ROW.test(head)) return OWN_REPORT_REASON;
  // The text format: findings grouped by file, then one summary line.
  const tail = text.slice(-HEAD_CHARS);
  if (TEXT_SUMMARY.test(tail) && (TEXT_FINDING_LINE.test(head) || /^✔ No (?:new )?Marketplace/m.test(tail))) return OWN_REPORT_REASON;
  return undefined;
}
