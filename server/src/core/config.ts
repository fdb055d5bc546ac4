import type { SeveritySetting } from './model';

/** Settings shared by the editor and the CLI (SPEC §5): `.marketplace-guard.json` has the same shape. */
export interface GuardConfig {
  /** Rule id → severity override or `off`. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Domains the partner owns, for redirect-URI checks. */
  readonly ownedDomains: readonly string[];
  /** Gitignore-style globs of files to skip. */
  readonly exclude: readonly string[];
}

export const DEFAULT_CONFIG: GuardConfig = { rules: {}, ownedDomains: [], exclude: [] };

export const CONFIG_FILE = '.marketplace-guard.json';

const SEVERITIES: ReadonlySet<string> = new Set(['off', 'info', 'warning', 'error']);

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && SEVERITIES.has(value);
}

export class ConfigError extends Error {}

function stringArray(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new ConfigError(`"${field}" must be an array of strings`);
  }
  return value;
}

/** Validates untrusted config (JSON file or editor settings); throws ConfigError with a clear reason. */
export function parseConfig(value: unknown, knownRules?: ReadonlySet<string>): GuardConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('the configuration must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  const rawRules = record['rules'];
  if (rawRules !== undefined) {
    if (rawRules === null || typeof rawRules !== 'object' || Array.isArray(rawRules)) {
      throw new ConfigError('"rules" must be an object of rule id → "off" | "info" | "warning" | "error"');
    }
    for (const [id, sev] of Object.entries(rawRules as Record<string, unknown>)) {
      if (knownRules && !knownRules.has(id)) throw new ConfigError(`unknown rule "${id}" in "rules"`);
      if (!isSeveritySetting(sev)) {
        throw new ConfigError(`rule "${id}": severity must be "off", "info", "warning" or "error"`);
      }
      rules[id] = sev;
    }
  }
  return {
    rules,
    ownedDomains: stringArray(record['ownedDomains'], 'ownedDomains').map((d) => d.toLowerCase()),
    exclude: stringArray(record['exclude'], 'exclude'),
  };
}

/** Later layers win: defaults < file < editor settings or CLI flags. */
export function mergeConfig(base: GuardConfig, over: Partial<GuardConfig>): GuardConfig {
  return {
    rules: { ...base.rules, ...(over.rules ?? {}) },
    ownedDomains: over.ownedDomains && over.ownedDomains.length > 0 ? over.ownedDomains : base.ownedDomains,
    exclude: [...base.exclude, ...(over.exclude ?? [])],
  };
}
