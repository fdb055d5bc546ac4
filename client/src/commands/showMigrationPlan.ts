import { createHash } from 'crypto';
import * as vscode from 'vscode';
import { ExportReportRequest, FindingsRequest } from '../../../server/src/protocol';
import type { GuardContext } from '../context';
import { defaultFolder, rememberFolder } from './exportReport';

/** The plan's virtual document: read-only, never dirty, so closing it never asks to save. */
export const PLAN_SCHEME = 'marketplace-guard-plan';
export const PLAN_FILE_NAME = 'API-token migration plan.md';
export const PLAN_URI = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${PLAN_FILE_NAME}` });
/** Context key: the active tab is the plan's Markdown preview (its title bar offers Save As…). */
const PREVIEW_ACTIVE_KEY = 'marketplaceGuard.migrationPlanPreviewActive';
/** Findings change in bursts (typing, an audit's files): the plan is rebuilt once they settle. */
const REFRESH_DELAY_MS = 1_000;

const isPlan = (uri: vscode.Uri): boolean => uri.toString() === PLAN_URI.toString();

/**
 * The API-token migration plan (the Markdown report: every endpoint still called with an API token
 * and its OAuth/Forge replacement) as a read-only document on the `marketplace-guard-plan:` scheme.
 * Rebuilt when the findings change while it is open; the findings' fingerprint keeps the plan's own
 * rebuild (an audit, which re-publishes every file) from triggering another.
 */
export class MigrationPlan implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private text: string | undefined;
  private fingerprint: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private building: Promise<string> | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: GuardContext) {
    const track = (): void => void vscode.commands.executeCommand('setContext', PREVIEW_ACTIVE_KEY, previewActive());
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, this),
      vscode.window.tabGroups.onDidChangeTabs(track),
      vscode.window.tabGroups.onDidChangeTabGroups(track),
      this.changed,
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (!isPlan(uri)) return '';
    try {
      if (this.text === undefined || (await this.findingsFingerprint()) !== this.fingerprint) return await this.build();
      return this.text;
    } catch (err) {
      // E.g. a plan editor restored before the server runs: say so in the document, build it next time.
      const why = err instanceof Error ? err.message : String(err);
      this.ctx.output.appendLine(`Could not build the migration plan: ${why}`);
      return this.text ?? `# API-token migration plan\n\nThe plan could not be built (${why}). Run **Marketplace Guard: Show API-Token Migration Plan** to build it.\n`;
    }
  }

  /** Builds the plan now (an audit of the first folder, like Export Compliance Report) and shows the new text. */
  async rebuild(): Promise<string> {
    const text = await this.build();
    this.changed.fire(PLAN_URI);
    return text;
  }

  /** After a findings change: rebuild once they settle, only while the plan is open and only if they differ. */
  findingsChanged(): void {
    if (!this.isOpen()) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refreshIfChanged();
    }, REFRESH_DELAY_MS);
  }

  /** The plan's current text: what the editor shows and Save As writes. */
  async current(): Promise<string> {
    return this.text ?? this.build();
  }

  isOpen(): boolean {
    return vscode.workspace.textDocuments.some((d) => isPlan(d.uri));
  }

  private async refreshIfChanged(): Promise<void> {
    try {
      if ((await this.findingsFingerprint()) === this.fingerprint) return;
      await this.rebuild();
    } catch (err) {
      this.ctx.output.appendLine(`Could not refresh the migration plan: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private build(): Promise<string> {
    this.building ??= (async () => {
      try {
        const folder = vscode.workspace.workspaceFolders?.[0];
        const result = await this.ctx.client.sendRequest(ExportReportRequest, { format: 'markdown', folderUri: folder?.uri.toString() });
        // Taken after the audit that built the plan: the findings it published are the plan's.
        this.fingerprint = await this.findingsFingerprint();
        this.text = result.text;
        return result.text;
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }

  /** What the plan depends on: every finding's file, rule, position and message. */
  private async findingsFingerprint(): Promise<string> {
    const { findings } = await this.ctx.client.sendRequest(FindingsRequest, {});
    const lines = findings
      .map((f) => `${f.uri}\t${f.ruleId}\t${f.range.start.line}:${f.range.start.character}\t${f.message}`)
      .sort();
    return createHash('sha256').update(lines.join('\n')).digest('hex');
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** Whether the active tab is the Markdown preview of the plan (a webview titled "Preview API-token migration plan.md"). */
export function previewActive(): boolean {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab?.input instanceof vscode.TabInputWebview && tab.label.endsWith(PLAN_FILE_NAME);
}

/**
 * "Marketplace Guard: Show API-Token Migration Plan": builds the plan and opens it as a read-only
 * Markdown editor with its rendered preview beside it (rule pages open in the same preview). Both
 * title bars offer Save As…; the editor keeps the document loaded, so the plan stays current while it
 * is open. Returns the plan's document.
 */
export async function showMigrationPlan(ctx: GuardContext, plan: MigrationPlan): Promise<vscode.TextDocument> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Marketplace Guard: building the migration plan' },
    () => plan.rebuild(),
  );
  const doc = await vscode.workspace.openTextDocument(PLAN_URI);
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', PLAN_URI);
  ctx.output.appendLine(`Migration plan shown (${doc.lineCount} lines).`);
  return doc;
}

/**
 * "Marketplace Guard: Save Migration Plan As…": writes the plan where the user picks. The dialog opens
 * in the folder a report was last saved to, else the extension's storage, never the workspace root
 * (same policy as Export Compliance Report). A saved plan is recognised as the tool's own report and
 * never becomes a finding. Tests pass `target` to skip the dialog. Returns the saved file.
 */
export async function saveMigrationPlanAs(ctx: GuardContext, plan: MigrationPlan, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = target ?? (await vscode.window.showSaveDialog({
    title: 'Save API-Token Migration Plan',
    defaultUri: vscode.Uri.joinPath(await defaultFolder(ctx), 'api-token-migration-plan.md'),
    filters: { Markdown: ['md'] },
  }));
  if (!uri) return undefined;
  if (!target) rememberFolder(ctx, uri);
  const open = vscode.workspace.textDocuments.find((d) => isPlan(d.uri));
  const text = open?.getText() ?? (await plan.current());
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Marketplace Guard: migration plan saved to ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then((pick) => {
    if (pick === 'Open') void vscode.window.showTextDocument(uri);
  });
  return uri;
}
