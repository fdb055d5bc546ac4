import * as vscode from 'vscode';
import { CodeActionKind, CodeActionRequest, CodeActionTriggerKind } from 'vscode-languageclient/node';
import { DIAGNOSTIC_SOURCE, SHOW_RULE_DOCUMENTATION_COMMAND, type FindingItem } from '../../../server/src/protocol';
import type { TreeNode } from '../complianceTree';
import type { GuardContext } from '../context';

/** The tree's per-finding actions: reveal, apply a fix, suppress. Fixes come from the server's code actions. */

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

/**
 * The server's code actions for exactly this finding. Asked of our client, not through
 * `vscode.executeCodeActionProvider`: that merges every provider's actions and drops the diagnostics
 * they belong to, so a finding's own fixes could not be told apart from another rule's.
 */
export async function codeActionsFor(ctx: GuardContext, f: FindingItem): Promise<vscode.CodeAction[]> {
  const uri = vscode.Uri.parse(f.uri);
  // Opening the document lets the server compute actions on its current text.
  const doc = await vscode.workspace.openTextDocument(uri);
  const range = rangeOf(f);
  const diagnostic = ctx.client.diagnostics?.get(uri)?.find((d) => {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    return d.source === DIAGNOSTIC_SOURCE && code === f.ruleId && d.range.isEqual(range);
  });
  if (!diagnostic) return [];
  const result = await ctx.client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: ctx.client.code2ProtocolConverter.asUri(doc.uri) },
    range: ctx.client.code2ProtocolConverter.asRange(range),
    context: {
      diagnostics: await ctx.client.code2ProtocolConverter.asDiagnostics([diagnostic]),
      only: [CodeActionKind.QuickFix],
      triggerKind: CodeActionTriggerKind.Invoked,
    },
  });
  const actions = await ctx.client.protocol2CodeConverter.asCodeActionResult(result ?? []);
  return actions.filter((a): a is vscode.CodeAction => !(typeof a.command === 'string'));
}

async function run(action: vscode.CodeAction): Promise<boolean> {
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) return false;
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return true;
}

const isSuppress = (a: vscode.CodeAction): boolean => a.title.toLowerCase().startsWith('suppress');
const isDocs = (a: vscode.CodeAction): boolean => a.command?.command === SHOW_RULE_DOCUMENTATION_COMMAND && !a.edit;

/** Tree context action "Apply Fix": the only fix, or a quick pick when there are several. */
export async function applyFix(ctx: GuardContext, arg: unknown): Promise<boolean> {
  const f = findingOf(arg);
  if (!f) return false;
  const fixes = (await codeActionsFor(ctx, f)).filter((a) => !isSuppress(a) && !isDocs(a));
  if (fixes.length === 0) {
    void vscode.window.showInformationMessage('Marketplace Guard: this finding has no automatic fix.');
    return false;
  }
  const pick =
    fixes.length === 1
      ? fixes[0]
      : (await vscode.window.showQuickPick(fixes.map((a) => ({ label: a.title, action: a })), { title: 'Apply Fix' }))?.action;
  return pick ? run(pick) : false;
}

/** Tree context action "Suppress with a Reason": the server's suppression action (inserts the directive). */
export async function suppressFinding(ctx: GuardContext, arg: unknown): Promise<boolean> {
  const f = findingOf(arg);
  if (!f) return false;
  const action = (await codeActionsFor(ctx, f)).find(isSuppress);
  if (!action) return false;
  const ok = await run(action);
  if (ok) await revealFinding(arg);
  return ok;
}
