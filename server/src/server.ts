/**
 * The Marketplace Guard language server: connection wiring only. Everything it does lives in
 * `lsp/` (editor adapters) and `core/` (analysis). Speaks over IPC (VS Code) or `--stdio`.
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import {
  CancellationTokenSource,
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
  type CancellationToken,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { auditFolders, exportReport } from './lsp/audit';
import { findingFixes, fixAllSafe, suppressFinding } from './lsp/findingActions';
import { GuardService } from './lsp/service';
import { rulesResult } from './lsp/rules';
import {
  AuditWorkspaceRequest,
  ExportReportRequest,
  FIX_ALL_KIND,
  FindingsChangedNotification,
  FindingFixesRequest,
  FindingsRequest,
  FixAllSafeRequest,
  isExportReportParams,
  isFindingRef,
  isFixAllSafeParams,
  ruleDocumentationCommandUri,
  RulesRequest,
  SuppressFindingRequest,
  SETTINGS_SECTION,
  SHOW_FIX_NOTE_COMMAND,
  wantsRuleDocumentationCommand,
  type AuditSummary,
  type AuditWorkspaceParams,
  type ExportReportResult,
  type FindingsChangedParams,
  type FindingsParams,
  type FindingFixesResult,
  type FindingsResult,
  type RulesResult,
  type FixAllSafeResult,
  type SuppressFindingResult,
} from './protocol';

/** The bundle (TypeScript included) has loaded: milliseconds since the process started. */
const codeLoadedMs = performance.now();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let pullSettings = false;
let pushedSettings: unknown;
let canCreateProgress = false;
let dynamicConfiguration = false;
let dynamicWatchers = false;
let watchFolders = false;
let folders: WorkspaceFolder[] = [];

const service = new GuardService(documents, {
  publish: (uri, docVersion, diagnostics) => void connection.sendDiagnostics({ uri, version: docVersion, diagnostics }),
  fetchSettings: (scopeUri) =>
    pullSettings
      ? connection.workspace.getConfiguration({ ...(scopeUri !== undefined ? { scopeUri } : {}), section: SETTINGS_SECTION })
      : Promise.resolve(pushedSettings),
  findingsChanged: (uris, counts) => {
    const params: FindingsChangedParams = { uris, ...counts };
    void connection.sendNotification(FindingsChangedNotification.method, params);
  },
  log: (message) => connection.console.log(message),
  error: (message) => connection.console.error(message),
  warn: (message) => {
    connection.console.warn(message);
    void connection.window.showWarningMessage(`Marketplace Guard: ${message}`);
  },
});

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  pullSettings = caps.workspace?.configuration === true;
  canCreateProgress = caps.window?.workDoneProgress === true;
  dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  dynamicWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  watchFolders = caps.workspace?.workspaceFolders === true;
  const edit = caps.workspace?.workspaceEdit;
  service.caps = {
    documentChanges: edit?.documentChanges === true,
    createFiles: edit?.resourceOperations?.includes('create') === true,
    snippets: edit?.snippetEditSupport === true,
  };
  if (wantsRuleDocumentationCommand(params.initializationOptions)) service.ruleDocLink = ruleDocumentationCommandUri;
  const root = params.rootUri;
  folders = params.workspaceFolders ?? (root ? [{ uri: root, name: path.basename(root) }] : []);
  service.workspace.setFolders(folders);
  service.startup.started(version, codeLoadedMs);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      executeCommandProvider: { commands: [SHOW_FIX_NOTE_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'Marketplace Guard', version },
  };
});

connection.onInitialized(() => {
  service.prefetchSettings();
  if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  if (dynamicWatchers) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/{manifest.yml,manifest.yaml,.marketplace-guard.json}' },
        { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,yml,yaml,json,md}' },
        { globPattern: '**/.env*' },
      ],
    });
  }
  if (watchFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      folders = [...folders.filter((f) => !removed.has(f.uri)), ...event.added];
      service.foldersChanged(folders);
    });
  }
});

