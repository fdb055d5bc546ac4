import { TextDocumentEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/model';
import { reasonProblem } from '../core/reason';
import type { FindingFixesResult, FindingRef, FixAllSafeParams, FixAllSafeResult, SuppressFindingParams, SuppressFindingResult } from '../protocol';
import { fixActions, safeFixes, suppressionEdit, toWorkspaceEdit } from './codeActions';
import { toDiagnostic } from './diagnostics';
import { uriKey } from './folders';
import type { GuardService } from './service';

/**
 * The tree's Apply Fix and Suppress act on a finding the user saw, possibly computed by an audit on
 * the text on disk before the file was opened. Both re-analyse the open document first and act only
 * when that finding is still where the tree showed it: a fix is never applied to text that changed
 * since it was computed.
 */

interface Current {
  readonly doc: TextDocument;
  readonly finding: Finding | undefined;
}

/** The open document's findings on its current text, published so the tree, Problems and the badge agree. */
async function analyseOpen(svc: GuardService, uri: string): Promise<{ doc: TextDocument; findings: readonly Finding[]; baselined?: readonly Finding[] } | undefined> {
  const doc = svc.documents.get(uri);
  if (!doc) return undefined;
  const located = svc.workspace.locate(doc.uri, doc.languageId);
  const settings = await svc.settingsFor(located);
  if (svc.documents.get(uri)?.version !== doc.version) return undefined;
  const outcome = svc.analyse(located, doc.getText(), settings, uriKey(doc.uri));
  svc.publish(located, doc, doc.version, outcome, svc.store.get(doc.uri)?.audited ?? false);
  return { doc, findings: outcome.findings, ...(outcome.baselined ? { baselined: outcome.baselined } : {}) };
}

async function reanalyse(svc: GuardService, ref: FindingRef): Promise<Current | undefined> {
  const analysed = await analyseOpen(svc, ref.uri);
  if (!analysed) return undefined;
  const { doc, findings, baselined } = analysed;
  const same = (f: Finding): boolean => {
    const start = doc.positionAt(f.range.start);
    const end = doc.positionAt(f.range.end);
    return (
      f.ruleId === ref.ruleId &&
      start.line === ref.range.start.line &&
      start.character === ref.range.start.character &&
      end.line === ref.range.end.line &&
      end.character === ref.range.end.character
    );
  };
  // A baseline finding listed in the tree can be fixed or suppressed too.
  return { doc, finding: findings.find(same) ?? baselined?.find(same) };
}

/** The finding's fixes on the document's current text; `found: false` when the text no longer has it. */
export async function findingFixes(svc: GuardService, ref: FindingRef): Promise<FindingFixesResult> {
  const current = await reanalyse(svc, ref);
  if (!current?.finding) return { found: false, actions: [] };
  const { doc, finding } = current;
  const target = svc.target(doc);
  return { found: true, actions: fixActions(toDiagnostic(finding, doc, doc.version), finding.fixes, target) };
}

/** The directive suppressing the finding with the user's reason (plain text, no placeholder). */
export async function suppressFinding(svc: GuardService, params: SuppressFindingParams): Promise<SuppressFindingResult> {
  const problem = reasonProblem(params.reason);
  if (problem) return { found: true, problem };
  const current = await reanalyse(svc, params);
  if (!current?.finding) return { found: false };
  const { doc, finding } = current;
  const target = svc.target(doc);
  const line = doc.positionAt(finding.range.start).line;
  const edit = suppressionEdit(target, line, finding.ruleId, params.reason);
  if (!edit) return { found: true, problem: 'This kind of file has no comments to hold a suppression directive.' };
  const joined = edit.range.start.line < line;
  const change = TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, [edit]);
  return { found: true, edit: toWorkspaceEdit([change], target.caps), line: joined ? line - 1 : line };
}

/**
 * The tree's Fix All Safe Problems Here for one file: every safe fix of the file's findings (of the
 * row's rules) on its current text, as one edit naming the document version. Fixes not marked safe
 * are never included; overlapping ones are left for the next run.
 */
export async function fixAllSafe(svc: GuardService, params: FixAllSafeParams): Promise<FixAllSafeResult> {
  const analysed = await analyseOpen(svc, params.uri);
  if (!analysed) return { found: false, fixed: 0, skipped: 0, unsafe: 0, notes: [] };
  const wanted = params.ruleIds === undefined ? undefined : new Set(params.ruleIds);
  const chosen = analysed.findings.filter((f) => wanted === undefined || wanted.has(f.ruleId));
  const { edit, fixed, skipped, unsafe, notes } = safeFixes(chosen, svc.target(analysed.doc));
  return { found: true, ...(edit ? { edit } : {}), fixed, skipped, unsafe, notes };
}
