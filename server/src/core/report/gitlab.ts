import type { Finding, Severity, SuppressedFinding } from '../model';
import { escapeJsonControls } from './escape';
import { fingerprinter, type LineText } from './fingerprint';
import { redactedInput } from './redacted';
import { compareFindings } from './shared';
import type { ReportInput } from './types';

/** GitLab Code Quality severities (a subset of Code Climate's), lowest first. */
export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/**
 * An error is a breach of the Marketplace security policy that Atlassian enforces (a leaked or
 * misused credential, an insecure redirect): `critical`, so the merge request widget lists it first.
 * `blocker` is left to the team's own gates (the exit code already fails the job). A warning is
 * `minor`, an info `info`.
 */
export const GITLAB_SEVERITY: Readonly<Record<Severity, GitlabSeverity>> = { error: 'critical', warning: 'minor', info: 'info' };

/** One Code Quality issue, the fields GitLab reads (docs.gitlab.com, "Code Quality report format"). */
export interface GitlabIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: GitlabSeverity;
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

export interface GitlabOptions {
  /** Source lines for fingerprints (as SARIF's); the text is hashed, never written. */
  readonly lineText?: LineText;
}

/**
 * GitLab Code Quality report (`artifacts: reports: codequality`): a JSON array, one issue per finding,
 * paths relative to the audited root (audit the repository root so GitLab can place them on the diff).
 * Fingerprints are SARIF's `partialFingerprints` value for the same finding. Suppressed findings are
 * left out (GitLab has no notion of them; SARIF keeps them).
 */
export function formatGitlab(raw: ReportInput, options: GitlabOptions = {}): string {
  const input = redactedInput(raw);
  const fingerprint = fingerprinter(options.lineText);
  // The same order as SARIF's results, suppressed included, so the `:n` suffixes match.
  const all: (Finding | SuppressedFinding)[] = [...input.findings, ...(input.suppressed ?? [])].sort(compareFindings);
  const issues: GitlabIssue[] = [];
  for (const f of all) {
    const fp = fingerprint(f);
    if ('justification' in f) continue;
    issues.push({
      description: f.message,
      check_name: f.ruleId,
      fingerprint: fp,
      severity: GITLAB_SEVERITY[f.severity],
      location: { path: f.file, lines: { begin: f.start.line } },
    });
  }
  return `${escapeJsonControls(JSON.stringify(issues, null, 2))}\n`;
}
