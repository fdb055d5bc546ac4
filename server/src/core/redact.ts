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
