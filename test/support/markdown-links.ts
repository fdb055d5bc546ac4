/**
 * The links and image sources a Markdown file holds, outside code: inline `[text](target)` and
 * `![alt](target)`, reference definitions `[id]: target`, and HTML `src`/`href` attributes.
 */
export interface MarkdownLink {
  readonly target: string;
  readonly image: boolean;
  readonly line: number;
}

/** Fenced blocks and inline code spans blanked (newlines kept), so their text is not read as links. */
function withoutCode(markdown: string): string {
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank)
    .replace(/(`+)[^`\n][^\n]*?\1/g, blank);
}

export function markdownLinks(markdown: string): MarkdownLink[] {
  const text = withoutCode(markdown);
  const lineAt = (i: number): number => text.slice(0, i).split('\n').length;
  const out: MarkdownLink[] = [];
  for (const m of text.matchAll(/(!?)\[(?:[^\]\n]|\\\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    out.push({ target: m[2] ?? '', image: m[1] === '!', line: lineAt(m.index) });
  }
  for (const m of text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) out.push({ target: m[1] ?? '', image: false, line: lineAt(m.index) });
  for (const m of text.matchAll(/<(img|a|video|source)\b[^>]*\s(src|href)=["']([^"']+)["']/gi)) {
    out.push({ target: m[3] ?? '', image: (m[1] ?? '').toLowerCase() !== 'a', line: lineAt(m.index) });
  }
  return out;
}

/** A target inside the package or repository (no scheme, not only a fragment), without its fragment. */
export function relativeTarget(target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) return undefined;
  return decodeURI(target.split('#')[0] ?? '');
}
