import * as path from 'path';
import { LSPErrorCodes, ResponseError, type CancellationToken, type WorkDoneProgressReporter } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../../package.json';
import type { RuleFailure } from '../core/engine';
import type { Finding, SuppressedFinding } from '../core/model';
import { formatReport } from '../core/report';
import { planAudit, readForScan, type AuditPlan, type AuditResult, type DiscoveredFile, type FileOutcome, type SkippedFile } from '../core/workspace';
import { auditInBackground, threadsSetting } from '../parallel/audit';
import { countBySeverity, type AuditSummary, type ExportReportParams, type ExportReportResult } from '../protocol';
import { pathToUri, uriKey, type Folder } from './folders';
import type { GuardService, Outcome } from './service';
import type { ResolvedSettings } from './settings';

/** What an audit found in one workspace folder (the input of a report). */
export interface FolderAudit {
  readonly folder: Folder;
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Findings the folder's baseline holds (reported apart, never as diagnostics). */
  readonly baselined: Finding[];
  readonly skipped: SkippedFile[];
  readonly failures: (RuleFailure & { path: string })[];
  filesAnalysed: number;
}

/** The worker bundle beside the server bundle (dist/audit-worker.js, shipped in the .vsix as the CLI's is). */
const WORKER_SCRIPT = path.join(__dirname, 'audit-worker.js');
/** Progress reports at most this often (each is a message to the editor). */
const PROGRESS_MS = 100;

/**
 * Audits the folders with the CLI's parallel audit (same discovery, per-file step, cross-file step
 * and worker threads, so the same findings as `marketplace-guard audit`), publishing diagnostics for
 * unopened files as their batches come back, and clears diagnostics of files that are gone. Open
 * files are analysed from their editor text. The files are analysed on worker threads (as many as the
 * CLI uses): this thread keeps answering the editor meanwhile, so edits get their diagnostics during
 * an audit. Small workspaces, or a machine where workers cannot start, are analysed here in short slices.
 */
