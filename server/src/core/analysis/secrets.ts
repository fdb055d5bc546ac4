import { isPlaceholderValue } from '../knowledge/atlassian';

/**
 * What makes a name a client secret's and a value a real secret. Shared by the client-secret rules
 * (SPEC rules 7–10). Atlassian 3LO client secrets start `ATOA` (developer console, "Settings").
 */

/** `client_secret`, `clientSecret`, `CLIENT_SECRET`, `consumerSecret`, `oauthSecret`, `OAUTH_CLIENT_SECRET`, `appSecret`. */
const SECRET_WORD = /client[_-]?secret|consumer[_-]?secret|oauth[_-]?(?:client[_-]?|app[_-]?)?secret|app[_-]?secret|secret[_-]?(?:3lo|oauth)/i;
/** Names that mention a secret but hold something else: labels, env-variable names, flags, lengths. */
const NOT_A_VALUE =
  /(?:credential|provider|strategy|handler|factory|module|service|manager|loader|validator|schema|component|options|_js(?:_\d+)?|label|placeholder|hint|help|name|field|param|header|env|var|path|file|url|uri|length|len|required|missing|configured|exists|valid|error|message|prompt|input|ref|id|hash|expir\w*|rotat\w*|type)s?$/i;
const FLAG_PREFIX = /^(?:has|is|show|should|use|enable|disable|needs?|with)(?:[A-Z_-]|$)/;

function lastSegment(name: string): string {
  const parts = name.split(/[.:/[\]]+/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? name;
}

/** Cheap text test: could the file name a client secret at all? (Gate for per-node name checks.) */
export const CLIENT_SECRET_TEXT = /client[_-]?secret|consumer[_-]?secret|oauth[_-]?(?:client[_-]?|app[_-]?)?secret|app[_-]?secret|secret[_-]?(?:3lo|oauth)/i;

/** Whether a key, variable or property name names an OAuth client secret. */
export function isClientSecretName(name: string): boolean {
  if (name.length === 0 || name.length > 120) return false;
  const last = lastSegment(name);
  return SECRET_WORD.test(last) && !NOT_A_VALUE.test(last) && !FLAG_PREFIX.test(last);
}

/** OAuth access/refresh tokens, client secrets, generic secrets and API tokens: values never to log or store in clear. */
const TOKEN_OR_SECRET = /access[_-]?token|refresh[_-]?token|id[_-]?token|bearer[_-]?token|oauth[_-]?token|client[_-]?secret|consumer[_-]?secret|app[_-]?secret|^secret$|secret[_-]?key|api[_-]?token|api[_-]?key|^token$|[a-z]Token$|_TOKEN$|password|passwd|private[_-]?key|signing[_-]?key/i;
const NOT_A_SECRET_VALUE =
  /(?:credential|provider|strategy|handler|factory|module|service|manager|loader|validator|schema|component|options|_js(?:_\d+)?|url|uri|endpoint|type|expir\w*|expires?In|ttl|length|len|count|name|label|placeholder|id|key[_-]?name|status|valid|present|set|exists|configured|error|message|header|scope|scopes|hint|prompt|version|source|kind|format|field|path)s?$/i;

/** Whether a name holds a secret or token value worth keeping out of logs and clear-text stores. */
export function isSecretOrTokenName(name: string): boolean {
  if (name.length === 0 || name.length > 120) return false;
  const last = lastSegment(name);
  if (FLAG_PREFIX.test(last) || NOT_A_SECRET_VALUE.test(last) || /csrf|xsrf|nonce|verifier|page[_-]?token|next[_-]?token|cursor/i.test(last)) return false;
  return TOKEN_OR_SECRET.test(last);
}

/** Atlassian 3LO client secrets. */
export const ATOA_SECRET = /\bATOA[A-Za-z0-9_-]{20,}/g;

export function isAtoaSecret(value: string): boolean {
  return /^ATOA[A-Za-z0-9_-]{20,}$/.test(value.trim());
}

/** Real secrets are random: several character classes and many distinct characters. */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (/your|example|secret|fake|dummy|placeholder|redacted|sample|changeme|test/i.test(v.replace(/^ATOA/, ''))) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((r) => r.test(v)).length;
  return v.length >= 16 && new Set(v).size >= 10 && classes >= 2;
}

/**
 * Whether a literal bound to a secret name is a secret, not a placeholder (`''`, `your-client-secret`,
 * `<secret>`, `xxx…`, `changeme`, `${VAR}`). In test files only random-looking values count.
 */
export function isSecretValue(value: string, inTest: boolean): boolean {
  const v = value.trim();
  if (v.length < 8 || /\s/.test(v) || isPlaceholderValue(v)) return false;
  if (/\$\{|\{\{|%\(|process\.env|import\.meta|^https?:|^\/|^\w+:\/\/|^[A-Z][A-Z0-9_]*$|^[\w-]+\.[\w.-]+$|[*]{3,}|x{4,}|X{4,}|<[^>]*>|\.{3}|…/.test(v)) return false;
  if (/^(?:[a-z]+[-_])*(?:client|oauth|app|consumer)[-_]?secret(?:[-_][a-z]+)*$/i.test(v)) return false;
  if (inTest) return looksRandom(v);
  return new Set(v).size >= 6 && (/\d/.test(v) || v.length >= 16);
}
