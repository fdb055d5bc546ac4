import * as fs from 'fs';
import type * as ts from 'typescript';
import { analyseFile, parseCode } from '../core/engine';
import { dirname } from '../core/facts';
import { fileKind } from '../core/files';
import type { GuardConfig } from '../core/config';
import type { Finding } from '../core/model';
import { OAUTH_SCOPE_PREFILTER } from '../core/analysis/oauth-scopes';
import { fileUsage, Project } from '../core/project';
import { isConnectDescriptorPath } from '../core/analysis/connect-descriptor';
import { connectTextUsage, mayHoldConnectCalls } from '../core/project/connect-text';
import { THREE_LO_CALLS, type FileUsage } from '../core/project/usage';
import { ALL_RULES } from '../core/rules';
import { readForAnalysis, type Discovery } from '../core/workspace';
import type { Located } from './folders';

/** What the project state needs from the service. */
export interface ProjectSource {
  /** Text of an open document by folder-relative path, if open. */
  openText(folderUri: string | undefined, relPath: string): string | undefined;
  /** The folder's discovery (files and Forge roots). */
  discovery(located: Located, config: GuardConfig): Discovery | undefined;
}

/** The rules whose findings mark a file as sending API tokens (rule 20's reason). */
const API_TOKEN_RULES = ALL_RULES.filter((r) => r.meta.category === 'api-tokens');

/**
 * Usage of an app file nobody has open. As in the CLI, whether it sends API tokens comes from the
 * API-token rules' findings (only those rules run; one parse serves them and the usage extraction).
 */
export function unopenedAppUsage(path: string, text: string, config: GuardConfig, forgeRoots: ReadonlySet<string>): FileUsage {
  let tree: ts.SourceFile | undefined;
  const parse = (): ts.SourceFile => (tree ??= parseCode(path, text));
  const { findings } = analyseFile(path, text, { config, forgeRoots, rules: API_TOKEN_RULES, parse });
  return fileUsage(text, parse, findings);
}

interface DiskEntry {
  readonly mtimeMs: number;
  readonly size: number;
}

/**
 * Per workspace folder, the core `Project` the scope rules read: manifests by Forge root and usage by
 * code file. Open files report their usage after each analysis (from the tree the engine already
 * parsed); unopened files of an app are read from disk once, when its manifest is first checked,
 * and again only when the file watcher says they changed. An edit therefore re-extracts one file
 * and re-checks the other side from cached usage, never the whole workspace.
 */
export class ProjectState {
  private readonly projects = new Map<string, Project>();
  private readonly disk = new Map<string, DiskEntry>();
  private readonly manifestTexts = new Map<string, string>();
  /** Folders whose non-Forge code was scanned for 3LO calls (once, then kept by edits and the watcher). */
  private readonly outsideLoaded = new Set<string>();

  constructor(private readonly source: ProjectSource) {}

  private key(located: Located): string {
    return located.folder?.uri ?? '';
  }

  private project(located: Located): Project {
    const k = this.key(located);
    let p = this.projects.get(k);
    if (!p) this.projects.set(k, (p = new Project()));
    return p;
  }

  /** The project to analyse `located` with (its manifests and, for a manifest, its app's usage). */
  prepare(located: Located, text: string, config: GuardConfig): Project | undefined {
    const descriptor = located.kind === 'json' && isConnectDescriptorPath(located.relPath);
    if (located.kind !== 'code' && located.kind !== 'manifest' && !descriptor) return undefined;
    const discovery = this.source.discovery(located, config);
    const project = this.project(located);
    for (const f of discovery?.files ?? []) {
      if (fileKind(f.path) === 'manifest') this.syncManifest(located, project, f.path, f.absolute);
      else if (isConnectDescriptorPath(f.path)) project.setDescriptor(f.path, true);
    }
    if (descriptor) {
      // An Atlassian Connect descriptor: its scopes are judged against the calls of its folder's code.
      project.setDescriptor(located.relPath, true);
      this.loadConnectApp(located, project, discovery, dirname(located.relPath));
      return project;
    }
    if (located.kind === 'code' && project.connectRootOf(located.relPath) !== undefined) return project;
    if (located.kind === 'manifest') {
      this.setManifest(located, project, located.relPath, text);
      this.loadApp(located, project, discovery, project.rootOf(located.relPath) ?? '', config);
    } else if (project.rootOf(located.relPath) === undefined) {
      // Non-Forge code asking for 3LO scopes is judged against the folder's non-Forge calls.
      if (!OAUTH_SCOPE_PREFILTER.test(text)) return undefined;
      this.loadOutside(located, project, discovery);
    }
    return project;
  }

  /** Records a code file's usage after its analysis; true when it changed (its manifest must re-check). */
  recordUsage(located: Located, text: string, parse: () => ts.SourceFile, findings: readonly Finding[]): boolean {
    if (located.kind !== 'code') return false;
    const project = this.project(located);
    const tracked = project.rootOf(located.relPath) !== undefined || project.connectRootOf(located.relPath) !== undefined;
    if (!tracked && !THREE_LO_CALLS.test(text) && !project.hasUsage(located.relPath)) return false;
    return project.setUsage(located.relPath, fileUsage(text, parse, findings));
  }