export async function auditFolders(
  svc: GuardService,
  folders: readonly Folder[],
  token: CancellationToken,
  progress?: WorkDoneProgressReporter,
): Promise<{ summary: AuditSummary; folders: FolderAudit[] }> {
  const started = Date.now();
  progress?.begin('Marketplace Guard: auditing the workspace', 0, 'Finding files…', true);
  const plans: { folder: Folder; settings: ResolvedSettings; plan: AuditPlan }[] = [];
  for (const folder of folders) {
    const settings = await svc.settings.get(folder.uri, folder.path);
    if (!settings.enable) continue;
    svc.workspace.invalidate(folder);
    let plan: AuditPlan;
    try {
      plan = planAudit(folder.path, settings.config);
    } catch (err) {
      svc.host.error(`Could not list the files of ${folder.path}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    // Later analyses of open files see the Forge roots this audit saw.
    svc.workspace.remember(folder, plan.found);
    plans.push({ folder, settings, plan });
  }
  const total = plans.reduce((n, p) => n + p.plan.found.files.length, 0);
  const open = new Map(svc.documents.all().map((d) => [uriKey(d.uri), d.uri]));
  const seen = new Set<string>();
  const results: FolderAudit[] = [];
  const abort = new AbortController();
  const cancelling = token.onCancellationRequested(() => abort.abort());
  if (token.isCancellationRequested) abort.abort();
  let done = 0;
  let analysed = 0;
  let reported = Date.now();
  let cancelled = false;
  const partial: Finding[] = [];
  try {
    for (const { folder, settings, plan } of plans) {
      for (const s of plan.found.skipped) svc.host.log(`Skipped ${s.path}: ${s.reason}.`);
      const byPath = new Map(plan.found.files.map((f) => [f.path, f]));
      const isOpen = (rel: string): boolean => open.has(uriKey(pathToUri(byPath.get(rel)?.absolute ?? path.join(folder.path, rel))));
      const deferred: string[] = [];
      const baselined = new Map<string, readonly Finding[]>();
      const audit = await auditInBackground(plan, {
        workerScript: WORKER_SCRIPT,
        // The CLI's thread count (MARKETPLACE_GUARD_THREADS too), all on workers: this thread serves the editor.
        ...threadsSetting(),
        signal: abort.signal,
        log: (m) => svc.host.log(m),
        onOutcomes: (outcomes) => {
          for (const o of outcomes) {
            if (o.deferred) deferred.push(o.path);
            else if (!isOpen(o.path)) analysed += publishOutcome(svc, settings, byPath.get(o.path), o, seen, partial, baselined);
          }
          done += outcomes.length;
          if (Date.now() - reported > PROGRESS_MS) {
            reported = Date.now();
            progress?.report(total === 0 ? 100 : Math.floor((done / total) * 100), `${done} of ${total} files`);
          }
        },
      });
      if (!audit) {
        cancelled = true;
        break;
      }
      // Manifests, descriptors and code asking for 3LO scopes: judged once every file's usage was in.
      const final = byFile(audit);
      for (const rel of deferred) {
        if (!isOpen(rel)) analysed += publishOutcome(svc, settings, byPath.get(rel), final.outcome(rel), seen, partial, baselined);
      }
      // Open files: their editor text, which may not be saved yet.
      const edited = new Map<string, Outcome>();
      for (const file of plan.found.files) {
        const uri = open.get(uriKey(pathToUri(file.absolute)));
        const doc = uri === undefined ? undefined : svc.documents.get(uri);
        if (!doc) continue;
        const located = svc.workspace.locate(doc.uri, doc.languageId);
        const outcome = svc.analyse(located, doc.getText(), settings, uriKey(doc.uri));
        svc.publish(located, doc, doc.version, outcome, true);
        edited.set(file.path, outcome);
        seen.add(uriKey(doc.uri));
        analysed++;
      }
      results.push(folderAudit(folder, plan, audit, final, edited, baselined));
    }
  } finally {
    cancelling.dispose();
  }
  if (!cancelled) {
    const audited = new Set(plans.map((p) => p.folder.uri));
    for (const entry of svc.store.all()) {
      const key = uriKey(entry.uri);
      if (!entry.audited || seen.has(key) || open.has(key) || !audited.has(entry.folderUri ?? '')) continue;
      svc.host.publish(entry.uri, undefined, []);
      svc.store.delete(entry.uri);
    }
    svc.audited = true;
  }
  progress?.done();
  // Cancelled: the counts cover the files published until then.
  const findings = cancelled ? partial : results.flatMap((r) => r.findings);
  const summary: AuditSummary = {
    folders: results.length,
    files: cancelled ? analysed : results.reduce((n, r) => n + r.filesAnalysed, 0),
    skipped: results.reduce((n, r) => n + r.skipped.length, 0),
    findings: findings.length,
    ...countBySeverity(findings),
    cancelled,
    durationMs: Date.now() - started,
  };
  svc.host.log(
    `Audit ${cancelled ? 'cancelled' : 'finished'}: ${summary.files} files, ${summary.findings} findings (${summary.errors} errors) in ${summary.durationMs} ms.`,
  );
  return { summary, folders: results };
}

/** Publishes an unopened file's audit outcome (its text is read again only when it has findings); 1 when it was analysed. */
function publishOutcome(
  svc: GuardService,
  settings: ResolvedSettings,
  file: DiscoveredFile | undefined,
  o: FileOutcome,
  seen: Set<string>,
  published: Finding[],
  baselined: Map<string, readonly Finding[]>,
): number {
  if (!file) return 0;
  if (o.skip !== undefined) {
    svc.host.log(`Skipped ${file.path}: ${o.skip}.`);
    return 0;
  }
  if (o.textOnly !== undefined) svc.host.log(`Scanned ${file.path} as text only: ${o.textOnly}.`);
  for (const f of o.failures) svc.host.error(`Rule ${f.ruleId} failed on ${file.path}: ${f.message}`);
  const uri = pathToUri(file.absolute);
  const located = svc.workspace.locate(uri);
  // Diagnostics need line and column: only files with findings are read again for them.
  const read = o.findings.length > 0 ? readForScan(file.absolute) : undefined;
  const text = read && 'text' in read ? read.text : '';
  const audited: Outcome = { findings: o.findings, failures: o.failures, ...(o.suppressed ? { suppressed: o.suppressed } : {}) };
  const outcome = svc.withBaseline(located, text, settings, audited);
  svc.publish(located, TextDocument.create(uri, 'plaintext', 0, text), null, outcome, true);
  seen.add(uriKey(uri));
  published.push(...outcome.findings);
  if (outcome.baselined && outcome.baselined.length > 0) baselined.set(file.path, outcome.baselined);
  return 1;
}

/** An audit result looked up by file: the final outcome of each file (the cross-file step's, for deferred ones). */
function byFile(audit: AuditResult): { outcome(rel: string): FileOutcome } {
  const group = <T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const item of items) {
      const k = key(item);
      const list = m.get(k);
      if (list) list.push(item);
      else m.set(k, [item]);
    }
    return m;
  };
  const findings = group(audit.findings, (f) => f.file);
  const suppressed = group(audit.suppressed ?? [], (f) => f.file);
  const failures = group(audit.failures, (f) => f.path);
  const skipped = new Map(audit.skipped.map((s) => [s.path, s.reason]));
  return {
    outcome(rel) {
      const skip = skipped.get(rel);
      const sup = suppressed.get(rel);
      return {
        path: rel,
        ...(skip !== undefined ? { skip } : {}),
        findings: findings.get(rel) ?? [],
        ...(sup ? { suppressed: sup } : {}),
        failures: (failures.get(rel) ?? []).map(({ ruleId, message }) => ({ ruleId, message })),
      };
    },
  };
}

/** The folder's report input: the audit's (the CLI's, in its order), with open files' results from their editor text. */
function folderAudit(
  folder: Folder,
  plan: AuditPlan,
  audit: AuditResult,
  final: { outcome(rel: string): FileOutcome },
  edited: ReadonlyMap<string, Outcome>,
  baselined: ReadonlyMap<string, readonly Finding[]>,
): FolderAudit {
  if (edited.size === 0 && baselined.size === 0) {
    return { folder, findings: audit.findings, suppressed: audit.suppressed ?? [], baselined: [], skipped: audit.skipped, failures: audit.failures, filesAnalysed: audit.filesAnalysed };
  }
  const result: FolderAudit = { folder, findings: [], suppressed: [], baselined: [], skipped: audit.skipped, failures: [], filesAnalysed: audit.filesAnalysed };
  for (const file of plan.found.files) {
    const open = edited.get(file.path);
    const o = open ?? final.outcome(file.path);
    // A baseline finding of an unopened file is the same object the audit found: left out of the new ones.
    const accepted = open ? open.baselined ?? [] : baselined.get(file.path) ?? [];
    const inBaseline = new Set(accepted);
    result.findings.push(...o.findings.filter((f) => !inBaseline.has(f)));
    result.baselined.push(...accepted);
    if (o.suppressed) result.suppressed.push(...o.suppressed);
    for (const f of o.failures) result.failures.push({ ...f, path: file.path });
  }
  return result;
}

/** Audits one folder and renders its report in the requested format, for the client to save. */
export async function exportReport(svc: GuardService, params: ExportReportParams, token: CancellationToken): Promise<ExportReportResult> {
  const folder = params.folderUri !== undefined ? svc.workspace.folderByUri(params.folderUri) : svc.workspace.folders[0];
  if (!folder) throw new ResponseError(LSPErrorCodes.RequestFailed, 'There is no workspace folder to report on.');
  const { summary, folders } = await auditFolders(svc, [folder], token);
  if (summary.cancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The export was cancelled.');
  const audit = folders[0] ?? { folder, findings: [], suppressed: [], baselined: [], skipped: [], failures: [], filesAnalysed: 0 };
  // In the audit's order, as the CLI reports them: the export of a workspace equals `marketplace-guard audit`'s report.
  const findings = audit.findings;
  // Forge roots decide the migration report's replacement form (requestJira vs 3LO), as in the CLI.
  const settings = await svc.settings.get(folder.uri, folder.path);
  const forgeRoots = [...svc.workspace.forgeRoots(folder, settings.config, [])];
  // As `audit --baseline` reports: the new findings, and how many baseline ones matched or are gone.
  const baseline = settings.baseline && settings.config.baseline !== undefined
    ? { file: settings.config.baseline, matched: audit.baselined, gone: Math.max(0, settings.baseline.total - audit.baselined.length) }
    : undefined;
  let text: string;
  try {
    text = formatReport(
      params.format,
      { root: folder.path, findings, suppressed: audit.suppressed, skipped: audit.skipped, failures: audit.failures, filesAnalysed: audit.filesAnalysed, version, forgeRoots, ...(baseline ? { baseline } : {}) },
      { color: false, verbose: false },
    );
  } catch (err) {
    throw new ResponseError(LSPErrorCodes.RequestFailed, `Could not render the ${params.format} report: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { format: params.format, text, findings: findings.length, folderUri: folder.uri };
}
