import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { FileChangeType, type CancellationToken, type CodeAction, type CodeActionParams, type Diagnostic, type FileEvent, type Hover, type HoverParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver';
import type * as ts from 'typescript';
import { analyseFile, parseCode, type AnalyseOptions, type FileResult, type RuleFailure } from '../core/engine';
import { CONFIG_FILE } from '../core/config';
import type { Finding, SuppressedFinding } from '../core/model';
import { MAX_SCAN_BYTES, readForScan, resourceRootsIn, TEXT_SCAN_RULES, unparsedReason } from '../core/workspace';
import { mebibytes } from '../core/files';
import { matchBaseline } from '../core/report/baseline';
import { ownReportReason } from '../core/report/own-report';
import { FIX_ALL_KIND, type FindingsParams, type FindingsResult, type SeverityCounts } from '../protocol';
import { fixAllAction, fixAllOfKindActions, quickFixes, type ActionTarget, type EditCapabilities, type ResolvedFile } from './codeActions';
import { Dependencies, type FileRef } from './dependencies';
import { findingHover } from './hover';
import { failureDiagnostic, relatedItems, ruleDocUri, toDiagnostic, type RuleDocLink } from './diagnostics';
import { pathToUri, uriKey, uriToPath, Workspace, type Located } from './folders';
import { ParseCache } from './parseCache';
import { ProjectState } from './project';
import { OAUTH_SCOPE_PREFILTER } from '../core/analysis/oauth-scopes';
import { THREE_LO_CALLS } from '../core/project/usage';
import { Scheduler, TYPING_DEBOUNCE_MS } from './scheduler';
import { excludedReason, SettingsCache, type ResolvedSettings } from './settings';
import { StartupLog } from './startup';
import { FindingsStore } from './store';

/** What the service needs from the connection (a seam for in-process tests). */
export interface ServiceHost {
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  fetchSettings(scopeUri: string | undefined): Promise<unknown>;
  findingsChanged(uris: string[], counts: SeverityCounts): void;
  log(message: string): void;
  error(message: string): void;
  /** A problem the user should see once (bad settings, bad config file). */
  warn(message: string): void;
}

/** The open documents (the connection's TextDocuments, or a map in tests). */
export type DocumentSource = Pick<TextDocuments<TextDocument>, 'get' | 'all'>;

/** The result of analysing one text, before it becomes diagnostics. */
export interface Outcome {
  readonly findings: readonly Finding[];
  readonly failures: readonly RuleFailure[];
  /** Findings a directive suppressed (the SARIF export lists them as suppressed results). */
  readonly suppressed?: readonly SuppressedFinding[];
  /** Why the file was not analysed, when it was not. */
  readonly skipped?: string;
  /** Findings the folder's baseline holds: not published as diagnostics, listed apart in the tree. */
  readonly baselined?: readonly Finding[];
}

type Trigger = 'open' | 'change' | 'save' | 'dependency' | 'refresh';

/**
 * `project`: with the folder's scan and the facts other files give (manifests, app usage; cross-file
 * checks). `nearby`: only what the file's own folders say (a manifest at or above it), no scan and no
 * cross-file checks: the first diagnostics of a file opened before the folder was scanned.
 */
export type AnalysisScope = 'project' | 'nearby';
type Analyse = (path: string, text: string, options: AnalyseOptions) => FileResult;

/** Over 20 MiB: not even scanned as text. */
function sizeReason(text: string): string | undefined {
  return text.length > MAX_SCAN_BYTES ? `larger than 20 MiB (${mebibytes(text.length)})` : undefined;
}

/** The editor-facing analysis service: documents in, diagnostics, actions and findings out. */
export class GuardService {
  readonly workspace = new Workspace();
  readonly settings: SettingsCache;
  readonly store: FindingsStore;
  readonly dependencies = new Dependencies();
  caps: EditCapabilities = { documentChanges: false, createFiles: false, snippets: false };
  /** Target of each diagnostic's code link: the page's file, or a command the client runs to render it. */
  ruleDocLink: RuleDocLink = ruleDocUri;
  /** Set once a workspace audit ran: the store then covers unopened files. */
  audited = false;
  private readonly parses = new ParseCache();
  /** Manifests and code usage per folder, for the scope rules' manifest ↔ code checks. */
  readonly projects = new ProjectState({
    openText: (folderUri, relPath) => {
      const folder = folderUri === undefined ? undefined : this.workspace.folderByUri(folderUri);
      if (!folder) return undefined;
      const key = uriKey(pathToUri(path.join(folder.path, relPath)));
      return this.documents.all().find((d) => uriKey(d.uri) === key)?.getText();
    },
    discovery: (located, config) => (located.folder ? this.workspace.discovery(located.folder, config) : undefined),
  });
  private readonly scheduler: Scheduler;
  private readonly triggers = new Map<string, Trigger>();
  private readonly skipLogged = new Set<string>();
  private readonly openedVersions = new Map<string, number>();
  /** Folders whose project facts were loaded once: only before that is an opened file analysed `nearby` first. */
  private readonly factsReady = new Set<string>();
  /** Start-up lines for the output channel (server started, first file analysed, project facts). */
  readonly startup: StartupLog;

  constructor(
    readonly documents: DocumentSource,
    readonly host: ServiceHost,
    private readonly analyseImpl: Analyse = analyseFile,
  ) {
    this.settings = new SettingsCache((scope) => host.fetchSettings(scope), (m) => host.warn(m));
    this.store = new FindingsStore((uris, counts) => host.findingsChanged(uris, counts));
    this.startup = new StartupLog((line) => host.log(line));
    // 3LO: non-Forge code calling Atlassian and open files asking for 3LO scopes depend on each other.
    this.dependencies.register((changed, open) => this.threeLoDependents(changed, open));
    this.scheduler = new Scheduler(
      (uri, token) => this.run(uri, token),
      (uri, err) => host.error(`Analysis of ${uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    );
  }

  opened(doc: TextDocument): void {
    this.openedVersions.set(doc.uri, doc.version);
    this.schedule(doc.uri, 'open', 0);
  }

  changed(doc: TextDocument): void {
    // TextDocuments reports an open as a content change too: that one is not typing.
    if (this.openedVersions.get(doc.uri) === doc.version) return;
    this.openedVersions.delete(doc.uri);
    this.schedule(doc.uri, 'change', TYPING_DEBOUNCE_MS);
  }

  saved(doc: TextDocument): void {
    this.schedule(doc.uri, 'save', 0);
  }

  closed(doc: TextDocument): void {
    this.scheduler.cancel(doc.uri);
    this.triggers.delete(doc.uri);
    this.openedVersions.delete(doc.uri);
    this.parses.delete(uriKey(doc.uri));
    // Unsaved edits are gone: the file's usage is read from disk when next needed.
    this.projects.fileChanged(this.workspace.locate(doc.uri, doc.languageId));
    const entry = this.store.get(doc.uri);
    if (entry?.audited) {
      // An audited file keeps its findings, now from the saved text on disk.
      void this.refreshFromDisk(doc.uri).catch((err: unknown) => this.host.error(String(err)));
    } else {
      this.host.publish(doc.uri, undefined, []);
      this.store.delete(doc.uri);
    }
    this.revalidateDependents(this.ref(this.workspace.locate(doc.uri, doc.languageId)));
  }

  /** Settings or `.marketplace-guard.json` changed: drop every cache and check every open file again. */
  configurationChanged(): void {
    this.settings.clear();
    this.workspace.invalidate();
    this.projects.clear();
    this.skipLogged.clear();
    this.revalidate(this.documents.all());
    // Audited files that are not open re-check too: a rule set to `off`, `enable` unchecked or a new
    // `exclude` must not leave their findings in Problems, the tree and the status bar until the next audit.
    for (const entry of this.store.all()) {
      if (!entry.audited || this.documents.get(entry.uri)) continue;
      void this.refreshFromDisk(entry.uri).catch((err: unknown) => this.host.error(String(err)));
    }
  }

  /**
   * Asks for each folder's settings as soon as the client is ready, so the first opened file does not
   * wait for that round trip (the editor is busiest when it starts).
   */
  prefetchSettings(): void {
    for (const f of this.workspace.folders) void this.settings.get(f.uri, f.path).catch(() => undefined);
  }

  watchedFilesChanged(changes: readonly FileEvent[]): void {
    let config = false;
    for (const change of changes) {
      const abs = uriToPath(change.uri);
      if (abs === undefined) continue;
      const name = path.basename(abs);
      if (name === CONFIG_FILE || this.settings.isBaselineFile(abs)) {
        config = true;
        continue;
      }
      if (!this.documents.get(change.uri)) {
        // A code file changed on disk (checkout, generator): its app's open manifest re-checks its scopes.
        const located = this.workspace.locate(change.uri);
        this.projects.fileChanged(located);
        if (located.kind === 'code') this.revalidateDependents(this.ref(located));
      }
      if (name === 'manifest.yml' || name === 'manifest.yaml') {
        const folder = this.workspace.folderOf(abs);
        this.workspace.invalidate(folder);
        this.revalidate(this.documents.all().filter((d) => this.workspace.locate(d.uri).folder?.uri === folder?.uri));
      }
      if (this.documents.get(change.uri) || !this.store.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        this.host.publish(change.uri, undefined, []);
        this.store.delete(change.uri);
      } else {
        void this.refreshFromDisk(change.uri).catch((err: unknown) => this.host.error(String(err)));
      }
    }
    if (config) this.configurationChanged();
  }

  foldersChanged(folders: readonly { uri: string; name: string }[]): void {
    this.workspace.setFolders(folders);
    this.configurationChanged();
  }

  revalidate(docs: readonly TextDocument[]): void {
    for (const d of docs) this.schedule(d.uri, 'refresh', 0);
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const target = this.target(doc);
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions = wants('quickfix') ? quickFixes(params.context.diagnostics, target) : [];
    const stored = this.store.get(doc.uri);
    // The file's findings as published for this very text: fixes of one kind applied together.
    if (wants('quickfix') && stored && stored.version === doc.version) {
      actions.push(...fixAllOfKindActions(params.context.diagnostics, stored.findings, target));
    }
    if (only && wants(FIX_ALL_KIND)) {
      // Fix-all runs on save right after edits: analyse the current text rather than trust the store.
      const settings = await this.settingsFor(target.located);
      const outcome = this.analyse(target.located, doc.getText(), settings, uriKey(doc.uri));
      if (this.documents.get(doc.uri)?.version === doc.version) {
        const fixAll = fixAllAction(outcome.findings, target);
        if (fixAll) actions.push(fixAll);
      }
    }
    return actions;
  }

  /** The detail of the findings under the cursor, with the rule page's link (see {@link findingHover}). */
  hover(params: HoverParams): Hover | undefined {
    const doc = this.documents.get(params.textDocument.uri);
    const stored = this.store.get(params.textDocument.uri);
    // Ranges published for another text would point at the wrong code.
    if (!doc || !stored || stored.version !== doc.version) return undefined;
    return findingHover(stored, params.position, this.ruleDocLink);
  }

  findings(params: FindingsParams | undefined): FindingsResult {
    const findings = this.store.items(params?.uri);
    const counts = { errors: 0, warnings: 0, infos: 0 };
    // Baseline findings are listed, not counted: the badge and the status bar count what is new.
    for (const f of findings) if (!f.baseline) counts[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos']++;
    return { findings, audited: this.audited, ...counts };
  }

  settingsFor(located: Located): Promise<ResolvedSettings> {
    return this.settings.get(located.folder?.uri ?? located.uri, located.folder?.path);
  }

  /**
   * Analyses a text with the resolved settings; never throws (a crash becomes a failure). With a
   * baseline, the findings it holds move to `baselined`.
   */
  analyse(located: Located, text: string, settings: ResolvedSettings, parseKey?: string, scope: AnalysisScope = 'project'): Outcome {
    return this.withBaseline(located, text, settings, this.analyseAll(located, text, settings, parseKey, scope));
  }

  /** Moves the findings the folder's baseline holds to `baselined` (the audit's outcomes come here too). */
  withBaseline(located: Located, text: string, settings: ResolvedSettings, outcome: Outcome): Outcome {
    if (!settings.baseline || outcome.findings.length === 0) return outcome;
    let lines: readonly string[] | undefined;
    const root = located.root;
    const match = matchBaseline(outcome.findings, settings.baseline, {
      // The line as analysed (the editor's text), split like the CLI splits the file on disk.
      lineText: (file, line) => (file === located.relPath ? (lines ??= text.split(/\r\n|\r|\n/))[line - 1] : undefined),
      fileExists: (file) => root !== undefined && fs.existsSync(path.join(root, file)),
    });
    return { ...outcome, findings: match.fresh, baselined: match.matched };
  }

  private analyseAll(located: Located, text: string, settings: ResolvedSettings, parseKey: string | undefined, scope: AnalysisScope): Outcome {
    if (!settings.enable) return { findings: [], failures: [], skipped: 'disabled in settings' };
    if (!located.kind) return { findings: [], failures: [], skipped: 'not a file type Marketplace Guard analyses' };
    const skipped = excludedReason(located.relPath, settings.config) ?? sizeReason(text) ?? ownReportReason(text);
    if (skipped) {
      if (!this.skipLogged.has(located.uri)) this.host.log(`Skipped ${located.relPath}: ${skipped}.`);
      this.skipLogged.add(located.uri);
      return { findings: [], failures: [], skipped };
    }
    const openManifests = this.documents
      .all()
      .map((d) => this.workspace.locate(d.uri, d.languageId))
      .filter((l) => l.kind === 'manifest');
    // Minified and 2–20 MiB files are not parsed; their text is still scanned for tokens and secrets.
    const unparsed = located.kind === 'code' || located.kind === 'json' ? unparsedReason(text) : undefined;
    if (unparsed) {
      if (!this.skipLogged.has(located.uri)) this.host.log(`Scanned ${located.relPath} as text only: ${unparsed}.`);
      this.skipLogged.add(located.uri);
      try {
        const result = this.analyseImpl(located.relPath, text, { config: settings.config, rules: TEXT_SCAN_RULES });
        return { findings: result.findings, failures: result.failures, ...(result.suppressed ? { suppressed: result.suppressed } : {}) };
      } catch (err) {
        return { findings: [], failures: [{ ruleId: 'analysis', message: err instanceof Error ? err.message : String(err) }] };
      }
    }
    try {
      // One tree per analysis, shared by the rules and the scope usage of the file.
      const parser = parseKey !== undefined ? this.parses.parserFor(parseKey) : parseCode;
      let tree: ts.SourceFile | undefined;
      const parse = (p: string, t: string): ts.SourceFile => (tree ??= parser(p, t));
      const nearby = scope === 'nearby' && located.folder !== undefined;
      const forgeRoots = nearby
        ? this.workspace.nearbyForgeRoots(located, openManifests)
        : this.workspace.forgeRoots(located.folder, settings.config, openManifests);
      const project = nearby ? undefined : this.projects.prepare(located, text, settings.config);
      const result = this.analyseImpl(located.relPath, text, {
        config: settings.config,
        forgeRoots,
        ...(located.kind === 'code' ? { parse } : {}),
        ...(project ? { project } : {}),
        // Fixes that edit another file (the Forge migration's manifest scopes) read it open or from disk.
        readFile: (rel) => this.readRelative(located, rel)?.text,
        resourceRoots:
          nearby && located.folder ? resourceRootsIn(located.folder.path, forgeRoots) : this.workspace.resourceRoots(located.folder, settings.config),
      });
      if (!nearby) this.projects.recordUsage(located, text, () => parse(located.relPath, text), result.findings);
      for (const f of result.failures) this.host.error(`Rule ${f.ruleId} failed on ${located.relPath}: ${f.message}`);
      return { findings: result.findings, failures: result.failures, ...(result.suppressed ? { suppressed: result.suppressed } : {}) };
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.host.error(`Analysis of ${located.relPath} failed: ${message}`);
      return { findings: [], failures: [{ ruleId: 'analysis', message }] };
    }
  }

  /**
   * Publishes an outcome and records it; `version` is null for files that are not open. Returns what was
   * published as a string; given the string of an earlier publish of the same version, an identical
   * outcome is not sent again (a refinement that changed nothing stays silent).
   */
  publish(located: Located, text: TextDocument, version: number | null, outcome: Outcome, audited: boolean, previous?: string): string {
    const related = outcome.findings.map((f) => relatedItems(f, text, (file) => this.uriOf(located, file)));
    const diagnostics = outcome.findings.map((f, i) => toDiagnostic(f, text, version, related[i], this.ruleDocLink));
    const failure = failureDiagnostic(outcome.failures, outcome.findings);
    if (failure) diagnostics.push(failure);
    const published = JSON.stringify(diagnostics);
    if (previous === published) return published;
    this.host.publish(located.uri, version ?? undefined, diagnostics);
    const baselined = outcome.baselined ?? [];
    this.store.set({
      ...(baselined.length > 0
        ? { baselined, baselineRanges: baselined.map((f) => toDiagnostic(f, text, version, undefined, this.ruleDocLink).range) }
        : {}),
      uri: located.uri,
      folderUri: located.folder?.uri,
      relPath: located.relPath,
      findings: outcome.findings,
      ranges: diagnostics.slice(0, outcome.findings.length).map((d) => d.range),
      related,
      audited,
      version,
      ...(typeof failure?.message === 'string' ? { failure: failure.message } : {}),
    });
    return published;
  }

  ref(located: Located): FileRef {
    return { uri: located.uri, folderUri: located.folder?.uri, relPath: located.relPath, kind: located.kind };
  }

  dispose(): void {
    this.scheduler.dispose();
    this.store.dispose();
  }

  private schedule(uri: string, trigger: Trigger, delay: number): void {
    this.triggers.set(uri, trigger);
    this.scheduler.schedule(uri, delay);
  }

  private async run(uri: string, token: CancellationToken): Promise<void> {
    const trigger = this.triggers.get(uri) ?? 'refresh';
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const located = this.workspace.locate(uri, doc.languageId);
    const started = performance.now();
    const settings = await this.settingsFor(located);
    const current = (): boolean => !token.isCancellationRequested && this.documents.get(uri)?.version === version;
    if (!current()) return;
    this.triggers.delete(uri);
    if (settings.run === 'onSave' && trigger === 'change') return;
    const text = doc.getText();
    const folder = located.folder;
    let previous: string | undefined;
    const firstInFolder = folder !== undefined && !this.factsReady.has(folder.uri);
    if (folder && firstInFolder && !this.workspace.scanned(folder)) {
      // Start-up (the folder was never scanned): the opened file's diagnostics go out first, from what
      // its own folders say, and the cross-file checks follow once the scan and the project facts are in.
      // Later rescans (settings, a new manifest) keep the cross-file findings in place instead.
      const nearby = this.analyse(located, text, settings, uriKey(uri), 'nearby');
      if (!current()) return;
      previous = this.publish(located, doc, version, nearby, this.store.get(uri)?.audited ?? false);
      this.startup.analysed(`${folder.name}/${located.relPath}`, performance.now() - started);
      if (!settings.enable) {
        // Nothing to refine, and no reason to scan a folder whose checks are off.
        this.startup.disabled(folder.name);
        return;
      }
      // Let the publish leave and queued messages in before the scan holds the thread.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!current()) return;
    }
    const factsStart = performance.now();
    const outcome = this.analyse(located, text, settings, uriKey(uri));
    if (!current()) return; // a newer version is on its way: never publish stale results
    this.publish(located, doc, version, outcome, this.store.get(uri)?.audited ?? false, previous);
    if (previous === undefined) this.startup.analysed(folder ? `${folder.name}/${located.relPath}` : located.relPath, performance.now() - started);
    if (folder && firstInFolder) {
      this.factsReady.add(folder.uri);
      this.startup.projectFacts(folder.name, this.workspace.discovery(folder, settings.config).files.length, performance.now() - factsStart);
    }
    if (trigger === 'change' || trigger === 'save' || trigger === 'open') this.revalidateDependents(this.ref(located));
  }

  private *threeLoDependents(changed: FileRef, open: readonly FileRef[]): Iterable<FileRef> {
    if (changed.kind !== 'code') return;
    const text = this.documents.get(changed.uri)?.getText();
    if (text !== undefined && !THREE_LO_CALLS.test(text)) return;
    if (this.projects.insideApp(this.workspace.locate(changed.uri))) return;
    for (const ref of open) {
      if (ref.uri === changed.uri || ref.kind !== 'code' || ref.folderUri !== changed.folderUri) continue;
      const other = this.documents.get(ref.uri)?.getText();
      if (other !== undefined && OAUTH_SCOPE_PREFILTER.test(other) && !this.projects.insideApp(this.workspace.locate(ref.uri))) yield ref;
    }
  }

  private revalidateDependents(changed: FileRef): void {
    const open = this.documents.all().map((d) => this.ref(this.workspace.locate(d.uri, d.languageId)));
    for (const dep of this.dependencies.affected(changed, open)) this.schedule(dep.uri, 'dependency', 0);
  }

  private async refreshFromDisk(uri: string): Promise<void> {
    const abs = uriToPath(uri);
    if (abs === undefined) return;
    const located = this.workspace.locate(uri);
    const settings = await this.settingsFor(located);
    if (this.documents.get(uri)) return;
    // analyse() decides whether a minified or 2–20 MiB file is parsed or only scanned as text.
    // Only a regular file inside its folder: a FIFO or a link to /dev/zero must not hang the server.
    const read = readForScan(abs, undefined, located.root);
    const text = 'text' in read ? read.text : '';
    const outcome = 'text' in read ? this.analyse(located, text, settings) : { findings: [], failures: [] };
    this.publish(located, TextDocument.create(uri, 'plaintext', 0, text), null, outcome, true);
  }

  /** What code actions on this document work against (its text, folder, the client's edit capabilities). */
  target(doc: TextDocument): ActionTarget {
    const located = this.workspace.locate(doc.uri, doc.languageId);
    return {
      doc,
      located,
      languageId: doc.languageId,
      caps: this.caps,
      resolve: (rel) => this.readRelative(located, rel),
    };
  }

  /** The URI of another file of the same folder: an open document's as the client spells it, else its file URI. */
  private uriOf(located: Located, rel: string): string | undefined {
    if (located.root === undefined || rel.includes('\0')) return undefined;
    const uri = pathToUri(path.resolve(located.root, rel));
    return this.documents.all().find((d) => uriKey(d.uri) === uriKey(uri))?.uri ?? uri;
  }

  /** Another file of the same folder: the open document's text, else the file on disk (undefined when absent). */
  private readRelative(located: Located, rel: string): ResolvedFile | undefined {
    if (located.root === undefined || rel.includes('\0')) return undefined;
    const abs = path.resolve(located.root, rel);
    const uri = pathToUri(abs);
    const open = this.documents.all().find((d) => uriKey(d.uri) === uriKey(uri));
    if (open) return { uri: open.uri, text: open.getText(), version: open.version };
    // Only a regular file inside the folder, under the scan cap: never a FIFO, a device or a link out.
    const read = readForScan(abs, undefined, located.root);
    return { uri, text: 'text' in read ? read.text : undefined, version: null };
  }
}
