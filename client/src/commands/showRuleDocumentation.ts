import * as vscode from 'vscode';
import { RulesRequest, type RuleInfo } from '../../../server/src/protocol';
import type { TreeNode } from '../complianceTree';
import type { GuardContext } from '../context';
import { rulePickItems, type RulePickItem } from '../rulePick';

/** Rule ids are kebab-case; anything else never reaches a file path. */
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Rule ids with a bundled page, from `docs/rules/*.md` inside the extension (offline). */
export async function documentedRules(extensionUri: vscode.Uri): Promise<string[]> {
  const dir = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  const entries = await vscode.workspace.fs.readDirectory(dir);
  return entries
    .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md'))
    .map(([name]) => name.slice(0, -3))
    .sort();
}

function ruleIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg !== null && typeof arg === 'object' && 'kind' in arg) {
    const node = arg as TreeNode;
    if (node.kind === 'rule') return node.ruleId;
    if (node.kind === 'finding') return node.finding.ruleId;
  }
  return undefined;
}

/** The rules' metadata from the language server; none when it is not running (the picker then lists ids). */
async function ruleMetadata(ctx: GuardContext): Promise<readonly RuleInfo[]> {
  try {
    if (!ctx.client.isRunning()) return [];
    return (await ctx.client.sendRequest(RulesRequest, {})).rules;
  } catch (err) {
    ctx.output.appendLine(`Rule metadata unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}

/** The quick pick's rows: each documented rule with what it catches and its policy area. */
export async function ruleDocumentationItems(ctx: GuardContext): Promise<RulePickItem[]> {
  const [ids, meta] = await Promise.all([documentedRules(ctx.extensionUri), ruleMetadata(ctx)]);
  return rulePickItems(ids, meta);
}

/**
 * "Marketplace Guard: Show Rule Documentation": opens `docs/rules/<id>.md` bundled with the
 * extension in the Markdown preview. The argument is a rule id (diagnostic code actions, links) or a
 * tree node; without one, a quick pick lists the documented rules. Returns the opened page.
 */
export async function showRuleDocumentation(ctx: GuardContext, arg?: unknown): Promise<vscode.Uri | undefined> {
  let ruleId = ruleIdOf(arg);
  if (!ruleId) {
    const picked = await vscode.window.showQuickPick(await ruleDocumentationItems(ctx), {
      title: 'Show Rule Documentation',
      placeHolder: 'Type a rule id, a policy area or what the rule catches',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    ruleId = picked?.ruleId;
    if (!ruleId) return undefined;
  }
  if (!RULE_ID.test(ruleId)) {
    void vscode.window.showErrorMessage(`Marketplace Guard: "${ruleId}" is not a rule id.`);
    return undefined;
  }
  const page = vscode.Uri.joinPath(ctx.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(`Marketplace Guard: no documentation page for "${ruleId}".`);
    return undefined;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
  return page;
}
