import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { GuardConfig } from '../core/config';
import { dirname } from '../core/facts';
import { fileKind } from '../core/files';
import type { FileKind } from '../core/model';
import { discover, resourceRootsIn, toPosix, type Discovery } from '../core/workspace';

/** A workspace folder the client told us about. */
export interface Folder {
  readonly uri: string;
  /** Absolute file-system path. */
  readonly path: string;
  readonly name: string;
}

/** Where a document sits: the folder it belongs to and its folder-relative path (what the core sees). */
export interface Located {
  readonly uri: string;
  readonly folder: Folder | undefined;
  /** Absolute folder that `relPath` and fix paths are relative to. */
  readonly root: string | undefined;
  /** Forward slashes; for untitled documents a name derived from the language. */
  readonly relPath: string;
  readonly kind: FileKind | undefined;
}

/** The file-system path of a `file:` URI, or undefined for other schemes (untitled, vscode-notebook…). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

/**
 * One key per file whatever the client's URI spelling (VS Code escapes `@` and drive colons,
 * Node's pathToFileURL does not), so audit results and open documents meet in the same slot.
 */
export function uriKey(uri: string): string {
  const p = uriToPath(uri);
  if (p === undefined) return uri;
  return process.platform === 'win32' ? p.toLowerCase() : p;
}

/** Untitled documents have no name: give the core one with the extension their language implies. */
const EXTENSION_BY_LANGUAGE: Readonly<Record<string, string>> = {
  typescript: 'untitled.ts',
  typescriptreact: 'untitled.tsx',
  javascript: 'untitled.js',
  javascriptreact: 'untitled.jsx',
  yaml: 'untitled.yml',
  json: 'untitled.json',
  jsonc: 'untitled.json',
  markdown: 'untitled.md',
  dotenv: '.env',
};

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The workspace folders and, per folder, the Forge roots found by a discovery (cached). */
export class Workspace {
  private list: Folder[] = [];
  private readonly discoveries = new Map<string, Discovery>();
  /** Custom UI folders per discovery: dropped with it. */
  private readonly resources = new WeakMap<Discovery, Set<string>>();

  get folders(): readonly Folder[] {
    return this.list;
  }

  setFolders(folders: readonly { uri: string; name: string }[]): void {
    this.list = [];
    for (const f of folders) {
      const p = uriToPath(f.uri);
      if (p !== undefined) this.list.push({ uri: f.uri, name: f.name, path: p });
    }
    this.discoveries.clear();
  }

  folderByUri(uri: string): Folder | undefined {
    const key = uriKey(uri);
    return this.list.find((f) => uriKey(f.uri) === key);
  }

  /** The innermost folder containing an absolute path. */
  folderOf(absolute: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.list) {
      if (isInside(f.path, absolute) && (!best || f.path.length > best.path.length)) best = f;
    }
    return best;
  }

  locate(uri: string, languageId?: string): Located {
    const abs = uriToPath(uri);
    if (abs === undefined) {
      const relPath = EXTENSION_BY_LANGUAGE[languageId ?? ''] ?? 'untitled.txt';
      return { uri, folder: undefined, root: undefined, relPath, kind: fileKind(relPath) };
    }
    const folder = this.folderOf(abs);
    const root = folder ? folder.path : path.dirname(abs);
    const relPath = toPosix(path.relative(root, abs));
    return { uri, folder, root, relPath, kind: fileKind(relPath) };
  }

  /** A discovery of the folder (files, skipped files, Forge roots), made once until invalidated. */
  discovery(folder: Folder, config: GuardConfig): Discovery {
    let d = this.discoveries.get(folder.uri);
    if (!d) {
      try {
        d = discover(folder.path, config);
      } catch {
        d = { files: [], skipped: [], forgeRoots: new Set() };
      }
      this.discoveries.set(folder.uri, d);
    }
    return d;
  }

  /** Whether the folder was scanned (a discovery is cached): until then the first analyses use `nearbyForgeRoots`. */
  scanned(folder: Folder): boolean {
    return this.discoveries.has(folder.uri);
  }

  /**
   * Forge roots known without scanning the folder: the file's own folder and its ancestors that hold a
   * manifest, plus the open manifests. Enough for the first diagnostics of an opened file (a file is
   * Forge code when a manifest sits at or above it); the scan adds the rest.
   */
  nearbyForgeRoots(located: Located, openManifests: readonly Located[]): Set<string> {
    const roots = new Set<string>();
    const folder = located.folder;
    if (!folder) return roots;
    let dir = dirname(located.relPath);
    for (;;) {
      if (['manifest.yml', 'manifest.yaml'].some((name) => isFile(path.join(folder.path, dir, name)))) roots.add(dir);
      if (dir === '') break;
      dir = dirname(dir);
    }
    for (const m of openManifests) {
      if (m.folder?.uri === folder.uri && m.kind === 'manifest') roots.add(dirname(m.relPath));
    }
    return roots;
  }

  /** Keeps a fresh discovery (from an audit) so later analyses see the same Forge roots. */
  remember(folder: Folder, discovery: Discovery): void {
    this.discoveries.set(folder.uri, discovery);
  }

  /** Drops cached discoveries: a manifest appeared or vanished, or the exclude setting changed. */
  invalidate(folder?: Folder): void {
    if (folder) this.discoveries.delete(folder.uri);
    else this.discoveries.clear();
  }

  /** Custom UI folders (`resources[].path` of the folder's manifests), read once per discovery. */
  resourceRoots(folder: Folder | undefined, config: GuardConfig): Set<string> {
    if (!folder) return new Set();
    const d = this.discovery(folder, config);
    let roots = this.resources.get(d);
    if (!roots) this.resources.set(d, (roots = resourceRootsIn(folder.path, d.forgeRoots)));
    return roots;
  }

  /**
   * Forge roots for a folder: the discovered manifests plus the folders of manifests open in the
   * editor (a new, unsaved or git-ignored manifest still makes its folder Forge code).
   */
  forgeRoots(folder: Folder | undefined, config: GuardConfig, openManifests: readonly Located[]): Set<string> {
    const roots = new Set<string>(folder ? this.discovery(folder, config).forgeRoots : []);
    for (const m of openManifests) {
      if (m.folder?.uri === folder?.uri && m.kind === 'manifest') roots.add(dirname(m.relPath));
    }
    return roots;
  }
}