  /** Whether a file belongs to an Atlassian Connect app of its folder (a descriptor at or above it). */
  insideConnectApp(located: Located): boolean {
    return this.projects.get(this.key(located))?.connectRootOf(located.relPath) !== undefined;
  }

  /** Whether a file belongs to a Forge app of its folder (as far as the project knows). */
  insideApp(located: Located): boolean {
    return this.projects.get(this.key(located))?.rootOf(located.relPath) !== undefined;
  }

  /** A file changed or vanished on disk: its cached usage (or manifest) is read again when needed. */
  fileChanged(located: Located): void {
    const project = this.projects.get(this.key(located));
    if (!project) return;
    if (located.kind === 'json' && isConnectDescriptorPath(located.relPath) && (located.root === undefined || !fs.existsSync(`${located.root}/${located.relPath}`))) project.setDescriptor(located.relPath, false);
    if (located.kind === 'code' || mayHoldConnectCalls(located.relPath)) {
      project.setUsage(located.relPath, undefined);
      // Outside the Forge apps, the 3LO scan reads it again when next needed.
      if (project.rootOf(located.relPath) === undefined) this.outsideLoaded.delete(this.key(located));
    }
    if (located.kind === 'manifest') {
      this.manifestTexts.delete(`${this.key(located)}\0${located.relPath}`);
      project.setManifest(located.relPath, undefined);
    }
  }

  clear(): void {
    this.projects.clear();
    this.outsideLoaded.clear();
    this.disk.clear();
    this.manifestTexts.clear();
  }

  private setManifest(located: Located, project: Project, relPath: string, text: string): void {
    const k = `${this.key(located)}\0${relPath}`;
    if (this.manifestTexts.get(k) === text) return;
    this.manifestTexts.set(k, text);
    project.setManifest(relPath, text);
  }

  private syncManifest(located: Located, project: Project, relPath: string, absolute: string): void {
    const open = this.source.openText(located.folder?.uri, relPath);
    if (open !== undefined) return this.setManifest(located, project, relPath, open);
    if (this.manifestTexts.has(`${this.key(located)}\0${relPath}`) && !this.changedOnDisk(absolute)) return;
    const read = readForAnalysis(absolute);
    if ('text' in read) this.setManifest(located, project, relPath, read.text);
  }

  private changedOnDisk(absolute: string): boolean {
    let st: fs.Stats;
    try {
      st = fs.statSync(absolute);
    } catch {
      return true;
    }
    const before = this.disk.get(absolute);
    this.disk.set(absolute, { mtimeMs: st.mtimeMs, size: st.size });
    return !before || before.mtimeMs !== st.mtimeMs || before.size !== st.size;
  }

  /** Usage of the folder's non-Forge code that calls Atlassian with 3LO (read once per folder). */
  private loadOutside(located: Located, project: Project, discovery: Discovery | undefined): void {
    const k = this.key(located);
    if (this.outsideLoaded.has(k)) return;
    this.outsideLoaded.add(k);
    for (const f of discovery?.files ?? []) {
      if (fileKind(f.path) !== 'code' || project.rootOf(f.path) !== undefined || project.hasUsage(f.path)) continue;
      const open = this.source.openText(located.folder?.uri, f.path);
      const read = open !== undefined ? { text: open } : readForAnalysis(f.absolute);
      if (!('text' in read) || !THREE_LO_CALLS.test(read.text)) continue;
      const text = read.text;
      project.setUsage(f.path, fileUsage(text, () => parseCode(f.path, text)));
    }
  }

  /** Usage of every code file and page template of a Connect app not yet known: open text, else the file on disk. */
  private loadConnectApp(located: Located, project: Project, discovery: Discovery | undefined, root: string): void {
    for (const f of discovery?.files ?? []) {
      const code = fileKind(f.path) === 'code';
      if ((!code && !mayHoldConnectCalls(f.path)) || project.connectRootOf(f.path) !== root || project.hasUsage(f.path)) continue;
      const open = this.source.openText(located.folder?.uri, f.path);
      const read = open !== undefined ? { text: open } : readForAnalysis(f.absolute);
      if (!('text' in read)) continue;
      const text = read.text;
      project.setUsage(f.path, code ? fileUsage(text, () => parseCode(f.path, text)) : connectTextUsage(f.path, text));
    }
  }

  /** Usage of every code file of the app not yet known: open text, else the file on disk. */
  private loadApp(located: Located, project: Project, discovery: Discovery | undefined, root: string, config: GuardConfig): void {
    for (const f of discovery?.files ?? []) {
      if (fileKind(f.path) !== 'code' || project.rootOf(f.path) !== root || project.hasUsage(f.path)) continue;
      const open = this.source.openText(located.folder?.uri, f.path);
      const read = open !== undefined ? { text: open } : readForAnalysis(f.absolute);
      if (!('text' in read)) continue;
      project.setUsage(f.path, unopenedAppUsage(f.path, read.text, config, discovery?.forgeRoots ?? new Set()));
    }
  }
}
