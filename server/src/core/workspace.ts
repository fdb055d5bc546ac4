import * as fs from 'fs';
import * as path from 'path';
import ignore from 'ignore';
import { CONFIG_FILE, ConfigError, DEFAULT_CONFIG, mergeConfig, parseConfig, validateConfig, type GuardConfig } from './config';
import type * as ts from 'typescript';
import { analyseFile, PARSER_FAILURE, parseCode, type RuleFailure } from './engine';
import { fileKind, MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_SCAN_BYTES, unparsedReason } from './files';
import { fileTypeName, isInside, NO_SUCH_FILE, notRegularReason, OUTSIDE_ROOT, readInsideRoot, readRegularFile, realPath, type BoundedRead } from './safe-read';
import { ancestorLayers, ignoredHere, ignoredWithParents, layersDown, readIgnoreLayer, type IgnoreLayer } from './gitignore';
import { resourceRootsOf } from './analysis/frontend';
import { ownReportReason } from './report/own-report';
import type { Finding, SuppressedFinding } from './model';
import { OAUTH_SCOPE_PREFILTER } from './analysis/oauth-scopes';
import { isConnectDescriptorPath } from './analysis/connect-descriptor';
import { connectTextUsage, mayHoldConnectCalls } from './project/connect-text';
import { fileUsage, OPAQUE_USAGE, Project } from './project';
import { THREE_LO_CALLS, type FileUsage } from './project/usage';
import { RULES_BY_ID } from './rules';
import type { Rule } from './rule';
import noApiTokenLiteral from './rules/code/no-api-token-literal';
import noHardcodedClientSecret from './rules/code/no-hardcoded-client-secret';

export { MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_SCAN_BYTES, unparsedReason };

/**
 * The rules that still read files too big or too minified to parse, by their value patterns only
 * (`ATATT3…`, `ATCTT3…`, `ATBB…`, legacy tokens beside an Atlassian word, `ATOA…`): SPEC §2 "Real code".
 */
export const TEXT_SCAN_RULES: readonly Rule[] = [noApiTokenLiteral, noHardcodedClientSecret];

