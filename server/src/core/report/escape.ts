/**
 * Escaping for text we did not write (file and folder names, messages quoting code, endpoint paths)
 * before it reaches a terminal, a Markdown viewer or a JSON reader. A workspace is often a stranger's
 * repository: a file named `\x1b[2J…` must not clear the screen, a folder named `<img onerror>` must
 * not run in the ticket the report is pasted into.
 */

/**
 * Characters a terminal or a text viewer acts on instead of showing: C0 controls (ESC, BEL, CR, LF,
 * TAB…), DEL, C1 controls (U+009B is a one-character CSI), zero-width and bidirectional controls
 * (U+202E reverses the rest of a line), line and paragraph separators, the byte-order mark.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** The same set without C0, which JSON.stringify escapes inside strings (and uses as layout outside them). */
const NON_C0_CONTROL = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(c: string): string {
  const short = SHORT_ESCAPES[c];
  if (short) return short;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line of terminal text: every control character shown escaped (`\x1b`, `\n`, `\u202e`), so a
 * name cannot move the cursor, retitle the window, hide text (`ESC[8m`), forge a link or a summary.
 */
export function escapeTerminal(text: string): string {
  return text.replace(CONTROL, visible);
}

/**
 * JSON output stays valid and means the same, but holds no raw C1, bidi or separator character
 * (JSON.stringify escapes only C0): `cat report.json` in a terminal is safe too.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(NON_C0_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Markdown punctuation that starts emphasis, code, links, strikethrough or an escape. */
const MD_PUNCTUATION = /[\\`*_[\]~]/g;
const HTML_CHARS = /[&<>]/g;
const HTML_ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Plain text inside Markdown: no HTML (`<img onerror>` shows as text), no emphasis, code span, link or
 * image, no line break (controls are escaped as in the terminal). Tables additionally need
 * {@link markdownCell} for `|`.
 */
export function markdownText(text: string): string {
  return escapeTerminal(text)
    .replace(HTML_CHARS, (c) => HTML_ENTITY[c] ?? c)
    .replace(MD_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * Inline code that may itself hold backticks (`route\`…\``): CommonMark takes a longer fence, and a
 * space pads content that starts or ends with a backtick. HTML is not interpreted in code spans.
 */
export function markdownCode(text: string): string {
  const body = escapeTerminal(text);
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A table cell (GitHub Flavored Markdown): a `|` would end the cell, even inside a code span, unless
 * escaped; a line break would end the row. Apply to cell content already made of
 * {@link markdownText} and {@link markdownCode} parts.
 */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}