connection.onDidChangeConfiguration((change) => {
  const settings: unknown = change.settings;
  if (!pullSettings && settings !== null && typeof settings === 'object') {
    pushedSettings = (settings as Record<string, unknown>)[SETTINGS_SECTION];
  }
  service.configurationChanged();
});
connection.onDidChangeWatchedFiles((params) => service.watchedFilesChanged(params.changes));

documents.onDidOpen((e) => service.opened(e.document));
documents.onDidChangeContent((e) => service.changed(e.document));
documents.onDidSave((e) => service.saved(e.document));
documents.onDidClose((e) => service.closed(e.document));

connection.onCodeAction((params) => service.codeActions(params));
connection.onHover((params) => service.hover(params));
connection.onExecuteCommand((params) => {
  const note: unknown = params.arguments?.[0];
  if (params.command === SHOW_FIX_NOTE_COMMAND && typeof note === 'string') void connection.window.showInformationMessage(note);
});

/** One token for the request's own cancellation and the progress UI's Cancel button. */
function linked(...tokens: CancellationToken[]): CancellationToken {
  const source = new CancellationTokenSource();
  for (const t of tokens) t.onCancellationRequested(() => source.cancel());
  if (tokens.some((t) => t.isCancellationRequested)) source.cancel();
  return source.token;
}

// Custom methods are registered by name: protocol.ts types them with the protocol package the client
// uses, and vscode-languageserver bundles another copy whose classes TypeScript will not mix.
connection.onRequest(AuditWorkspaceRequest.method, async (params: AuditWorkspaceParams | undefined, token: CancellationToken): Promise<AuditSummary> => {
  const workDoneToken = params?.workDoneToken;
  let progress = connection.window.attachWorkDoneProgress(workDoneToken);
  let cancel = token;
  if (WorkDoneProgressReporter.isNullInstance(progress) && canCreateProgress) {
    const server = await connection.window.createWorkDoneProgress();
    progress = server;
    cancel = linked(token, server.token);
  }
  const folderUri = typeof params?.folderUri === 'string' ? params.folderUri : undefined;
  const chosen = folderUri !== undefined ? service.workspace.folders.filter((f) => f.uri === folderUri) : service.workspace.folders;
  const { summary } = await auditFolders(service, chosen, cancel, progress);
  return summary;
});

connection.onRequest(FindingsRequest.method, (params: FindingsParams | undefined): FindingsResult =>
  service.findings(typeof params?.uri === 'string' ? { uri: params.uri } : undefined),
);

connection.onRequest(ExportReportRequest.method, (params: unknown, token: CancellationToken): Promise<ExportReportResult> => {
  if (!isExportReportParams(params)) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'exportReport needs { format: "markdown" | "sarif" | "json" }');
  }
  return exportReport(service, params, token);
});

connection.onRequest(RulesRequest.method, (): RulesResult => rulesResult());

connection.onRequest(FindingFixesRequest.method, (params: unknown): Promise<FindingFixesResult> => {
  if (!isFindingRef(params)) throw new ResponseError(ErrorCodes.InvalidParams, 'findingFixes needs { uri, ruleId, range }');
  return findingFixes(service, params);
});

connection.onRequest(SuppressFindingRequest.method, (params: unknown): Promise<SuppressFindingResult> => {
  if (!isFindingRef(params) || !('reason' in params) || typeof params.reason !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'suppressFinding needs { uri, ruleId, range, reason }');
  }
  return suppressFinding(service, { uri: params.uri, ruleId: params.ruleId, range: params.range, reason: params.reason });
});

connection.onRequest(FixAllSafeRequest.method, (params: unknown): Promise<FixAllSafeResult> => {
  if (!isFixAllSafeParams(params)) throw new ResponseError(ErrorCodes.InvalidParams, 'fixAllSafe needs { uri, ruleIds? }');
  return fixAllSafe(service, params.ruleIds === undefined ? { uri: params.uri } : { uri: params.uri, ruleIds: params.ruleIds });
});

connection.onShutdown(() => service.dispose());

// A bug must cost one analysis, not the editor's language features: log it and keep serving.
process.on('uncaughtException', (err) => connection.console.error(`Unexpected error: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
