import { looksRandom } from './secrets';

/**
 * Signing and encryption keys written down by name (SPEC rule 7b, "Real code"): `JWT_SECRET=…`,
 * `TOKEN_ENCRYPTION_KEY: …`, `"webhookSecret": "…"` in `.env`, JSON, YAML, a deployment guide's code
 * block or a table row. Real keys are generated, so only random-looking values count (placeholders,
 * words and `${VAR}` references never do). Lines are read one at a time without backtracking
 * patterns: a committed file may be hostile.
 */

/** The last segment of a name that holds a key: `JWT_SECRET`, `JWT_SECRET_KEY`, `jwtSigningKey`, `JIRA_ENC_KEY`, `webhookSecret`. */
const KEY_NAME = /(?:jwt|jws|jwe|signing|sign|hmac|session|cookie|webhook|encryption|encrypt|enc|cipher|crypto|aes)[_-]?(?:secret[_-]?)?(?:secret|key)$/i;
const PLAIN_KEY_NAME = /^(?:secret[_-]?key|jwt)$/i;

/** Cheap text gate: could the text name such a key at all? */
export const SIGNING_KEY_TEXT = /(?:jwt|jws|jwe|signing|sign|hmac|session|cookie|webhook|encryption|encrypt|enc|cipher|crypto|aes)[_-]?(?:secret|key)|secret[_-]?key/i;

export function isSigningKeyName(name: string): boolean {
  if (name.length === 0 || name.length > 120) return false;
  const last = name.split(/[.:/[\]]+/).filter((p) => p.length > 0).pop() ?? name;
  return KEY_NAME.test(last) || PLAIN_KEY_NAME.test(last);
}

export interface NamedKey {
  readonly name: string;
  readonly value: string;
  /** Range of the value. */
  readonly start: number;
  readonly end: number;
}

const MAX_LINE = 2_000;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[\w.-]/;
const VALUE_END = /[\s|`'",;]/;

/**
 * `NAME=value`, `NAME: value`, `"name": "value"`, `` `NAME` → `value` ``, `| NAME | value |` in one line
 * (list markers, quotes and backticks around either side allowed). Linear in the line.
 */
function lineKey(line: string, offset: number): NamedKey | undefined {
  let i = 0;
  const n = line.length;
  const skip = (chars: string): void => {
    while (i < n && chars.includes(line[i] as string)) i++;
  };
  skip(' \t>-*+|');
  if (line.startsWith('export ', i)) i += 7;
  skip('`"\' \t');
  if (i >= n || !NAME_START.test(line[i] as string)) return undefined;
  const nameStart = i;
  while (i < n && NAME_CHAR.test(line[i] as string)) i++;
  const name = line.slice(nameStart, i);
  if (!isSigningKeyName(name)) return undefined;
  skip('`"\' \t');
  if (line.startsWith('→', i)) i += 1;
  else if (line.startsWith('=>', i) || line.startsWith('->', i)) i += 2;
  else if (line[i] === '=' || line[i] === ':' || line[i] === '|') i += 1;
  else return undefined;
  skip('`"\' \t');
  const valueStart = i;
  while (i < n && !VALUE_END.test(line[i] as string)) i++;
  const value = line.slice(valueStart, i);
  if (value.length === 0) return undefined;
  return { name, value, start: offset + valueStart, end: offset + i };
}

/** Random-looking keys bound to a key name, line by line, in any text (config, docs, scripts). */
export function namedSigningKeys(text: string, inTest: boolean): NamedKey[] {
  const out: NamedKey[] = [];
  if (!SIGNING_KEY_TEXT.test(text)) return out;
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    if (end - at <= MAX_LINE) {
      const line = text.slice(at, end).replace(/\r$/, '');
      const hit = SIGNING_KEY_TEXT.test(line) ? lineKey(line, at) : undefined;
      if (hit && isKeyValue(hit.value, inTest)) out.push(hit);
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  return out;
}

/** A generated key: random-looking, no reference to a variable, no placeholder word. */
export function isKeyValue(value: string, inTest: boolean): boolean {
  if (/\$\{|\{\{|%\(|process\.env|import\.meta|^https?:|^[A-Z][A-Z0-9_]*$/.test(value)) return false;
  if (inTest) return false;
  return looksRandom(value);
}
