import { createHash } from 'crypto';
import type { Finding } from '../model';

/** The 1-based line of a workspace-relative file, read as the analysis read it (undefined when unreadable). */
export type LineText = (file: string, line: number) => string | undefined;

/**
 * `"…"` for the contents of each string literal (`'`, `"`, backquote; backslash escapes), in one pass:
 * a quote that is never closed is left as it is, and once a quote kind has no closing quote after some
 * point, later ones of that kind are not searched again (linear, where a regex backtracks on many
 * unclosed quotes).
 */
function eraseStrings(line: string): string {
  let out = '';
  const unclosedFrom = new Map<string, number>();
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (c !== '"' && c !== "'" && c !== '`') {
      out += c;
      i++;
      continue;
    }
    let j = (unclosedFrom.get(c) ?? Infinity) <= i ? -1 : i + 1;
    while (j >= 0 && j < line.length && line.charAt(j) !== c) j += line.charAt(j) === '\\' ? 2 : 1;
    if (j < 0 || j >= line.length) {
      unclosedFrom.set(c, i);
      out += c;
      i++;
      continue;
    }
    out += `${c}\u2026${c}`;
    i = j + 1;
  }
  return out;
}

/**
 * Removes what could be a secret from a line before it is hashed: the finding's own span, the contents
 * of string literals, and long runs of token characters (unquoted `.env`/YAML values).
 */
export function normaliseLine(line: string, finding: Finding): string {
  const from = Math.min(finding.start.column - 1, line.length);
  const to = finding.end.line === finding.start.line ? Math.max(from, finding.end.column - 1) : line.length;
  return eraseStrings(`${line.slice(0, from)}\u2026${line.slice(to)}`)
    .replace(/[A-Za-z0-9_\-+/=]{16,}/g, '\u2026')
    .replace(/\s+/g, ' ')
    .trim();
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Fingerprints of findings that survive lines moving and never contain a secret: a SHA-256 of the rule,
 * the file and the finding's line with its span, string contents and token-like runs erased
 * ({@link normaliseLine}; the message, already redacted, when the line cannot be read), then `:n` for
 * the n-th finding with that hash. SARIF `partialFingerprints` and GitLab Code Quality `fingerprint`
 * both come from here, so one finding has one fingerprint in every format. Call in report order.
 */
export function fingerprinter(lineText: LineText | undefined): (f: Finding) => string {
  const seen = new Map<string, number>();
  return (f) => {
    const line = lineText?.(f.file, f.start.line);
    const basis = sha256(`${f.ruleId}\n${f.file}\n${line === undefined ? `message:${f.message}` : normaliseLine(line, f)}`);
    const n = (seen.get(basis) ?? 0) + 1;
    seen.set(basis, n);
    return `${basis}:${n}`;
  };
}
