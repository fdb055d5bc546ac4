import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { readRegularFile } from './safe-read';

/**
 * `.gitignore` files the way git reads them (gitignore(5)): every file's patterns are relative to its
 * own folder, a deeper file's patterns take precedence over an outer one's, the last matching pattern
 * wins, and nothing under an excluded folder can be re-included (git does not descend into it).
 */
export interface IgnoreLayer {
  /** Folder of the .gitignore, relative to the audited root ('' for the root). */
  readonly base: string;
  /** For a .gitignore above the root (in the same repository): the root's path from its folder. */
  readonly above?: string;
  readonly rules: Ignore;
  /** The rules plus `!/dir/` for a path's (included) parent folders, by those folders; see `ownVerdict`. */
  readonly withParents: Map<string, Ignore>;
}

function ignoreLayer(text: string, base: string, above?: string): IgnoreLayer {
  return { base, ...(above !== undefined ? { above } : {}), rules: ignore().add(text), withParents: new Map() };
}

/** A `.gitignore` this big is not one: refused rather than read into memory. */
const MAX_IGNORE_BYTES = 2 * 1024 * 1024;

/**
 * The layer of the .gitignore in `dir`, when there is a readable one: a regular file, never a
 * symbolic link (git does not follow them either) nor a FIFO, which would block the read forever.
 */
export function readIgnoreLayer(dir: string, base: string, above?: string): IgnoreLayer | undefined {
  const read = readRegularFile(path.join(dir, '.gitignore'), { max: MAX_IGNORE_BYTES, label: '2 MiB', noFollow: true });
  return Buffer.isBuffer(read) ? ignoreLayer(read.toString('utf8'), base, above) : undefined;
}

/** `rel` as the layer's patterns see it; undefined when the layer's folder is not above `rel`. */
function layerPath(layer: IgnoreLayer, rel: string): string | undefined {
  if (layer.above !== undefined) return layer.above === '' ? rel : `${layer.above}/${rel}`;
  if (layer.base === '') return rel;
  return rel.startsWith(`${layer.base}/`) ? rel.slice(layer.base.length + 1) : undefined;
}

function escapePattern(segment: string): string {
  return segment.replace(/[\\*?[\]!#]/g, '\\$&').replace(/ $/, '\\ ');
}

/**
 * What the layer's own patterns say about `sub` itself: true (excluded), false (re-included by a `!`
 * pattern) or undefined (no pattern matches). `ignore` answers for a path whose parent folder its
 * rules exclude with the parent's verdict; the callers know the parent folders are included (a
 * deeper .gitignore may have re-included one), so then the question is asked again of the rules
 * followed by `!/parent/` patterns, which match those folders only, never `sub`.
 */
function ownVerdict(layer: IgnoreLayer, sub: string, isDir: boolean): boolean | undefined {
  const target = isDir ? `${sub}/` : sub;
  const cut = sub.lastIndexOf('/');
  let rules = layer.rules;
  if (cut > 0 && rules.test(`${sub.slice(0, cut)}/`).ignored) {
    const parent = sub.slice(0, cut);
    let relaxed = layer.withParents.get(parent);
    if (!relaxed) {
      const parts = parent.split('/');
      relaxed = ignore().add(layer.rules).add(parts.map((_, i) => `!/${parts.slice(0, i + 1).map(escapePattern).join('/')}/`));
      layer.withParents.set(parent, relaxed);
    }
    rules = relaxed;
  }
  const r = rules.test(target);
  return r.ignored ? true : r.unignored ? false : undefined;
}

/**
 * Whether git excludes `rel` (relative to the root), its parent folders being known to be included
 * (discovery does not descend into an excluded folder): the layers from the outermost to the
 * innermost, the last pattern that matches deciding.
 */
export function ignoredHere(layers: readonly IgnoreLayer[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const sub = layerPath(layer, rel);
    if (sub === undefined || sub === '') continue;
    const verdict = ownVerdict(layer, sub, isDir);
    if (verdict !== undefined) ignored = verdict;
  }
  return ignored;
}

/** Whether git excludes `rel` or one of its parent folders below the root (for a path named on its own). */
export function ignoredWithParents(layers: readonly IgnoreLayer[], rel: string, isDir: boolean): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (ignoredHere(layers.filter((l) => l.base === '' || dir.startsWith(`${l.base}/`)), dir, true)) return true;
  }
  return ignoredHere(layers, rel, isDir);
}

/**
 * The .gitignore files above the root, up to the repository's top (the folder holding `.git`), so
 * auditing a sub-folder skips what `git` would. Outside a repository nothing above the root applies.
 */
export function ancestorLayers(absRoot: string): IgnoreLayer[] {
  const chain: string[] = [];
  let dir = absRoot;
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) break;
    const up = path.dirname(dir);
    if (up === dir) return [];
    chain.push(up);
    dir = up;
  }
  const layers: IgnoreLayer[] = [];
  for (const folder of chain.reverse()) {
    const layer = readIgnoreLayer(folder, '', path.relative(folder, absRoot).split(path.sep).join('/'));
    if (layer) layers.push(layer);
  }
  // A root that git itself ignores (a generated or scratch folder) was named on purpose: audit it all.
  const rootIgnored = layers.some((l) => {
    const parts = (l.above ?? '').split('/');
    return parts.some((_, i) => l.rules.ignores(`${parts.slice(0, i + 1).join('/')}/`));
  });
  return rootIgnored ? [] : layers;
}

/** The .gitignore files of the root and each folder down to `rel` (inclusive), relative to the root. */
export function layersDown(absRoot: string, rel: string): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  const parts = rel === '' ? [] : rel.split('/');
  for (let i = 0; i <= parts.length; i++) {
    const layer = readIgnoreLayer(path.join(absRoot, ...parts.slice(0, i)), parts.slice(0, i).join('/'));
    if (layer) layers.push(layer);
  }
  return layers;
}