/** How a file that is only scanned as text shows in the skipped list. */
export function textOnlyReason(unparsed: string): string {
  return `${unparsed}: not parsed, only scanned for tokens and secrets`;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.jj', 'bower_components']);

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface DiscoveredFile {
  /** Workspace-relative, forward slashes. */
  readonly path: string;
  readonly absolute: string;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
  readonly skipped: SkippedFile[];
  /** Folders holding a Forge manifest, workspace-relative ('' = root). */
  readonly forgeRoots: Set<string>;
}

/**
 * Lists the files to analyse under `root` (a folder, or a single file): honours `.gitignore` files
 * at every level and the `exclude` globs, and says why each other file was passed over. Only regular
 * files and folders inside the root are listed: a symbolic link is followed only when its real path
 * stays inside the root (`etc -> /etc` and `all -> /` are skipped), and FIFOs, sockets and devices
 * are skipped with their type. One `realpath` per link; other entries cost no system call beyond
 * the folder listing.
 */
export function discover(root: string, config: GuardConfig = DEFAULT_CONFIG, only?: readonly string[]): Discovery {
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const forgeRoots = new Set<string>();
  const exclude = ignore().add([...config.exclude]);
  const seen = new Set<string>();

  const stat = safeStat(root);
  if (!stat) throw new Error(`cannot read ${root}: no such file or folder`);
  const absRoot = path.resolve(root);
  if (stat.isFile()) {
    const rel = path.basename(root);
    if (fileKind(rel)) files.push({ path: rel, absolute: absRoot });
    else skipped.push({ path: rel, reason: 'not a file type Marketplace Guard analyses' });
    return { files, skipped, forgeRoots };
  }
  if (!stat.isDirectory()) throw new Error(`cannot read ${root}: a ${fileTypeName(stat)}, not a file or folder`);
  const realRoot = realPath(absRoot) ?? absRoot;

  /** `real`: the folder's path with every link resolved, for loop detection without a system call per folder. */
  const visitDir = (abs: string, rel: string, layers: IgnoreLayer[], real: string): void => {
    if (seen.has(real)) {
      skipped.push({ path: rel || '.', reason: 'symbolic link loop' });
      return;
    }
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      skipped.push({ path: rel || '.', reason: `unreadable folder (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    let here = layers;
    const gi = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gi) {
      const layer = readIgnoreLayer(abs, rel);
      if (layer) here = [...layers, layer];
      else skipped.push({ path: join(rel, '.gitignore'), reason: 'unreadable .gitignore' });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childRel = join(rel, entry.name);
      const childAbs = path.join(abs, entry.name);
      let childReal = path.join(real, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let refused: string | undefined;
      if (entry.isSymbolicLink()) {
        const link = followLink(childAbs, realRoot);
        if ('skip' in link) {
          skipped.push({ path: childRel, reason: link.skip });
          continue;
        }
        childReal = link.real;
        isDir = link.stats.isDirectory();
        isFile = link.stats.isFile();
        refused = link.outside ? OUTSIDE_ROOT : isDir || isFile ? undefined : notRegularReason(link.stats);
      } else if (!isDir && !isFile) {
        refused = notRegularReason(entry);
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(entry.name)) {
          skipped.push({ path: childRel, reason: entry.name === 'node_modules' ? 'dependencies (node_modules)' : 'version-control folder' });
          continue;
        }
        if (ignoredHere(here, childRel, true)) {
          skipped.push({ path: childRel, reason: 'matched by .gitignore' });
          continue;
        }
        if (exclude.ignores(`${childRel}/`)) {
          skipped.push({ path: childRel, reason: 'matched by the exclude setting' });
          continue;
        }
        if (refused !== undefined) skipped.push({ path: childRel, reason: refused });
        else visitDir(childAbs, childRel, here, childReal);
      } else {
        considerFile(childAbs, childRel, here, refused);
      }
    }
  };

  /** `refused`: why the entry cannot be read (a FIFO, a link out of the root), said once the filters pass it. */
  const considerFile = (abs: string, rel: string, layers: readonly IgnoreLayer[], refused?: string): void => {
    const kind = fileKind(rel);
    if (!kind) return;
    if (ignoredHere(layers, rel, false)) {
      skipped.push({ path: rel, reason: 'matched by .gitignore' });
      return;
    }
    if (exclude.ignores(rel)) {
      skipped.push({ path: rel, reason: 'matched by the exclude setting' });
      return;
    }
    if (refused !== undefined) {
      skipped.push({ path: rel, reason: refused });
      return;
    }
    if (kind === 'manifest') forgeRoots.add(rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
    files.push({ path: rel, absolute: abs });
  };

  const above = ancestorLayers(absRoot);
  if (only && only.length > 0) {
    for (const p of only) {
      const abs = path.resolve(root, p);
      const rel = toPosix(path.relative(root, abs));
      const st = safeStat(abs);
      if (!st) throw new Error(`cannot read ${p}: no such file or folder`);
      // The .gitignore files between the root and the named path apply to it, as they would in a full audit.
      const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
      const layers = rel === '' ? above : [...above, ...layersDown(absRoot, parent)];
      if (rel !== '' && ignoredWithParents(layers, rel, st.isDirectory())) skipped.push({ path: rel, reason: 'matched by .gitignore' });
      else if (st.isDirectory()) visitDir(abs, rel, layers, realPath(abs) ?? abs);
      else if (st.isFile()) considerFile(abs, rel, layers);
      else throw new Error(`cannot read ${p}: a ${fileTypeName(st)}, not a file or folder`);
    }
  } else {
    visitDir(absRoot, '', above, realRoot);
  }
  return { files, skipped, forgeRoots };
}

/**
 * Where a symbolic link met in a walk leads: its real path and what is there, and whether that lies
 * outside the root (never walked or read); or why it leads nowhere.
 */
function followLink(abs: string, realRoot: string): { real: string; stats: fs.Stats; outside: boolean } | { skip: string } {
  let real: string;
  let stats: fs.Stats;
  try {
    real = fs.realpathSync.native(abs);
    // stat, never open: a device or FIFO out there is only looked at.
    stats = fs.statSync(real);
  } catch (err) {
    return { skip: (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : 'broken symbolic link' };
  }
  return { real, stats, outside: !isInside(realRoot, real) };
}

function safeStat(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function join(rel: string, name: string): string {
  return rel === '' ? name : `${rel}/${name}`;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Reads a regular file of at most `max` bytes (see safe-read), or says why it cannot (too large, a
 * FIFO or device, unreadable). With `root`, a path reached through a link must stay inside it; without,
 * the path is one a walk found (its links already checked against the root).
 */
function readBounded(abs: string, max: number, label: string, root?: string): BoundedRead {
  return root === undefined ? readRegularFile(abs, { max, label }) : readInsideRoot(root, abs, { max, label });
}

/** Reads a file for full analysis, or says why it is skipped (binary, huge, minified, unreadable, not a regular file). */
export function readForAnalysis(abs: string, root?: string): { text: string } | { skip: string } {
  const buf = readBounded(abs, MAX_FILE_BYTES, '2 MiB', root);
  return Buffer.isBuffer(buf) ? decodeForAnalysis(buf) : buf;
}

/**
 * A file read for an audit: its text, and `unparsed` when only {@link TEXT_SCAN_RULES} read it
 * (minified, 2–20 MiB); or why it is skipped outright (binary, over 20 MiB, unreadable). Text files
 * of other kinds (`.txt`, `.html`, …) have only those rules anyway, whatever their lines.
 */
export type ScanRead = { readonly text: string; readonly unparsed?: string } | { readonly skip: string };

export function readForScan(abs: string, kind = fileKind(abs), root?: string): ScanRead {
  const buf = readBounded(abs, MAX_SCAN_BYTES, '20 MiB', root);
  if (!Buffer.isBuffer(buf)) return buf;
  const read = decodeText(buf);
  if ('skip' in read || kind === 'text') return read;
  const unparsed = unparsedReason(read.text, buf.length);
  return unparsed === undefined ? read : { text: read.text, unparsed };
}

/** Decodes UTF-8 (with or without BOM) and UTF-16 with BOM; rejects binary and minified text. */
export function decodeForAnalysis(buf: Buffer): { text: string } | { skip: string } {
  const read = decodeText(buf);
  if ('skip' in read) return read;
  const unparsed = unparsedReason(read.text, 0);
  return unparsed === undefined ? read : { skip: unparsed };
}

/** Decodes UTF-8 (with or without BOM) and UTF-16 with or without BOM; rejects binary files. */
function decodeText(buf: Buffer): { text: string } | { skip: string } {
  let text: string;
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString('utf16le');
  else if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    text = swapped.toString('utf16le');
  } else {
    const probe = buf.subarray(0, 8192);
    const bomless = probe.includes(0) ? utf16WithoutBom(probe) : undefined;
    if (bomless === 'le') return decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), buf]));
    if (bomless === 'be') return decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), buf]));
    if (probe.includes(0)) return { skip: 'binary file' };
    text = buf.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  return { text };
}

/**
 * Windows tools write UTF-16 without a BOM (PowerShell's `>` in older versions): mostly-ASCII text
 * then has a NUL in every other byte, on one side only. Anything else with NULs is binary.
 */
function utf16WithoutBom(probe: Buffer): 'le' | 'be' | undefined {
  if (probe.length < 4 || probe.length % 2 !== 0) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < probe.length; i += 2) {
    if (probe[i] === 0) evenZeros++;
    if (probe[i + 1] === 0) oddZeros++;
  }
  const pairs = probe.length / 2;
  if (evenZeros === 0 && oddZeros >= pairs * 0.7) return 'le';
  if (oddZeros === 0 && evenZeros >= pairs * 0.7) return 'be';
  return undefined;
}

/**
 * V8 quotes the start of the input in some JSON errors (`Unexpected token 'A', "{"a": ATATT3…" is not
 * valid JSON`): a config file may hold a secret, so the quoted excerpt is dropped.
 */
function jsonErrorWithoutSource(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return /^(.*?), (?:\.\.\.)?".*is not valid JSON$/s.exec(message)?.[1] ?? message;
}

/** Config files are a few lines; a bigger one (or `/dev/zero`) is refused before it fills memory. */
export const MAX_CONFIG_BYTES = MAX_FILE_BYTES;

/**
 * Loads `.marketplace-guard.json` from the root, or the file given (`--config FILE`); the defaults
 * when the root has none. The root's file is read only when it is a regular file inside the root (a
 * committed link to `/dev/zero` or out of the repository is an error, not a hang); a file the user
 * names may be anywhere, but must be a regular file under the cap too. With `warn`, each bad value
 * (unknown key or rule id, wrong type, bad severity) is one message and the rest applies; without,
 * the first bad value is a ConfigError.
 */
export function loadConfigFile(root: string, explicit?: string, warn?: (message: string) => void): GuardConfig {
  const file = explicit ?? path.join(root, CONFIG_FILE);
  const limits = { max: MAX_CONFIG_BYTES, label: '2 MiB' };
  const read = explicit !== undefined ? readRegularFile(path.resolve(explicit), limits) : readInsideRoot(root, file, limits);
  if (!Buffer.isBuffer(read)) {
    if (explicit === undefined && read.skip === NO_SUCH_FILE) return DEFAULT_CONFIG;
    throw new ConfigError(`cannot read config file ${file}: ${read.skip === 'unreadable (ENOENT)' ? NO_SUCH_FILE : read.skip}`);
  }
  const raw = read.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${jsonErrorWithoutSource(err)}`);
  }
  if (warn && json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const { config, problems } = validateConfig(json, new Set(RULES_BY_ID.keys()));
    for (const p of problems) warn(`${file}: ${p}; ignored.`);
    return mergeConfig(DEFAULT_CONFIG, config);
  }
  try {
    return mergeConfig(DEFAULT_CONFIG, parseConfig(json, new Set(RULES_BY_ID.keys())));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
}

export interface AuditResult {
  /** Absolute folder the paths are relative to. */
  readonly root: string;
  readonly findings: Finding[];
  /** Findings directives suppressed (SARIF lists them as suppressed results); absent when none were. */
  readonly suppressed?: SuppressedFinding[];
  readonly skipped: SkippedFile[];
  readonly failures: (RuleFailure & { path: string })[];
  readonly filesAnalysed: number;
  /** Folders holding a Forge manifest ('' = root), so reports can tell Forge code from other code. */
  readonly forgeRoots?: readonly string[];
}

/** A workspace file's text for fixes that edit another file (the Forge manifest); undefined when unreadable. */
export function readWorkspaceFile(root: string, rel: string): string | undefined {
  // Imported modules and manifests named in code: only regular files whose real path is inside the root.
  const read = readForAnalysis(path.resolve(root, rel), root);
  return 'text' in read ? read.text : undefined;
}

/** Custom UI folders declared by the manifests in `forgeRoots` (read from disk; unreadable ones add none). */
export function resourceRootsIn(absRoot: string, forgeRoots: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const dir of forgeRoots) {
    for (const name of ['manifest.yml', 'manifest.yaml']) {
      // Named, not found by the walk: a FIFO or a link out of the root in the manifest's place is not read.
      const read = readForAnalysis(path.join(absRoot, dir, name), absRoot);
      if ('text' in read) for (const r of resourceRootsOf(dir, read.text)) out.add(r);
    }
  }
  return out;
}

/**
 * What an audit's per-file step needs, as plain data so a worker thread can be started with it: the
 * manifests (code checks its calls against them), the Forge and Custom UI folders, the config.
 */
export interface AuditSetup {
  readonly base: string;
  readonly config: GuardConfig;
  readonly forgeRoots: readonly string[];
  readonly resourceRoots: readonly string[];
  /** Manifest path → text, for the manifests that could be read. */
  readonly manifests: Readonly<Record<string, string>>;
  /** Atlassian Connect descriptors (`atlassian-connect.json`): their folders are Connect apps, judged last. */
  readonly connectDescriptors?: readonly string[];
}

/** Where an audit starts: the discovered files and what every per-file step shares. */
export interface AuditPlan {
  readonly found: Discovery;
  readonly setup: AuditSetup;
}

/**
 * What analysing one discovered file gives: serialisable (structured clone), so a worker thread can
 * send it back. `usage` feeds the cross-file scope step; `deferred` files (manifests, and code asking
 * for 3LO scopes) are analysed by that step, on the main thread, once every file's usage is known.
 */
export interface FileOutcome {
  readonly path: string;
  /** Why the file was not analysed (binary, over 20 MiB, unreadable); absent when it was. */
  readonly skip?: string;
  /** Why the file was only scanned as text (minified, 2–20 MiB): its findings are those of {@link TEXT_SCAN_RULES}. */
  readonly textOnly?: string;
  readonly findings: Finding[];
  readonly suppressed?: SuppressedFinding[];
  readonly failures: RuleFailure[];
  readonly usage?: FileUsage;
  readonly deferred?: boolean;
}

export function planAudit(root: string, config: GuardConfig = DEFAULT_CONFIG, only?: readonly string[]): AuditPlan {
  const absRoot = path.resolve(root);
  const st = safeStat(absRoot);
  const base = st?.isFile() ? path.dirname(absRoot) : absRoot;
  const found = discover(absRoot, config, only);
  const manifests: Record<string, string> = {};
  const connectDescriptors = found.files.filter((f) => isConnectDescriptorPath(f.path)).map((f) => f.path);
  for (const file of found.files) {
    if (fileKind(file.path) !== 'manifest') continue;
    const read = readForAnalysis(file.absolute);
    if ('text' in read) manifests[file.path] = read.text;
  }
  const resourceRoots = [...resourceRootsIn(base, found.forgeRoots)];
  return { found, setup: { base, config, forgeRoots: [...found.forgeRoots], resourceRoots, manifests, connectDescriptors } };
}

/** The per-file step's state, built once per thread from the plain setup. */
export class AuditContext {
  readonly project = new Project();
  readonly forgeRoots: ReadonlySet<string>;
  readonly resourceRoots: ReadonlySet<string>;
  /** One reader per audit: modules that many files import are parsed once (see analysis/modules). */
  private readonly readFile = (rel: string): string | undefined => readWorkspaceFile(this.setup.base, rel);

  constructor(readonly setup: AuditSetup) {
    for (const [p, text] of Object.entries(setup.manifests)) this.project.setManifest(p, text);
    for (const p of setup.connectDescriptors ?? []) this.project.setDescriptor(p, true);
    this.forgeRoots = new Set(setup.forgeRoots);
    this.resourceRoots = new Set(setup.resourceRoots);
  }

  analyse(file: string, text: string, parse?: (p: string, t: string) => ts.SourceFile, rules?: readonly Rule[]): ReturnType<typeof analyseFile> {
    const { config } = this.setup;
    return analyseFile(file, text, {
      config,
      ...(rules ? { rules } : {}),
      forgeRoots: this.forgeRoots,
      resourceRoots: this.resourceRoots,
      project: this.project,
      readFile: this.readFile,
      ...(parse ? { parse } : {}),
    });
  }
}

/**
 * Reads and analyses one file against the manifests only (never against other code files), so the
 * outcome is the same on any thread and in any order.
 */
export function analyseDiscovered(file: DiscoveredFile, ctx: AuditContext): FileOutcome {
  const manifest = Object.hasOwn(ctx.setup.manifests, file.path) ? ctx.setup.manifests[file.path] : undefined;
  if (manifest !== undefined) return { path: file.path, findings: [], failures: [], deferred: true };
  // A Connect descriptor's scopes are judged against its app's calls: after every file is read.
  if (isConnectDescriptorPath(file.path)) return { path: file.path, findings: [], failures: [], deferred: true };
  const read = readForScan(file.absolute, fileKind(file.path));
  if ('skip' in read) return { path: file.path, skip: read.skip, findings: [], failures: [] };
  const text = read.text;
  // A report this tool wrote (saved into the workspace) quotes findings: it is never one itself.
  const own = ownReportReason(text);
  if (own !== undefined) return { path: file.path, skip: own, findings: [], failures: [] };
  if (read.unparsed !== undefined) {
    // Never parsed (SPEC §2), but a token pasted into a bundle or a huge file is still a leak.
    const result = ctx.analyse(file.path, text, undefined, TEXT_SCAN_RULES);
    return { path: file.path, textOnly: read.unparsed, findings: result.findings, ...suppressedOf(result), failures: result.failures };
  }
  let tree: ts.SourceFile | undefined;
  const parse = (p: string, t: string): ts.SourceFile => (tree ??= parseCode(p, t));
  const isCode = fileKind(file.path) === 'code';
  const underForge = ctx.project.rootOf(file.path) !== undefined;
  // Code asking for 3LO scopes is judged against every non-Forge call: the cross-file step runs it.
  if (isCode && !underForge && OAUTH_SCOPE_PREFILTER.test(text)) {
    const wanted = THREE_LO_CALLS.test(text) || ctx.project.connectRootOf(file.path) !== undefined;
    return { path: file.path, findings: [], failures: [], deferred: true, ...(wanted ? { usage: fileUsage(text, () => parse(file.path, text)) } : {}) };
  }
  const result = ctx.analyse(file.path, text, parse);
  const underConnect = ctx.project.connectRootOf(file.path) !== undefined;
  const usage = isCode && (underForge || underConnect || THREE_LO_CALLS.test(text))
    ? fileUsage(text, () => parse(file.path, text), result.findings)
    : underConnect && mayHoldConnectCalls(file.path) ? connectTextUsage(file.path, text) : undefined;
  const failures = usage?.calls === OPAQUE_USAGE.calls && !result.failures.some((f) => f.ruleId === PARSER_FAILURE)
    ? [...result.failures, { ruleId: PARSER_FAILURE, message: 'nested too deeply to read its API calls; the scope checks of its app count it as calling every product' }]
    : result.failures;
  return { path: file.path, findings: result.findings, ...suppressedOf(result), failures, ...(usage ? { usage } : {}) };
}

/**
 * Joins per-file outcomes (in discovery order, whichever thread made them) into one result, after the
 * cross-file step: every file's usage goes into the project, then deferred code and the manifests are
 * analysed here, manifests last.
 */
export function assembleAudit(plan: AuditPlan, outcomes: readonly FileOutcome[], ctx = new AuditContext(plan.setup)): AuditResult {
  const { found, setup } = plan;
  for (const o of outcomes) if (o.usage) ctx.project.setUsage(o.path, o.usage);
  const byPath = new Map(found.files.map((f) => [f.path, f]));
  const finished = new Map<string, FileOutcome>();
  const isManifest = (p: string): boolean => Object.hasOwn(setup.manifests, p) || isConnectDescriptorPath(p);
  const deferredCode = outcomes.filter((o) => o.deferred && !isManifest(o.path));
  const deferredManifests = outcomes.filter((o) => o.deferred && isManifest(o.path));
  for (const o of deferredCode) {
    const file = byPath.get(o.path);
    const read = file ? readForAnalysis(file.absolute) : { skip: 'no longer readable' };
    if ('skip' in read) {
      finished.set(o.path, { path: o.path, skip: read.skip, findings: [], failures: [] });
      continue;
    }
    const result = ctx.analyse(o.path, read.text);
    finished.set(o.path, { path: o.path, findings: result.findings, ...suppressedOf(result), failures: result.failures });
  }
  for (const o of deferredManifests) {
    let text = setup.manifests[o.path];
    if (text === undefined) {
      // A Connect descriptor: read here, where the app's usage is complete.
      const file = byPath.get(o.path);
      const read = file ? readForAnalysis(file.absolute) : { skip: 'no longer readable' };
      if ('skip' in read) {
        finished.set(o.path, { path: o.path, skip: read.skip, findings: [], failures: [] });
        continue;
      }
      text = read.text;
    }
    const result = ctx.analyse(o.path, text);
    finished.set(o.path, { path: o.path, findings: result.findings, ...suppressedOf(result), failures: result.failures });
  }
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const skipped = [...found.skipped];
  const failures: (RuleFailure & { path: string })[] = [];
  let filesAnalysed = 0;
  for (const original of outcomes) {
    const o = finished.get(original.path) ?? original;
    if (o.skip !== undefined) {
      skipped.push({ path: o.path, reason: o.skip });
      continue;
    }
    // Read as text only: listed with the skipped files (once), its findings reported all the same.
    if (o.textOnly !== undefined) skipped.push({ path: o.path, reason: textOnlyReason(o.textOnly) });
    else filesAnalysed++;
    findings.push(...o.findings);
    if (o.suppressed) suppressed.push(...o.suppressed);
    for (const f of o.failures) failures.push({ ...f, path: o.path });
  }
  return { root: setup.base, findings, ...(suppressed.length > 0 ? { suppressed } : {}), skipped, failures, filesAnalysed, forgeRoots: [...found.forgeRoots] };
}

function suppressedOf(result: { readonly suppressed?: SuppressedFinding[] }): { suppressed?: SuppressedFinding[] } {
  return result.suppressed ? { suppressed: result.suppressed } : {};
}

/** Audits a folder (or a file) on this thread. */
export function audit(root: string, config: GuardConfig = DEFAULT_CONFIG, only?: readonly string[]): AuditResult {
  const plan = planAudit(root, config, only);
  const ctx = new AuditContext(plan.setup);
  return assembleAudit(plan, plan.found.files.map((f) => analyseDiscovered(f, ctx)), ctx);
}
