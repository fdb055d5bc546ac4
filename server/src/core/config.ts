import type { SeveritySetting } from './model';
import { shownValue } from './redact';

/** Settings shared by the editor and the CLI (SPEC §5): `.marketplace-guard.json` has the same shape. */
export interface GuardConfig {
  /** Rule id → severity override or `off`. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Domains the partner owns, for redirect-URI checks. */
  readonly ownedDomains: readonly string[];
  /** Gitignore-style globs of files to skip. */
  readonly exclude: readonly string[];
  /**
   * `.marketplace-guard.json` only: a baseline file (written by `audit --write-baseline`), relative to
   * the config file's folder. Its findings are not reported as problems (the tree lists them apart).
   */
  readonly baseline?: string;
}

export const DEFAULT_CONFIG: GuardConfig = { rules: {}, ownedDomains: [], exclude: [] };

export const CONFIG_FILE = '.marketplace-guard.json';

/** The keys `.marketplace-guard.json` may hold (`$schema` lets editors complete the file). */
export const CONFIG_KEYS: readonly string[] = ['rules', 'ownedDomains', 'exclude', 'baseline'];

/** Keys of the workspace file that editor settings do not have. */
const FILE_ONLY_KEYS: readonly string[] = ['baseline'];

const SEVERITIES: ReadonlySet<string> = new Set(['off', 'info', 'warning', 'error']);

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && SEVERITIES.has(value);
}

export class ConfigError extends Error {}

/**
 * What a bad value is, in words, for a message: its type, or a short string shown only when it
 * cannot be a secret (a pasted token is redacted, see {@link shownValue}). Never `String(value)`:
 * an object's own `toString` would run, or throw.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `"${shownValue(value)}"`;
    case 'number':
      return Number.isFinite(value) ? `the number ${value}` : 'a number';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A validated configuration and one message per bad value (the bad values are left out, the rest kept). */
export interface ConfigValidation {
  readonly config: GuardConfig;
  readonly problems: readonly string[];
}

/** Own keys only: `__proto__` or `toString` in JSON are plain (unknown) names here, never the prototype's. */
function ownEntries(record: Record<string, unknown>): [string, unknown][] {
  return Object.keys(record).map((k) => [k, Object.getOwnPropertyDescriptor(record, k)?.value]);
}

function stringList(value: unknown, field: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`"${field}" must be an array of strings, not ${describeValue(value)}`);
    return [];
  }
  const out: string[] = [];
  value.forEach((v: unknown, i) => {
    if (typeof v === 'string') out.push(v);
    else problems.push(`"${field}"[${i}] must be a string, not ${describeValue(v)}`);
  });
  return out;
}

/** `rules`: rule id → severity; unknown ids and bad severities are problems, the other entries apply. */
export function validateRules(value: unknown, knownRules: ReadonlySet<string> | undefined, problems: string[]): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  if (value === undefined || value === null) return rules;
  if (!isRecord(value)) {
    problems.push(`"rules" must be an object of rule id → "off" | "info" | "warning" | "error", not ${describeValue(value)}`);
    return rules;
  }
  for (const [id, sev] of ownEntries(value)) {
    if (knownRules && !knownRules.has(id)) problems.push(`unknown rule "${shownValue(id)}" in "rules"`);
    else if (!isSeveritySetting(sev)) problems.push(`rule "${shownValue(id)}": severity must be "off", "info", "warning" or "error", not ${describeValue(sev)}`);
    // Defined, not assigned: an id such as `__proto__` (no known rule) must never reach the prototype.
    else Object.defineProperty(rules, id, { value: sev, enumerable: true, writable: true, configurable: true });
  }
  return rules;
}

/** `baseline`: a relative path to a file; anything else is a problem and no baseline applies. */
function baselinePath(value: unknown, problems: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.includes('\0')) {
    problems.push(`"baseline" must be the path of a baseline file, not ${describeValue(value)}`);
    return undefined;
  }
  if (/^(?:[\\/]|[A-Za-z]:)/.test(value)) {
    problems.push(`"baseline" must be a path relative to the folder of ${CONFIG_FILE}, not ${describeValue(value)}`);
    return undefined;
  }
  return value;
}

/**
 * Validates untrusted config (the JSON file, or the editor's `marketplaceGuard` section) against the
 * schema of SPEC §5: one message per bad value (wrong type, unknown key, unknown rule id, bad
 * severity), and everything else applied. `extraKeys` are keys the caller validates itself.
 */
export function validateConfig(
  value: unknown,
  knownRules?: ReadonlySet<string>,
  extraKeys: readonly string[] = ['$schema'],
  /** False for editor settings, which have no file-only keys (`baseline`). */
  fileKeys = true,
): ConfigValidation {
  if (!isRecord(value)) {
    return { config: DEFAULT_CONFIG, problems: [`the configuration must be a JSON object, not ${describeValue(value)}`] };
  }
  const problems: string[] = [];
  const allowed = fileKeys ? CONFIG_KEYS : CONFIG_KEYS.filter((k) => !FILE_ONLY_KEYS.includes(k));
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key) && !extraKeys.includes(key)) {
      const keys = [...allowed, ...extraKeys].filter((k) => !k.startsWith('$'));
      problems.push(`unknown key "${shownValue(key)}" (the keys are ${keys.join(', ')})`);
    }
  }
  const own = (key: string): unknown => Object.getOwnPropertyDescriptor(value, key)?.value;
  const config: GuardConfig = {
    rules: validateRules(own('rules'), knownRules, problems),
    ownedDomains: stringList(own('ownedDomains'), 'ownedDomains', problems).map((d) => d.toLowerCase()),
    exclude: stringList(own('exclude'), 'exclude', problems),
  };
  const baseline = fileKeys ? baselinePath(own('baseline'), problems) : undefined;
  if (baseline !== undefined) return { config: { ...config, baseline }, problems };
  return { config, problems };
}

/** Strict form of {@link validateConfig}: throws ConfigError with the first problem. */
export function parseConfig(value: unknown, knownRules?: ReadonlySet<string>): GuardConfig {
  const { config, problems } = validateConfig(value, knownRules);
  if (problems[0] !== undefined) throw new ConfigError(problems[0]);
  return config;
}

/** Later layers win: defaults < file < editor settings or CLI flags. */
export function mergeConfig(base: GuardConfig, over: Partial<GuardConfig>): GuardConfig {
  return {
    rules: { ...base.rules, ...(over.rules ?? {}) },
    ownedDomains: over.ownedDomains && over.ownedDomains.length > 0 ? over.ownedDomains : base.ownedDomains,
    exclude: [...base.exclude, ...(over.exclude ?? [])],
    ...((over.baseline ?? base.baseline) !== undefined ? { baseline: over.baseline ?? base.baseline } : {}),
  };
}
