import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const ROOT = path.resolve(__dirname, '..', '..');
let built = false;

/** How a test starts the language server: a program and the arguments before `--stdio`. */
export interface ServerLaunch {
  readonly command: string;
  readonly args: readonly string[];
}

/** The absolute path of the package's `marketplace-guard-server` bin (package.json `bin`): the server an editor starts. */
export function serverBinPath(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
  const bin = pkg.bin?.['marketplace-guard-server'];
  if (!bin) throw new Error('package.json has no marketplace-guard-server bin');
  return path.join(ROOT, bin);
}

/**
 * The bin file run by the Node running the tests (the default: fast and independent of PATH). A test
 * that wants the bin exactly as an editor runs it passes `{ command: serverBinPath(), args: [] }`
 * (its shebang) or an installed package's `node_modules/.bin/marketplace-guard-server`.
 */
export function defaultLaunch(): ServerLaunch {
  return { command: process.execPath, args: [serverBinPath()] };
}

/** Builds dist/server.js once per mocha run. */
export function buildServer(): void {
  if (built) return;
  execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

/** A temporary workspace folder; files are written from the map (folder-relative paths). */
export function makeWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-lsp-'));
  for (const [rel, text] of Object.entries(files)) writeFile(dir, rel, text);
  return fs.realpathSync(dir);
}

export function writeFile(dir: string, rel: string, text: string): void {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
}

export const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
  },
  window: { workDoneProgress: true },
  textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
};

interface Waiter<T> {
  readonly match: (value: T) => boolean;
  readonly resolve: (value: T) => void;
}

/** An LSP client over the bundled server's stdio, recording what the server sends. */
export class TestClient {
  /** The `marketplaceGuard` settings section the server pulls. */
  settings: Record<string, unknown> = {};
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** What the server sent, in order: `publish <uri> v<version>` and `log <message>` (for ordering assertions). */
  readonly sequence: string[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly registrations: string[] = [];
  private readonly docs = new Map<string, TextDocument>();
  private diagWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private noteWaiters: Waiter<{ method: string; params: unknown }>[] = [];
  private logWaiters: Waiter<string>[] = [];
  stderr = '';
  /** What the server answered to `initialize` (its capabilities). */
  initialized: InitializeResult | undefined;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    readonly folder: string,
  ) {}

  static async start(folder: string, capabilities: ClientCapabilities = CAPABILITIES, initializationOptions?: unknown, launch?: ServerLaunch): Promise<TestClient> {
    if (!launch) buildServer();
    const { command, args } = launch ?? defaultLaunch();
    // A bin run through its shebang (`#!/usr/bin/env node`) finds this Node first.
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };
    const child = spawn(command, [...args, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    if (!child.stdout || !child.stdin) throw new Error('no stdio');
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestClient(child, connection, folder);
    child.stderr?.on('data', (d: Buffer) => (client.stderr += d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.published.push(p);
      client.sequence.push(`publish ${p.uri} v${String(p.version)}`);
      client.diagWaiters = client.diagWaiters.filter((w) => (w.match(p) ? (w.resolve(p), false) : true));
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
      client.sequence.push(`log ${p.message}`);
      client.logWaiters = client.logWaiters.filter((w) => (w.match(p.message) ? (w.resolve(p.message), false) : true));
    });
    for (const method of ['marketplaceGuard/findingsChanged', 'window/showMessage']) {
      connection.onNotification(method, (params: unknown) => {
        const n = { method, params };
        client.notifications.push(n);
        client.noteWaiters = client.noteWaiters.filter((w) => (w.match(n) ? (w.resolve(n), false) : true));
      });
    }
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => client.settings));
    connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      client.registrations.push(...p.registrations.map((r) => r.method));
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.listen();
    const folderUri = pathToFileURL(folder).href;
    client.initialized = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      capabilities,
      ...(initializationOptions === undefined ? {} : { initializationOptions }),
      workspaceFolders: [{ uri: folderUri, name: path.basename(folder) }],
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.folder, rel)).href;
  }

  text(uri: string): string {
    return this.doc(uri).getText();
  }

  doc(uri: string): TextDocument {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d;
  }

  /** Resolves with the next publish for `uri` that satisfies `match` (registered before the cause is sent). */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.diagWaiters.push({ match: (p) => p.uri === uri && match(p), resolve }));
  }

  /** Resolves with the first log message (already received, or next) that matches. */
  logMatching(re: RegExp): Promise<string> {
    const seen = this.logs.find((l) => re.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.logWaiters.push({ match: (l) => re.test(l), resolve }));
  }

  /**
   * Resolves once the server loaded the folder's project facts (or found its checks off): the first
   * file opened in a fresh server is published from what its own folders say, then refined.
   */
  projectFactsLoaded(): Promise<string> {
    const name = path.basename(this.folder).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.logMatching(new RegExp(`(project facts for \\d+ files? of|checks are off for) ${name}\\b`));
  }

  nextNotification(method: string, match: (params: unknown) => boolean = () => true): Promise<unknown> {
    return new Promise((resolve) => this.noteWaiters.push({ match: (n) => n.method === method && match(n.params), resolve: (n) => resolve(n.params) }));
  }

  /**
   * Opens a document and waits for its diagnostics, cross-file checks included: the first publish,
   * and the refinement once the folder's project facts are in (`firstOnly` stops at the first publish).
   */
  async open(rel: string, text: string, languageId = 'typescript', firstOnly = false): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = this.uri(rel);
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    const next = this.nextDiagnostics(uri, (p) => p.version === 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const first = await next;
    if (firstOnly) return { uri, diagnostics: first.diagnostics };
    await this.projectFactsLoaded();
    const latest = this.published.filter((p) => p.uri === uri && p.version === 1).at(-1) ?? first;
    return { uri, diagnostics: latest.diagnostics };
  }

  /** Sends an incremental change; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const doc = this.doc(uri);
    const version = doc.version + 1;
    TextDocument.update(doc, changes, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Changes a document and waits for the diagnostics of the new version. */
  async changeAndWait(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const expected = this.doc(uri).version + 1;
    const next = this.nextDiagnostics(uri, (p) => p.version === expected);
    await this.change(uri, changes);
    return (await next).diagnostics;
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Applies a WorkspaceEdit's edits to an open document as incremental changes; waits for diagnostics. */
  async applyEdit(edit: WorkspaceEdit, uri: string): Promise<Diagnostic[]> {
    const changes: TextDocumentContentChangeEvent[] = [];
    for (const dc of edit.documentChanges ?? []) {
      if (!('textDocument' in dc) || dc.textDocument.uri !== uri) continue;
      // Later positions first, so earlier ranges stay valid.
      const sorted = [...dc.edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
      for (const e of sorted) changes.push({ range: e.range, text: 'newText' in e ? e.newText : e.snippet.value });
    }
    for (const e of edit.changes?.[uri] ?? []) changes.push({ range: e.range, text: e.newText });
    return this.changeAndWait(uri, changes);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the child may already be gone
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** The range of the first occurrence of `needle` in a document. */
export function rangeOf(doc: TextDocument, needle: string, from = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const i = doc.getText().indexOf(needle, from);
  if (i < 0) throw new Error(`"${needle.slice(0, 12)}" not in document`);
  return { start: doc.positionAt(i), end: doc.positionAt(i + needle.length) };
}
