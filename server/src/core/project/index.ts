import type * as ts from 'typescript';
import { dirname } from '../facts';
import { fileKind } from '../files';
import { parseManifest, type Manifest } from '../manifest/model';
import type { Finding, Range } from '../model';
import { EMPTY_USAGE, USAGE_PREFILTER, extractUsage, type FileUsage } from './usage';

/**
 * The workspace-level step of the scope rules: per-file usage is collected (by the CLI audit, or the
 * language server as files are opened, edited or read from disk), aggregated per Forge app (the
 * folder of a `manifest.yml`), and read by the manifest's rules; code files read their app's
 * manifest. Only the changed file is re-extracted after an edit.
 */

/** A Forge app as a file sees it. */
export interface ForgeApp {
  /** Folder of the manifest, workspace-relative ('' = root). */
  readonly root: string;
  readonly manifestPath: string;
  readonly manifest: Manifest;
}

export interface AppFileUsage {
  readonly path: string;
  readonly usage: FileUsage;
}

/** What rules may ask about the rest of the workspace. */
export interface ProjectView {
  /** The innermost Forge app a file belongs to (a manifest in its folder or an ancestor). */
  appOf(path: string): ForgeApp | undefined;
  /** Usage of the app's code files; undefined when no code of the app was seen (nothing to judge). */
  usage(root: string): readonly AppFileUsage[] | undefined;
  /** Usage of the code outside every Forge app (3LO integrations); empty when none was seen. */
  outsideApps?(): readonly AppFileUsage[];
  /**
   * Usage of the files of the Atlassian Connect app whose descriptor sits in `root` (its folder and
   * below, nested apps excepted); undefined when no code file of it was seen (nothing to judge).
   */
  connectUsage?(root: string): readonly AppFileUsage[] | undefined;
}

function isUnder(root: string, path: string): boolean {
  return root === '' || path.startsWith(`${root}/`);
}

/** Mutable project state: manifests by root, usage by file. */
export class Project implements ProjectView {
  private readonly manifests = new Map<string, { path: string; text: string }>();
  private readonly files = new Map<string, FileUsage>();
  private readonly byRoot = new Map<string, AppFileUsage[] | undefined>();
  /** Folders of Atlassian Connect descriptors (`atlassian-connect.json`). */
  private readonly descriptors = new Set<string>();
  private readonly byConnectRoot = new Map<string, AppFileUsage[] | undefined>();

  setManifest(path: string, text: string | undefined): void {
    const root = dirname(path);
    if (text === undefined) this.manifests.delete(root);
    else this.manifests.set(root, { path, text });
    this.byRoot.clear();
  }

  /** Records (text given) or forgets an Atlassian Connect descriptor: its folder is a Connect app. */
  setDescriptor(path: string, present: boolean): void {
    const root = dirname(path);
    if (present === this.descriptors.has(root)) return;
    if (present) this.descriptors.add(root);
    else this.descriptors.delete(root);
    this.byConnectRoot.clear();
  }

  /** The folder of the innermost Connect descriptor at or above a file. */
  connectRootOf(path: string): string | undefined {
    let best: string | undefined;
    for (const root of this.descriptors) {
      if (isUnder(root, path) && (best === undefined || root.length > best.length)) best = root;
    }
    return best;
  }

  connectUsage(root: string): readonly AppFileUsage[] | undefined {
    if (this.byConnectRoot.has(root)) return this.byConnectRoot.get(root);
    const out = this.filesWhere((path) => this.connectRootOf(path) === root);
    // Templates alone do not show the app's code: its back end may be in a language not read here.
    const result = out.some((u) => fileKind(u.path) === 'code') ? out : undefined;
    this.byConnectRoot.set(root, result);
    return result;
  }

  hasManifest(root: string): boolean {
    return this.manifests.has(root);
  }

