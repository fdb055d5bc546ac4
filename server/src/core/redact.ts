/**
 * The one redaction every output uses (CLI reports, LSP diagnostics, exported reports, config echoes).
 * A secret is shown by its first characters only (at most 6, and never more than a quarter of it), so
 * a reader can tell which value is meant without any output holding enough of it to matter.
 */
export function redact(secret: string): string {
  const value = secret.trim();
  if (value.length === 0) return '""';
  const keep = Math.min(6, Math.floor(value.length / 4));
  return `${value.slice(0, keep)}…(${value.length} chars)`;
}

/** Quoted text of 7+ characters, and any long unbroken word: where a secret could hide in free text. */
const QUOTED = /(["'`])([^"'`\n]{7,}?)\1/g;
const LONG_WORD = /[A-Za-z0-9_\-+/=.:@]{20,}/g;
const MAX_FREE_TEXT = 300;

/**
 * Redacts free text we did not write, such as an exception's message (Node's `JSON.parse` errors quote
 * the input): every quoted run and every long word is shown by its redacted form only.
 */
export function redactFreeText(text: string): string {
  const scrubbed = text
    .replace(QUOTED, (_whole, quote: string, inner: string) => `${quote}${redact(inner)}${quote}`)
    .replace(LONG_WORD, (word) => redact(word));
  return scrubbed.length > MAX_FREE_TEXT ? `${scrubbed.slice(0, MAX_FREE_TEXT)}…` : scrubbed;
}

/** Atlassian secret shapes (API token, org admin key, Bitbucket app password, 3LO client secret). */
const SECRET_SHAPE = /\b(?:ATATT3|ATCTT3|ATBB|ATOA)[A-Za-z0-9_\-+/=]{12,}/g;

/**
 * `scheme://userinfo@`: the scheme is bounded and the user info cannot hold `/`, so each match scans
 * one authority at most (no superlinear backtracking). The user info runs to the authority's last `@`
 * (`bot@acme.com:token@host` is one user info).
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#"'`<>\\]{1,2048})@/gi;

/**
 * Query, fragment and matrix parameters that carry a credential (`?client_secret=`, `#access_token=`,
 * `;jsessionid=`, `&X-Amz-Signature=`): a name of at most two prefixes joined by `_`, `-` or `.`
 * and a credential word. Bounded repetitions only.
 */
const SECRET_PARAM =
  /([?&#;])((?:[a-z0-9]{1,24}[_.-]){0,2}(?:client[_-]?secret|secret|token|password|passwd|pwd|pass|api[_-]?key|apikey|key|sig|signature|code|credential|assertion|auth|authorization|j?session[_-]?id|phpsessid|sid))=([^&#;\s"'`<>\\]{1,4096})/gi;

/** A value that is not a secret: a placeholder of a run-time part (`{token}`, `${TOKEN}`, `<secret>`) or already redacted. */
function isPlaceholderOrRedacted(value: string): boolean {
  return /^(?:\{|\$\{|<|%7B|%24%7B)/i.test(value) || value.includes('…');
}

/** Lower-case words shorter than a secret: a user name such as `git` or `bot` stays readable. */
const PLAIN_USER = /^[a-z][a-z._-]{0,15}$/i;

function redactUserInfo(info: string): string {
  if (isPlaceholderOrRedacted(info)) return info;
  const colon = info.indexOf(':');
  if (colon < 0) return PLAIN_USER.test(info) ? info : redact(info);
  const user = info.slice(0, colon);
  const password = info.slice(colon + 1);
  const shownUser = PLAIN_USER.test(user) || isPlaceholderOrRedacted(user) ? user : redact(user);
  return `${shownUser}:${password === '' || isPlaceholderOrRedacted(password) ? password : redact(password)}`;
}

/**
 * Redacts credentials inside URLs anywhere in a text: the password (and a token-like user name) of
 * `http://user:password@host`, and the values of secret-bearing query, fragment and matrix parameters.
 * Idempotent: an already redacted value is left as it is.
 */
export function redactUrlSecrets(text: string): string {
  let out = text;
  if (out.includes('@')) out = out.replace(URL_USERINFO, (_whole, scheme: string, info: string) => `${scheme}${redactUserInfo(info)}@`);
  if (out.includes('=')) {
    out = out.replace(SECRET_PARAM, (whole, sep: string, name: string, value: string) => {
      if (isPlaceholderOrRedacted(value)) return whole;
      // A matrix parameter ends where the query starts (`;jsessionid=…?code=…`): the query is judged on its own.
      const query = sep === ';' ? value.indexOf('?') : -1;
      const own = query >= 0 ? value.slice(0, query) : value;
      const rest = query >= 0 ? redactUrlSecrets(value.slice(query)) : '';
      // Sentence punctuation after a URL (`… to https://x/cb?token=….`) is not part of the value.
      const trailing = /(?<![.,;:)\]])[.,;:)\]]+$/.exec(own)?.[0] ?? '';
      const secret = own.slice(0, own.length - trailing.length);
      return secret === '' ? whole : `${sep}${name}=${redact(secret)}${trailing}${rest}`;
    });
  }
  return out;
}

/**
 * Removes the user info of every URL in a text (`https://bot:token@host/x` → `https://host/x`), for
 * messages that name an endpoint, where who signs in is not the point and the password never is.
 */
export function stripUrlUserInfo(text: string): string {
  return text.includes('@') ? text.replace(URL_USERINFO, (_whole, scheme: string) => scheme) : text;
}

/**
 * Redacts every secret shape inside a text that quotes code or a URL (a message, an endpoint path
 * built from a template, a file name): Atlassian token shapes, and credentials inside URLs. Every
 * string that leaves the process goes through this.
 */
export function scrubSecrets(text: string): string {
  const tokens = text.includes('AT') ? text.replace(SECRET_SHAPE, (m) => redact(m)) : text;
  return redactUrlSecrets(tokens);
}

/**
 * A name or value from a configuration, as a message may echo it: a short word shows as it is (a
 * typo in a rule id stays readable), anything that could be a pasted secret (long, or mixing many
 * digits into letters) only by its redacted form.
 */
export function shownValue(value: string): string {
  const digits = value.replace(/\D/g, '').length;
  if (value.length <= 48 && /^-{0,2}[A-Za-z][A-Za-z.]*(?:[-_ ][A-Za-z0-9.]+)*$/.test(value) && digits <= 3) return value;
  return redact(value);
}
