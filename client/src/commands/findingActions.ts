import * as vscode from 'vscode';
import { reasonProblem } from '../../../server/src/core/reason';
import { FindingFixesRequest, FixAllSafeRequest, SuppressFindingRequest, type FindingItem, type FindingRef } from '../../../server/src/protocol';
import type { TreeNode } from '../complianceTree';
import type { GuardContext } from '../context';
import { plural } from '../text';
import { copyText, findingsUnder } from '../treeModel';

/**
 * The tree's per-finding actions: reveal, apply a fix, suppress. Fixes and directives come from the
 * server, computed on the file's current text after it re-checks the finding.
 */

function findingOf(arg: unknown): FindingItem | undefined {
  if (arg !== null && typeof arg === 'object' && 'kind' in arg) {
    const node = arg as TreeNode;
    if (node.kind === 'finding') return node.finding;
  }
  return undefined;
}

function rangeOf(f: FindingItem): vscode.Range {
  return new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
}

/** Click on a finding: open the file and select the range. */
export async function revealFinding(arg: unknown): Promise<void> {
  const f = findingOf(arg);
  if (!f) return;
  const range = rangeOf(f);
  await vscode.window.showTextDocument(vscode.Uri.parse(f.uri), { selection: range, preserveFocus: false });
}

/** The finding as the server knows it: its document's URI as the client spells it to the server. */
function refOf(ctx: GuardContext, doc: vscode.TextDocument, f: FindingItem): FindingRef {
  return { uri: ctx.client.code2ProtocolConverter.asUri(doc.uri), ruleId: f.ruleId, range: f.range };
}

/**
 * Opens the finding's file (an audit may have found it unopened) so the server analyses the text the
 * edit will change, not the copy on disk it audited.
 */
async function openFor(f: FindingItem): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(vscode.Uri.parse(f.uri));
}

const CHANGED =
  'Marketplace Guard: the file changed since this finding was computed. It was checked again: pick the finding from the refreshed tree.';

async function applyAndShow(edit: vscode.WorkspaceEdit, doc: vscode.TextDocument, selection: vscode.Range): Promise<boolean> {
  // The edit names the document version it was computed for: a newer text makes it fail, never misapply.
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(CHANGED);
    return false;
  }
  // Show what changed: an edit to a file in the background would go unnoticed.
  await vscode.window.showTextDocument(doc, { selection, preserveFocus: false });
  return true;
}

/** Tree context action "Apply Fix": the only fix, or a quick pick when there are several. */
export async function applyFix(ctx: GuardContext, arg: unknown): Promise<boolean> {
  const f = findingOf(arg);
  if (!f) return false;
  const doc = await openFor(f);
  const result = await ctx.client.sendRequest(FindingFixesRequest, refOf(ctx, doc, f));
  if (!result.found) {
    void vscode.window.showWarningMessage(CHANGED);
    return false;
  }
  const fixes = await Promise.all(result.actions.map((a) => ctx.client.protocol2CodeConverter.asCodeAction(a)));
  if (fixes.length === 0) {
    void vscode.window.showInformationMessage('Marketplace Guard: this finding has no automatic fix.');
    return false;
  }
  const pick =
    fixes.length === 1
      ? fixes[0]
      : (await vscode.window.showQuickPick(fixes.map((a) => ({ label: a.title, action: a })), { title: 'Apply Fix' }))?.action;
  if (!pick?.edit) return false;
  if (!(await applyAndShow(pick.edit, doc, rangeOf(f)))) return false;
  if (pick.command) await vscode.commands.executeCommand(pick.command.command, ...(pick.command.arguments ?? []));
  return true;
}

