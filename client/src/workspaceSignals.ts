import * as vscode from 'vscode';
import { hasAtlassianDependency, isAceConfig, isForgeManifest, shouldShowStatus, SIGNAL_FILE_GLOB, type StatusSignals } from './signals';

const EXCLUDE = '**/{node_modules,.git,dist,out,build,coverage}/**';
/** How many candidates of each kind are read: enough for monorepos, bounded for huge ones. */
const MAX_READ = 25;

async function read(uri: vscode.Uri): Promise<string> {
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return bytes.byteLength > 1_000_000 ? '' : new TextDecoder().decode(bytes);
  } catch {
    return '';
  }
}

/** Candidates under `base`, or in every workspace folder. */
function find(base: vscode.Uri | undefined, glob: string, max: number): Thenable<vscode.Uri[]> {
  return vscode.workspace.findFiles(base ? new vscode.RelativePattern(base, glob) : glob, EXCLUDE, max);
}

function rel(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/**
 * Why the workspace (or the folder `base`) is an Atlassian app, or undefined when nothing says so:
 * a Connect descriptor, a Forge manifest, an ACE `config.json`, an Atlassian package in a
 * `package.json`, or a `.marketplace-guard.json`. Reads only small files; never runs anything.
 */
export async function findAtlassianSignal(base?: vscode.Uri): Promise<string | undefined> {
  const [connect] = await find(base, '**/atlassian-connect.json', 1);
  if (connect) return `Connect descriptor ${rel(connect)}`;
  const [config] = await find(base, '**/.marketplace-guard.json', 1);
  if (config) return `Marketplace Guard configuration ${rel(config)}`;
  for (const uri of await find(base, '**/manifest.{yml,yaml}', MAX_READ)) {
    if (isForgeManifest(await read(uri))) return `Forge manifest ${rel(uri)}`;
  }
  for (const uri of await find(base, '**/config.json', MAX_READ)) {
    if (isAceConfig(await read(uri))) return `atlassian-connect-express config ${rel(uri)}`;
  }
  for (const uri of await find(base, '**/package.json', MAX_READ)) {
    if (hasAtlassianDependency(await read(uri))) return `Atlassian package in ${rel(uri)}`;
  }
  return undefined;
}

/**
 * Keeps the status item shown only where it means something: an Atlassian app, or a workspace with
 * findings or an audit. Re-scans when a signal file is created, changed or deleted, or folders change.
 */
export class StatusVisibility implements vscode.Disposable {
  private app: string | undefined;
  private findings = 0;
  private audited = false;
  private scanned = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<boolean>();
  /** Fires with the new visibility after every decision (tests wait on it). */
  readonly onDidDecide = this.changed.event;

  constructor(
    private readonly apply: (visible: boolean) => void,
    private readonly log: (line: string) => void,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(SIGNAL_FILE_GLOB);
    const rescan = (): void => this.scheduleScan();
    this.disposables.push(
      watcher,
      watcher.onDidCreate(rescan),
      watcher.onDidChange(rescan),
      watcher.onDidDelete(rescan),
      vscode.workspace.onDidChangeWorkspaceFolders(rescan),
      this.changed,
    );
    void this.scan();
  }

  /** The findings and audit state, after every tree refresh. */
  update(findings: number, audited: boolean): void {
    this.findings = findings;
    this.audited = audited;
    this.decide();
  }

  get signals(): StatusSignals {
    return { app: this.app, findings: this.findings, audited: this.audited };
  }

  /** Scans now (tests call it after adding a signal file; the watcher does otherwise). */
  async scan(): Promise<StatusSignals> {
    const app = await findAtlassianSignal();
    if (app !== this.app || !this.scanned) this.log(app ? `Atlassian app found: ${app}.` : 'No Atlassian app found in the workspace (the status item shows once there is a finding).');
    this.app = app;
    this.scanned = true;
    this.decide();
    return this.signals;
  }

  private scheduleScan(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.scan();
    }, 500);
  }

  private decide(): void {
    // Before the first scan, findings alone decide (a finding shows the item at once).
    const visible = shouldShowStatus(this.signals);
    this.apply(visible);
    this.changed.fire(visible);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
