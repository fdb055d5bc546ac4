import { LSPErrorCodes, ResponseError, type CancellationToken, type WorkDoneProgressReporter } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../../package.json';
import type { RuleFailure } from '../core/engine';
import type { Finding, SuppressedFinding } from '../core/model';
import { formatReport } from '../core/report';
import { readForScan, type SkippedFile } from '../core/workspace';
import type { AuditSummary, ExportReportParams, ExportReportResult } from '../protocol';
import { pathToUri, uriKey, type Folder } from './folders';
import type { GuardService } from './service';
import { countBySeverity } from './store';

/** What an audit found in one workspace folder (the input of a report). */
export interface FolderAudit {
  readonly folder: Folder;
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Findings the folder's baseline holds (left out of `findings`). */
  readonly baselined: Finding[];
  readonly skipped: SkippedFile[];
  readonly failures: (RuleFailure & { path: string })[];
  filesAnalysed: number;
}

/** Keeps the server responsive during a long audit: other requests and `$/cancelRequest` get in. */
const SLICE_MS = 15;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Analyses every discovered file of the folders, publishing diagnostics for unopened files too
 * (open ones are analysed from their editor text), and clears diagnostics of files that are gone.
 */
export async function auditFolders(
  svc: GuardService,
  folders: readonly Folder[],
  token: CancellationToken,
  progress?: WorkDoneProgressReporter,
): Promise<{ summary: AuditSummary; folders: FolderAudit[] }> {
  const started = Date.now();
  progress?.begin('Marketplace Guard: auditing the workspace', 0, 'Finding files…', true);
  const plans = [];
  for (const folder of folders) {
    const settings = await svc.settings.get(folder.uri, folder.path);
    if (!settings.enable) continue;
    svc.workspace.invalidate(folder);
    plans.push({ folder, settings, discovery: svc.workspace.discovery(folder, settings.config) });
  }
  const total = plans.reduce((n, p) => n + p.discovery.files.length, 0);
  const open = new Map(svc.documents.all().map((d) => [uriKey(d.uri), d.uri]));
  const seen = new Set<string>();
  const results: FolderAudit[] = [];
  let done = 0;
  let cancelled = false;
  let slice = Date.now();
  for (const { folder, settings, discovery } of plans) {
    const result: FolderAudit = { folder, findings: [], suppressed: [], baselined: [], skipped: [...discovery.skipped], failures: [], filesAnalysed: 0 };
    results.push(result);
    for (const s of discovery.skipped) svc.host.log(`Skipped ${s.path}: ${s.reason}.`);
    // Manifests last: by then every code file of their app has reported its scope usage.
    const isManifest = (p: string): boolean => /(?:^|\/)manifest\.ya?ml$/i.test(p);
    const ordered = [...discovery.files.filter((f) => !isManifest(f.path)), ...discovery.files.filter((f) => isManifest(f.path))];
    for (const file of ordered) {
      if (token.isCancellationRequested) {
        cancelled = true;
        break;
      }
      const fileUri = pathToUri(file.absolute);
      const key = uriKey(fileUri);
      const openUri = open.get(key);
      const doc = openUri === undefined ? undefined : svc.documents.get(openUri);
      let text: string;
      if (doc) text = doc.getText();
      else {
        // Binary and over-20-MiB files are skipped; minified and 2–20 MiB ones are scanned as text by analyse().
        const read = readForScan(file.absolute);
        if ('skip' in read) {
          result.skipped.push({ path: file.path, reason: read.skip });
          svc.host.log(`Skipped ${file.path}: ${read.skip}.`);
          continue;
        }
        text = read.text;
      }
      const located = svc.workspace.locate(doc?.uri ?? fileUri, doc?.languageId);
      const outcome = svc.analyse(located, text, settings, doc ? key : undefined);
      svc.publish(located, doc ?? TextDocument.create(fileUri, 'plaintext', 0, text), doc ? doc.version : null, outcome, true);
      result.findings.push(...outcome.findings);
      if (outcome.suppressed) result.suppressed.push(...outcome.suppressed);
      if (outcome.baselined) result.baselined.push(...outcome.baselined);
      for (const f of outcome.failures) result.failures.push({ ...f, path: file.path });
      result.filesAnalysed++;
      seen.add(key);
      done++;
      if (Date.now() - slice > SLICE_MS) {
        progress?.report(total === 0 ? 100 : Math.floor((done / total) * 100), `${done} of ${total} files`);
        await yieldToEventLoop();
        slice = Date.now();
      }
    }
    if (cancelled) break;
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
  const findings = results.flatMap((r) => r.findings);
  const summary: AuditSummary = {
    folders: results.length,
    files: done,
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

/** Audits one folder and renders its report in the requested format, for the client to save. */
export async function exportReport(svc: GuardService, params: ExportReportParams, token: CancellationToken): Promise<ExportReportResult> {
  const folder = params.folderUri !== undefined ? svc.workspace.folderByUri(params.folderUri) : svc.workspace.folders[0];
  if (!folder) throw new ResponseError(LSPErrorCodes.RequestFailed, 'There is no workspace folder to report on.');
  const { summary, folders } = await auditFolders(svc, [folder], token);
  if (summary.cancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The export was cancelled.');
  const audit = folders[0] ?? { folder, findings: [], suppressed: [], baselined: [], skipped: [], failures: [], filesAnalysed: 0 };
  const findings = [...audit.findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start));
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
