/**
 * The one redaction helper every output uses. A secret is shown by its first characters only
 * (at most 6, and never more than a quarter of it), so a reader can tell which value is meant
 * without any output holding enough of it to matter.
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
 * Redacts every Atlassian secret shape inside a text that quotes code (a message, an endpoint path
 * built from a template): a rule that echoes an expression must not echo a token inside it.
 */
export function scrubSecrets(text: string): string {
  return text.includes('AT') ? text.replace(SECRET_SHAPE, (m) => redact(m)) : text;
}