  /** Records a code file's usage (undefined removes it). Returns whether it changed anything. */
  setUsage(path: string, usage: FileUsage | undefined): boolean {
    const before = this.files.get(path);
    if (usage === undefined) {
      if (!before) return false;
      this.files.delete(path);
    } else {
      if (before && sameUsage(before, usage)) return false;
      this.files.set(path, usage);
    }
    this.byRoot.clear();
    this.byConnectRoot.clear();
    return true;
  }

  hasUsage(path: string): boolean {
    return this.files.has(path);
  }

  roots(): string[] {
    return [...this.manifests.keys()];
  }

  rootOf(path: string): string | undefined {
    let best: string | undefined;
    for (const root of this.manifests.keys()) {
      if (isUnder(root, path) && (best === undefined || root.length > best.length)) best = root;
    }
    return best;
  }

  appOf(path: string): ForgeApp | undefined {
    const root = this.rootOf(path);
    const m = root === undefined ? undefined : this.manifests.get(root);
    return m && root !== undefined ? { root, manifestPath: m.path, manifest: parseManifest(m.text) } : undefined;
  }

  outsideApps(): readonly AppFileUsage[] {
    const key = '\0outside';
    const known = this.byRoot.get(key);
    if (known) return known;
    const out = this.filesWhere((path) => this.rootOf(path) === undefined);
    this.byRoot.set(key, out);
    return out;
  }

  usage(root: string): readonly AppFileUsage[] | undefined {
    if (this.byRoot.has(root)) return this.byRoot.get(root);
    const out = this.filesWhere((path) => this.rootOf(path) === root);
    const result = out.length > 0 ? out : undefined;
    this.byRoot.set(root, result);
    return result;
  }

  /** The usage of the files a predicate picks, by path (callers cache the result). */
  private filesWhere(pick: (path: string) => boolean): AppFileUsage[] {
    const out: AppFileUsage[] = [];
    for (const [path, usage] of this.files) if (pick(path)) out.push({ path, usage });
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

function sameUsage(a: FileUsage, b: FileUsage): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const cache = new WeakMap<ts.SourceFile, FileUsage>();

/** Whether a tree's usage was already extracted. */
export function hasUsage(sf: ts.SourceFile): boolean {
  return cache.has(sf);
}

/** Usage of a parsed file, computed once per syntax tree. */
export function usageOfSourceFile(sf: ts.SourceFile): FileUsage {
  let u = cache.get(sf);
  if (!u) cache.set(sf, (u = extractUsage(sf)));
  return u;
}

/**
 * Usage of a code file from its text: parses only when the cheap prefilter passes (`parse` is the
 * caller's parser, so the engine's tree is reused), and notes API-token findings for rule 20.
 */
export function fileUsage(text: string, parse: () => ts.SourceFile, findings: readonly Finding[] = []): FileUsage {
  const apiToken = findings.some((f) => f.category === 'api-tokens');
  let base: FileUsage;
  try {
    base = USAGE_PREFILTER.test(text) ? usageOfSourceFile(parse()) : /@forge\/kvs/.test(text) ? { ...EMPTY_USAGE, storage: true } : EMPTY_USAGE;
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    base = OPAQUE_USAGE;
  }
  return apiToken ? { ...base, apiToken } : base;
}

const NOWHERE: Range = { start: 0, end: 0 };

/**
 * A file nested too deeply to parse or walk (the stack overflows): its calls cannot be known, so it
 * is taken to use every product, storage and any host. Scopes are then never called unused because
 * of it, and nothing is demanded of the manifest on its account.
 */
export const OPAQUE_USAGE: FileUsage = {
  calls: (['jira', 'confluence', 'bitbucket'] as const).map((product) => ({ product, via: 'forge-api' as const, range: NOWHERE })),
  storage: true,
  fetchHosts: [],
  dynamicFetch: true,
  apiToken: false,
  connect: [{ via: 'unknown', range: NOWHERE }],
  actsAsUser: true,
};
