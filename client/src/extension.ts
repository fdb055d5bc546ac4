import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DIAGNOSTIC_SOURCE, FindingsChangedNotification, FindingsRequest, SETTINGS_SECTION, SHOW_RULE_DOCUMENTATION_COMMAND, type FindingsResult, type GuardInitializationOptions } from '../../server/src/protocol';
import { TEXT_EXTENSIONS, TEXT_NAMES } from '../../server/src/core/files';
import { auditWorkspace, lastAuditToast } from './commands/auditWorkspace';
import { exportReport } from './commands/exportReport';
import { applyFix, copyFindings, fixAllSafeHere, revealFinding, suppressFinding } from './commands/findingActions';
import { restartServer } from './commands/restartServer';
import { MigrationPlan, previewActive, saveMigrationPlanAs, showMigrationPlan } from './commands/showMigrationPlan';
import { ruleDocumentationItems, showRuleDocumentation } from './commands/showRuleDocumentation';
import { ComplianceTree, type TreeNode, type TreeSnapshot } from './complianceTree';
import { registerRuleUriHandler } from './ruleUriHandler';
import type { GuardContext } from './context';
import type { RulePickItem } from './rulePick';
import type { StatusSignals } from './signals';
import { GuardStatusBar } from './statusBar';
import { findAtlassianSignal, StatusVisibility } from './workspaceSignals';

/** The file types the server analyses (SPEC §2); `file` scheme only: the server reads the workspace. */
const DOCUMENT_SELECTOR = [
  ...['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'yaml', 'json', 'jsonc', 'markdown', 'dotenv'].map(
    (language) => ({ scheme: 'file', language }),
  ),
  // `.env*` files are plaintext unless a dotenv extension is installed.
  { scheme: 'file', pattern: '**/.env*' },
  // Other text files are read for pasted tokens and 3LO secrets, whatever language an extension gives them.
  { scheme: 'file', pattern: `**/*.{${TEXT_EXTENSIONS.join(',')}}` },
  { scheme: 'file', pattern: `**/{${TEXT_NAMES.join(',')}}` },
];

