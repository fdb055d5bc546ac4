/**
 * The custom part of the Marketplace Guard language protocol, shared by the server and the VS Code
 * client (which imports this file), so both sides agree on method names and payload types.
 */
import { NotificationType, ProtocolRequestType, type CodeAction, type Range, type WorkDoneProgressParams, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { Category, EndpointData, Severity } from './core/model';

/** The settings section the server pulls with `workspace/configuration` (SPEC §5). */
export const SETTINGS_SECTION = 'marketplaceGuard';
/** `Diagnostic.source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'Marketplace Guard';
/** Code-action kind that applies every safe fix of a file (SPEC §4.5). */
export const FIX_ALL_KIND = 'source.fixAll.marketplaceGuard';
/** Client command (implemented by the client) opening `docs/rules/<id>.md`; argument: the rule id. */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'marketplaceGuard.showRuleDocumentation';

/** What the VS Code client sends as `initializationOptions`; other LSP clients send nothing. */
export interface GuardInitializationOptions {
  /**
   * The client runs {@link SHOW_RULE_DOCUMENTATION_COMMAND} from a `command:` link, so a diagnostic's
   * code link opens the rendered, read-only page instead of the raw `.md` file.
   */
  readonly ruleDocumentationCommand?: boolean;
}

/** True when `value` is initialization options asking for command links to rule pages. */
export function wantsRuleDocumentationCommand(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'ruleDocumentationCommand' in value && value.ruleDocumentationCommand === true;
}

/** A `command:` URI running {@link SHOW_RULE_DOCUMENTATION_COMMAND} for one rule id. */
export function ruleDocumentationCommandUri(ruleId: string): string {
  return `command:${SHOW_RULE_DOCUMENTATION_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}
/** Server command run after a fix with a note (e.g. "revoke the token"); argument: the note. */
export const SHOW_FIX_NOTE_COMMAND = 'marketplaceGuard.server.showFixNote';

export type ExportFormat = 'markdown' | 'sarif' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'sarif', 'json'];

/** Counts by severity. */
export interface SeverityCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** Counts by severity (the tree's rows, the status bar and the audit summary count alike). */
export function countBySeverity(findings: Iterable<{ severity: string }>): SeverityCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

export interface AuditWorkspaceParams extends WorkDoneProgressParams {
  /** Audit only this workspace folder; all folders when absent. */
  readonly folderUri?: string;
}

export interface AuditSummary extends SeverityCounts {
  readonly folders: number;
  readonly files: number;
  readonly skipped: number;
  readonly findings: number;
  /** True when the client cancelled: the counts cover the files analysed until then. */
  readonly cancelled: boolean;
  readonly durationMs: number;
}

/** Analyses every file of the workspace, publishes diagnostics for unopened files too. */
export const AuditWorkspaceRequest = new ProtocolRequestType<AuditWorkspaceParams, AuditSummary, never, void, void>(
  'marketplaceGuard/auditWorkspace',
);

/** A place that explains a finding (where a credential is built, where the token comes from). */
export interface RelatedItem {
  readonly uri: string;
  /** Path relative to the finding's workspace folder, forward slashes. */
  readonly file: string;
  readonly range: Range;
  /** A few words, e.g. "API token comes from here"; never holds a secret. */
  readonly message: string;
}

/** One finding as the compliance tree shows it. */
export interface FindingItem {
  readonly ruleId: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly uri: string;
  /** Path relative to its workspace folder, forward slashes. */
  readonly file: string;
  /** The workspace folder the file belongs to, when it belongs to one. */
  readonly folderUri?: string;
  readonly range: Range;
  /** One short sentence (the tree's label, the diagnostic's message); secrets redacted. */
  readonly message: string;
  /** What the message leaves out (the policy clause, deadline, fix), for the tooltip; absent when none. */
  readonly detail?: string;
  readonly policy: string;
  readonly fixable: boolean;
  /**
   * True for the one info note saying some rules could not finish on the file: a diagnostic VS Code
   * shows like any other (so the tree counts and lists it too), but not a finding to fix or suppress.
   */
  readonly failure?: true;
  readonly endpoint?: EndpointData;
  /** Its related locations, as in the diagnostic's `relatedInformation`. */
  readonly related?: readonly RelatedItem[];
  /**
   * True when the folder's baseline (`"baseline"` in `.marketplace-guard.json`) holds the finding: it
   * has no diagnostic and is not counted; the tree lists it apart.
   */
  readonly baseline?: true;
}

export interface FindingsParams {
  /** Only the findings of this document; all when absent. */
  readonly uri?: string;
}

/** The counts are of the findings without `baseline: true`. */
export interface FindingsResult extends SeverityCounts {
  readonly findings: FindingItem[];
  /** Whether a workspace audit has run, so unopened files are covered. */
  readonly audited: boolean;
}

/** Every current finding: open documents plus the files of the last audit. */
export const FindingsRequest = new ProtocolRequestType<FindingsParams, FindingsResult, never, void, void>('marketplaceGuard/findings');

export interface ExportReportParams {
  readonly format: ExportFormat;
  /** Report on this workspace folder; the first folder when absent. */
  readonly folderUri?: string;
}

export interface ExportReportResult {
  readonly format: ExportFormat;
  /** The report, ready to save. Secrets are redacted. */
  readonly text: string;
  readonly findings: number;
  readonly folderUri: string;
}

/** Audits a folder and renders the report (SPEC §5 "Reports") for the client to save. */
export const ExportReportRequest = new ProtocolRequestType<ExportReportParams, ExportReportResult, never, void, void>(
  'marketplaceGuard/exportReport',
);

/** One finding of the tree, as the client last saw it; the document must be open. */
export interface FindingRef {
  readonly uri: string;
  readonly ruleId: string;
  readonly range: Range;
}

/**
 * The result of re-checking a finding's file before acting on it. `found` is false when the current
 * text no longer has that finding where the tree showed it (the file changed since it was computed).
 */
export interface FindingFixesResult {
  readonly found: boolean;
  /** The finding's fixes, computed on the document's current text and version. */
  readonly actions: CodeAction[];
}

/** Re-analyses the open document and returns the fixes of one finding (the tree's Apply Fix). */
export const FindingFixesRequest = new ProtocolRequestType<FindingRef, FindingFixesResult, never, void, void>('marketplaceGuard/findingFixes');

export interface SuppressFindingParams extends FindingRef {
  /** Why the finding is accepted: one line, not a placeholder. */
  readonly reason: string;
}

export interface SuppressFindingResult {
  readonly found: boolean;
  /** The directive to insert, against the document's current version; absent when it cannot be written. */
  readonly edit?: WorkspaceEdit;
  /** The 0-based line the directive ends up on, for revealing it. */
  readonly line?: number;
  /** Why no edit was made (bad reason, a file kind without comments). */
  readonly problem?: string;
}

/** Re-analyses the open document and returns the directive suppressing one finding, with the user's reason. */
export const SuppressFindingRequest = new ProtocolRequestType<SuppressFindingParams, SuppressFindingResult, never, void, void>(
  'marketplaceGuard/suppressFinding',
);

export interface FixAllSafeParams {
  /** The open document whose findings are fixed. */
  readonly uri: string;
  /** Only the findings of these rules (the tree row's); every finding of the file when absent. */
  readonly ruleIds?: readonly string[];
}

export interface FixAllSafeResult {
  /** False when the document is not open on the server. */
  readonly found: boolean;
  /** Every safe fix of the chosen findings as one edit on the current text; absent when none applies. */
  readonly edit?: WorkspaceEdit;
  /** How many findings the edit fixes. */
  readonly fixed: number;
  /** Findings with a safe fix left out because it overlaps another (the next run picks them up). */
  readonly skipped: number;
  /** Findings among the chosen ones whose only fixes are not safe (never applied here). */
  readonly unsafe: number;
  /** The fixes' notes (e.g. revoke the token), once each. */
  readonly notes: readonly string[];
}

/** Re-analyses the open document and returns one edit applying the safe fixes of its findings (the tree's Fix All Safe Problems Here). */
export const FixAllSafeRequest = new ProtocolRequestType<FixAllSafeParams, FixAllSafeResult, never, void, void>('marketplaceGuard/fixAllSafe');

/** Validates fix-all parameters coming over the wire. */
export function isFixAllSafeParams(value: unknown): value is FixAllSafeParams {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const ids = v['ruleIds'];
  return typeof v['uri'] === 'string' && (ids === undefined || (Array.isArray(ids) && ids.every((id) => typeof id === 'string')));
}

/** Validates a finding reference coming over the wire. */
export function isFindingRef(value: unknown): value is FindingRef {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v['uri'] === 'string' && typeof v['ruleId'] === 'string' && isRange(v['range']);
}

function isRange(value: unknown): value is Range {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return isPosition(v['start']) && isPosition(v['end']);
}

function isPosition(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return Number.isInteger(v['line']) && Number.isInteger(v['character']);
}

export interface FindingsChangedParams extends SeverityCounts {
  /** Documents whose findings changed since the last notification. */
  readonly uris: string[];
}

/** One rule as the Show Rule Documentation picker lists it (from the rules' own metadata). */
export interface RuleInfo {
  readonly id: string;
  readonly category: Category;
  /** The policy area as reports and the tree name it, e.g. "API tokens". */
  readonly area: string;
  readonly defaultSeverity: Severity;
  /** The clause of the policy, as the policy names it. */
  readonly policy: string;
  /** One sentence: what the rule enforces. */
  readonly description: string;
  readonly fixable: boolean;
}

export interface RulesResult {
  readonly rules: RuleInfo[];
}

/** Every rule with its metadata, in the order of the README's rule table. */
export const RulesRequest = new ProtocolRequestType<Record<string, never>, RulesResult, never, void, void>('marketplaceGuard/rules');

/** Sent (coalesced) whenever findings change, so the tree and the status bar can refresh. */
export const FindingsChangedNotification = new NotificationType<FindingsChangedParams>('marketplaceGuard/findingsChanged');

/** Validates export parameters coming over the wire. */
export function isExportReportParams(value: unknown): value is ExportReportParams {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['format'] === 'string' &&
    (EXPORT_FORMATS as readonly string[]).includes(v['format']) &&
    (v['folderUri'] === undefined || typeof v['folderUri'] === 'string')
  );
}
