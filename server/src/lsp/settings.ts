import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { ConfigError, DEFAULT_CONFIG, describeValue, mergeConfig, validateConfig, type GuardConfig } from '../core/config';
import type { SeveritySetting } from '../core/model';
import { RULES_BY_ID } from '../core/rules';
import { loadConfigFile } from '../core/workspace';
import { BaselineError, indexBaseline, loadBaselineFile, type BaselineIndex } from '../core/report/baseline';

/** `marketplaceGuard.*` editor settings (SPEC §5); `trace.server` is handled by the client library. */
export interface EditorSettings {
  readonly enable: boolean;
  readonly run: 'onType' | 'onSave';
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly ownedDomains: readonly string[];
  readonly exclude: readonly string[];
}

export const DEFAULT_SETTINGS: EditorSettings = { enable: true, run: 'onType', rules: {}, ownedDomains: [], exclude: [] };

/** What an analysis of one resource needs: editor settings merged over `.marketplace-guard.json`. */
export interface ResolvedSettings {
  readonly enable: boolean;
  readonly run: 'onType' | 'onSave';
  readonly config: GuardConfig;
  /** The baseline named in `.marketplace-guard.json`, when it could be read: its findings are not published. */
  readonly baseline?: BaselineIndex;
}

/** The `marketplaceGuard` keys the editor sends besides the shared ones (`trace` is the client library's). */
const EDITOR_KEYS: readonly string[] = ['enable', 'run', 'trace'];
const RUN_VALUES: readonly string[] = ['onType', 'onSave'];

/**
 * Validates settings from the client (untrusted JSON: a repository's `.vscode/settings.json` can set
 * them, and untrusted workspaces are supported) against the same schema as `.marketplace-guard.json`:
 * one message per bad value, which is skipped; everything else applies, so one typo (or a hostile
 * `{ "toString": 1 }`) neither blinds the analysis nor switches every rule back to its default.
 */