/** Asks why the finding is accepted; undefined when the user cancels. Empty and placeholder text are refused. */
async function askReason(f: FindingItem): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Suppress ${f.ruleId}`,
    prompt: 'Why is this finding accepted? Reviewers read this reason in the suppression comment.',
    placeHolder: 'e.g. revoked token kept as a parser fixture',
    ignoreFocusOut: true,
    validateInput: (value) => reasonProblem(value) ?? null,
  });
}

/**
 * Tree context action "Suppress with a Reason": asks for the reason, then inserts the directive the
 * server computes on the current text. `reasonArg` (a string) stands for the typed reason, for scripts.
 */
export async function suppressFinding(ctx: GuardContext, arg: unknown, reasonArg?: unknown): Promise<boolean> {
  const f = findingOf(arg);
  if (!f) return false;
  const reason = typeof reasonArg === 'string' ? reasonArg : await askReason(f);
  if (reason === undefined) return false;
  const problem = reasonProblem(reason);
  if (problem) {
    void vscode.window.showWarningMessage(`Marketplace Guard: ${problem}`);
    return false;
  }
  const doc = await openFor(f);
  const result = await ctx.client.sendRequest(SuppressFindingRequest, { ...refOf(ctx, doc, f), reason: reason.trim() });
  if (!result.found) {
    void vscode.window.showWarningMessage(CHANGED);
    return false;
  }
  if (!result.edit || result.line === undefined) {
    void vscode.window.showWarningMessage(`Marketplace Guard: ${result.problem ?? 'this finding cannot be suppressed here.'}`);
    return false;
  }
  const edit = await ctx.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  const line = doc.lineAt(result.line).range;
  return applyAndShow(edit, doc, new vscode.Range(line.start, line.start));
}

function groupRowOf(arg: unknown): TreeNode | undefined {
  if (arg !== null && typeof arg === 'object' && 'kind' in arg && 'findings' in arg) {
    const node = arg as TreeNode;
    if (node.kind === 'area' || node.kind === 'rule' || node.kind === 'file') return node;
  }
  return undefined;
}

/** What Fix All Safe Problems Here did (returned for tests and scripts). */
export interface FixAllSummary {
  /** Findings fixed. */
  readonly fixed: number;
  /** Files edited. */
  readonly files: number;
  /** Findings under the row whose fixes are not marked safe: left for Apply Fix. */
  readonly unsafe: number;
  /** Safe fixes left out (overlapping another, or the file changed while fixing). */
  readonly skipped: number;
}

/**
 * Context action "Fix All Safe Problems Here" on an area, rule or file row: for each file under the
 * row, the server re-analyses the current text and returns every safe fix of the row's findings as
 * one edit naming the document version (a fix not marked safe is never applied). Files that had no
 * unsaved changes are saved afterwards, so no edit is left invisible in a file without an editor; the
 * server re-checks each file as it changes, and the tree follows.
 */
export async function fixAllSafeHere(ctx: GuardContext, arg: unknown): Promise<FixAllSummary | undefined> {
  const node = groupRowOf(arg);
  if (!node) return undefined;
  const findings = findingsUnder(node).filter((f) => !f.failure);
  const ruleIds = node.kind === 'file' ? undefined : [...new Set(findings.map((f) => f.ruleId))];
  const uris = [...new Set(findings.map((f) => f.uri))];
  let fixed = 0;
  let files = 0;
  let unsafe = 0;
  let skipped = 0;
  const notes = new Set<string>();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Marketplace Guard: fixing safe problems' },
    async (progress) => {
      for (const uri of uris) {
        progress.report({ message: vscode.workspace.asRelativePath(vscode.Uri.parse(uri)) });
        // Opened so the server fixes the text the edit will change, not a copy it audited on disk.
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        const params = { uri: ctx.client.code2ProtocolConverter.asUri(doc.uri), ...(ruleIds ? { ruleIds } : {}) };
        const result = await ctx.client.sendRequest(FixAllSafeRequest, params);
        unsafe += result.unsafe;
        skipped += result.skipped;
        if (!result.found || !result.edit) continue;
        const edit = await ctx.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
        const touched = edit.entries().map(([u]) => u.toString());
        const clean = new Set(touched.filter((u) => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === u && d.isDirty)));
        if (!(await vscode.workspace.applyEdit(edit))) {
          skipped += result.fixed;
          continue;
        }
        fixed += result.fixed;
        files++;
        for (const n of result.notes) notes.add(n);
        for (const d of vscode.workspace.textDocuments) if (clean.has(d.uri.toString()) && d.isDirty) await d.save();
      }
    },
  );
  const left = [
    unsafe > 0 ? `${plural(unsafe, 'problem')} left whose fix is not marked safe (use Apply Fix on it)` : '',
    skipped > 0 ? `${plural(skipped, 'safe fix', 'safe fixes')} skipped (overlapping another or the file changed): run it again` : '',
  ].filter((t) => t !== '');
  const text =
    fixed > 0
      ? `Marketplace Guard: fixed ${plural(fixed, 'problem')} in ${plural(files, 'file')}.`
      : 'Marketplace Guard: no safe automatic fix applies here.';
  const message = [text, ...left.map((l) => `${l[0]?.toUpperCase() ?? ''}${l.slice(1)}.`), ...notes].join(' ');
  void vscode.window.showInformationMessage(message);
  ctx.output.appendLine(message);
  return { fixed, files, unsafe, skipped };
}

/** Context action "Copy Findings": `file:line:col severity message [rule]` per finding of the row. */
export async function copyFindings(arg: unknown): Promise<string | undefined> {
  if (arg === null || typeof arg !== 'object' || !('kind' in arg)) return undefined;
  const findings = findingsUnder(arg as TreeNode);
  if (findings.length === 0) return undefined;
  const text = copyText(findings);
  await vscode.env.clipboard.writeText(`${text}\n`);
  void vscode.window.setStatusBarMessage(`Marketplace Guard: copied ${plural(findings.length, 'finding')}`, 3000);
  return text;
}