/** What `activate` returns: the client for other code, and test-only views of the extension's state. */
export interface GuardApi {
  /** Resolves once the language server is running. */
  readonly ready: Promise<void>;
  readonly client: LanguageClient;
  /** Test hooks: the compliance tree as rows, its totals, its refresh event and the status-bar text. */
  readonly testing: {
    treeSnapshot(): TreeSnapshot[];
    /** The tree's rows as nodes (the argument its context menus pass to commands). */
    treeNodes(): readonly TreeNode[];
    /** The line shown above the tree (what was checked, what was found). */
    viewMessage(): string | undefined;
    /** The server's findings (all, or one document's): typed here, since a second bundle's protocol classes would not match. */
    findings(uri?: string): Promise<FindingsResult>;
    readonly onDidRefreshTree: vscode.Event<unknown>;
    refreshTree(): Promise<void>;
    groupBy(): 'area' | 'file';
    /** Time spent in `activate` (the server starts after it returns), and from activation to a running server. */
    readonly activationMs: number;
    serverStartMs(): number | undefined;
    statusBarText(): string;
    statusBarTooltip(): string;
    /** Whether the status item is shown, and what decided it. */
    statusBarVisible(): boolean;
    statusSignals(): StatusSignals;
    /** Re-scans the workspace for an Atlassian app now (the file watcher does it otherwise). */
    rescanSignals(): Promise<StatusSignals>;
    /** Why `base` (a folder of the workspace) is an Atlassian app, or undefined. */
    atlassianSignal(base: vscode.Uri): Promise<string | undefined>;
    /** The text of the last Audit Workspace toast. */
    lastAuditToast(): string | undefined;
    /** Whether the active tab is the plan's preview (its title bar then offers Save As…). */
    migrationPlanPreviewActive(): boolean;
    /** The rows Show Rule Documentation's quick pick lists. */
    ruleDocumentationItems(): Promise<RulePickItem[]>;
    badge(): number | undefined;
  };
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): GuardApi {
  const activationStart = performance.now();
  const output = vscode.window.createOutputChannel('Marketplace Guard', { log: true });
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    diagnosticCollectionName: 'marketplaceGuard',
    outputChannel: output,
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions: { ruleDocumentationCommand: true } satisfies GuardInitializationOptions,
    // The hover's rule link runs the one command that opens the rendered rule page; no other command.
    markdown: { isTrusted: { enabledCommands: [SHOW_RULE_DOCUMENTATION_COMMAND] } },
  };
  client = new LanguageClient('marketplaceGuard', DIAGNOSTIC_SOURCE, serverOptions, clientOptions);

  const tree = new ComplianceTree(client);
  const view = vscode.window.createTreeView('marketplaceGuard.compliance', { treeDataProvider: tree, showCollapseAll: true });
  tree.view = view;
  const status = new GuardStatusBar();
  const ctx: GuardContext = {
    client,
    tree,
    extensionUri: context.extensionUri,
    output,
    storageUri: context.globalStorageUri,
    state: context.globalState,
    status,
  };

  const plan = new MigrationPlan(ctx);
  const visibility = new StatusVisibility((visible) => status.setVisible(visible), (line) => output.info(line));

  const command = (id: string, run: (...args: unknown[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    output,
    tree,
    view,
    status,
    command('marketplaceGuard.auditWorkspace', async () => {
      const summary = await auditWorkspace(ctx);
      if (summary && !summary.cancelled) tree.auditFinished();
      return summary;
    }),
    command('marketplaceGuard.exportReport', (format, target) =>
      exportReport(ctx, typeof format === 'string' ? (format as 'markdown' | 'sarif' | 'json') : undefined, target instanceof vscode.Uri ? target : undefined),
    ),
    plan,
    visibility,
    command('marketplaceGuard.showMigrationPlan', () => showMigrationPlan(ctx, plan)),
    command('marketplaceGuard.saveMigrationPlanAs', (target) => saveMigrationPlanAs(ctx, plan, target instanceof vscode.Uri ? target : undefined)),
    command('marketplaceGuard.showRuleDocumentation', (arg) => showRuleDocumentation(ctx, arg)),
    command('marketplaceGuard.restartServer', async () => {
      await restartServer(ctx);
      if (tree.audited) tree.auditFinished();
    }),
    command('marketplaceGuard.groupByFile', () => tree.setGroupBy('file')),
    command('marketplaceGuard.groupByArea', () => tree.setGroupBy('area')),
    command('marketplaceGuard.revealFinding', (node) => revealFinding(node)),
    command('marketplaceGuard.applyFix', (node) => applyFix(ctx, node)),
    command('marketplaceGuard.suppressFinding', (node, reason) => suppressFinding(ctx, node, reason)),
    command('marketplaceGuard.fixAllSafeHere', (node) => fixAllSafeHere(ctx, node)),
    command('marketplaceGuard.copyFindings', (node) => copyFindings(node)),
    registerRuleUriHandler(ctx),
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) status.stopped();
      if (e.newState === State.Starting) status.starting();
    }),
    tree.onDidRefresh((counts) => {
      status.update(counts, tree.audited);
      visibility.update(counts.errors + counts.warnings + counts.infos, tree.audited);
    }),
  );

  // Not awaited: activation stays fast (SPEC §7); the notification handler survives restarts.
  let serverStartMs: number | undefined;
  const ready = client.start().then(
    async () => {
      serverStartMs = performance.now() - activationStart;
      output.info(`Language server running ${serverStartMs.toFixed(0)} ms after activation started.`);
      client?.onNotification(FindingsChangedNotification, () => {
        void tree.refresh();
        plan.findingsChanged();
      });
      await tree.refresh();
    },
    (err: unknown) => {
      output.appendLine(`The language server did not start: ${err instanceof Error ? err.message : String(err)}`);
      status.stopped();
      throw err;
    },
  );

  const activationMs = performance.now() - activationStart;
  output.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  return {
    ready,
    client,
    testing: {
      activationMs,
      serverStartMs: () => serverStartMs,
      treeSnapshot: () => tree.snapshot(),
      treeNodes: () => tree.getChildren(),
      viewMessage: () => view.message,
      findings: (uri) => ctx.client.sendRequest(FindingsRequest, uri === undefined ? {} : { uri }),
      onDidRefreshTree: tree.onDidRefresh,
      refreshTree: () => tree.refresh(),
      groupBy: () => tree.groupBy,
      statusBarText: () => status.text,
      statusBarTooltip: () => status.tooltip,
      statusBarVisible: () => status.isVisible,
      statusSignals: () => visibility.signals,
      rescanSignals: () => visibility.scan(),
      atlassianSignal: (base) => findAtlassianSignal(base),
      lastAuditToast,
      ruleDocumentationItems: () => ruleDocumentationItems(ctx),
      migrationPlanPreviewActive: previewActive,
      badge: () => view.badge?.value,
    },
  };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