export function parseEditorSettings(value: unknown, warn: (message: string) => void): EditorSettings {
  if (value === undefined || value === null) return DEFAULT_SETTINGS;
  const { config, problems } = validateConfig(value, new Set(RULES_BY_ID.keys()), EDITOR_KEYS, false);
  for (const p of problems) warn(`marketplaceGuard: ${p}; ignored.`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return DEFAULT_SETTINGS;
  const own = (key: string): unknown => Object.getOwnPropertyDescriptor(value, key)?.value;
  const enable = own('enable');
  if (enable !== undefined && typeof enable !== 'boolean') warn(`marketplaceGuard: "enable" must be true or false, not ${describeValue(enable)}; ignored.`);
  const run = own('run');
  if (run !== undefined && (typeof run !== 'string' || !RUN_VALUES.includes(run))) {
    warn(`marketplaceGuard: "run" must be "onType" or "onSave", not ${describeValue(run)}; ignored.`);
  }
  return {
    enable: typeof enable === 'boolean' ? enable : true,
    run: run === 'onSave' ? 'onSave' : 'onType',
    rules: config.rules,
    ownedDomains: config.ownedDomains,
    exclude: config.exclude,
  };
}

/** Editor settings win over the workspace file (SPEC §5). */
export function resolveSettings(editor: EditorSettings, file: GuardConfig): ResolvedSettings {
  return {
    enable: editor.enable,
    run: editor.run,
    config: mergeConfig(file, { rules: editor.rules, ownedDomains: editor.ownedDomains, exclude: editor.exclude }),
  };
}

/**
 * Settings per resource, pulled from the client and cached until `clear()`: the one place the
 * cache is dropped (configuration change, `.marketplace-guard.json` change).
 */
export class SettingsCache {
  private readonly byResource = new Map<string, Promise<ResolvedSettings>>();
  private readonly files = new Map<string, GuardConfig>();
  private readonly baselines = new Map<string, BaselineIndex | undefined>();
  /** Absolute paths of the baseline files named by the folders' configs: a change to one reloads. */
  private readonly baselineFiles = new Set<string>();
  private readonly warned = new Set<string>();

  constructor(
    /** Fetches the raw `marketplaceGuard` section for a resource (undefined: global). */
    private readonly fetch: (scopeUri: string | undefined) => Promise<unknown>,
    private readonly warn: (message: string) => void,
  ) {}

  get(scopeUri: string | undefined, folderPath: string | undefined): Promise<ResolvedSettings> {
    const key = `${scopeUri ?? ''}\u0000${folderPath ?? ''}`;
    let cached = this.byResource.get(key);
    if (!cached) {
      cached = this.load(scopeUri, folderPath);
      this.byResource.set(key, cached);
    }
    return cached;
  }

  clear(): void {
    this.byResource.clear();
    this.files.clear();
    this.baselines.clear();
    this.baselineFiles.clear();
    this.warned.clear();
  }

  private async load(scopeUri: string | undefined, folderPath: string | undefined): Promise<ResolvedSettings> {
    let raw: unknown;
    try {
      raw = await this.fetch(scopeUri);
    } catch (err) {
      this.warnOnce(`Could not read settings: ${err instanceof Error ? err.message : String(err)}; using defaults.`);
    }
    const editor = parseEditorSettings(raw, (m) => this.warnOnce(m));
    const resolved = resolveSettings(editor, folderPath === undefined ? DEFAULT_CONFIG : this.fileConfig(folderPath));
    const baseline = folderPath === undefined ? undefined : this.baselineOf(folderPath, resolved.config.baseline);
    return baseline ? { ...resolved, baseline } : resolved;
  }

  /** Whether `abs` is a baseline file a folder's config names (its change must reload the settings). */
  isBaselineFile(abs: string): boolean {
    return this.baselineFiles.has(path.resolve(abs));
  }

  /**
   * The folder's baseline, read once: only a regular file inside the folder, at most 20 MiB. One that
   * is missing, too big or not a baseline is a warning, and every finding is shown.
   */
  private baselineOf(folderPath: string, file: string | undefined): BaselineIndex | undefined {
    if (file === undefined) return undefined;
    const abs = path.resolve(folderPath, file);
    this.baselineFiles.add(abs);
    if (this.baselines.has(abs)) return this.baselines.get(abs);
    let index: BaselineIndex | undefined;
    try {
      index = indexBaseline(loadBaselineFile(file, folderPath));
    } catch (err) {
      const message = err instanceof BaselineError ? err.message : `cannot read baseline ${file}: ${err instanceof Error ? err.message : String(err)}`;
      this.warnOnce(`${message}; every finding is shown.`);
    }
    this.baselines.set(abs, index);
    return index;
  }

  private fileConfig(folderPath: string): GuardConfig {
    let config = this.files.get(folderPath);
    if (!config) {
      try {
        config = loadConfigFile(folderPath, undefined, (problem) => this.warnOnce(problem));
      } catch (err) {
        this.warnOnce(`${err instanceof ConfigError ? err.message : String(err)}; using defaults.`);
        config = DEFAULT_CONFIG;
      }
      this.files.set(folderPath, config);
    }
    return config;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warn(message);
  }
}

const SKIPPED_SEGMENT = /(?:^|\/)(?:node_modules|\.git|\.hg|\.svn|\.jj|bower_components)\//;
const matchers = new WeakMap<readonly string[], Ignore>();

/** Why an open document is not analysed (SPEC §2 skips), or undefined when it is. */
export function excludedReason(relPath: string, config: GuardConfig): string | undefined {
  if (SKIPPED_SEGMENT.test(relPath)) return 'dependencies or version-control folder';
  if (config.exclude.length === 0) return undefined;
  let m = matchers.get(config.exclude);
  if (!m) {
    m = ignore().add([...config.exclude]);
    matchers.set(config.exclude, m);
  }
  return relPath !== '' && !relPath.startsWith('..') && m.ignores(relPath) ? 'matched by the exclude setting' : undefined;
}
