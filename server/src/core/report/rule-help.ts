/**
 * Each rule's help, carried inside every report instead of a link: the rule pages (`docs/rules/<id>.md`,
 * copied into `rule-pages.json` by `scripts/gen-rule-pages.ts`) ship in the bundles, so a SARIF log or a
 * Markdown report explains its rules wherever it is read, with no site to depend on.
 */
import pages from './rule-pages.json';

const PAGES: Readonly<Record<string, string>> = pages;

/** The rule's page (Markdown), or undefined for an id without one. */
export function rulePage(id: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(PAGES, id) ? PAGES[id] : undefined;
}

/** Rule ids that have a page. */
export function documentedRuleIds(): string[] {
  return Object.keys(PAGES);
}

/**
 * The page's `**Fix:** …` clause (its summary line), e.g. "remove (safe)", or undefined when the page
 * has none.
 */
export function ruleFixSummary(id: string): string | undefined {
  const head = rulePage(id)?.split('\n').slice(0, 4).join('\n');
  const clause = head === undefined ? undefined : /\*\*Fix:\*\*\s*([^\n]*)/.exec(head)?.[1]?.trim();
  return clause ? clause : undefined;
}

/**
 * Markdown markup dropped from prose (not from code): heading marks, bold, links. Inline code spans
 * (`'***'`) are kept as written.
 */
function plainProse(block: string): string {
  const spans: string[] = [];
  const masked = maskCodeSpans(block, spans);
  return plainLinks(unbold(masked.replace(/^#{1,6}\s+/gm, '')))
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => spans[Number(i)] ?? '');
}

/**
 * Inline code spans (a run of n backticks, text, the next run of exactly n) replaced by numbered
 * placeholders, in one pass over the backtick runs (a regex with a back-reference backtracks on
 * long runs of backticks).
 */
function maskCodeSpans(block: string, spans: string[]): string {
  const runs: { readonly at: number; readonly length: number }[] = [];
  for (let i = 0; i < block.length; ) {
    if (block[i] !== '`') {
      i++;
      continue;
    }
    let j = i;
    while (block[j] === '`') j++;
    runs.push({ at: i, length: j - i });
    i = j;
  }
  // For each run, the index of the next run of the same length (filled right to left).
  const next = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    const run = runs[r];
    if (!run) continue;
    next[r] = lastOfLength.get(run.length) ?? -1;
    lastOfLength.set(run.length, r);
  }
  let out = '';
  let copied = 0;
  for (let r = 0; r < runs.length; r++) {
    const open = runs[r];
    const closeIndex = next[r] ?? -1;
    const close = closeIndex >= 0 ? runs[closeIndex] : undefined;
    if (!open || !close || close.at === open.at + open.length) continue;
    const end = close.at + close.length;
    out += `${block.slice(copied, open.at)}\u0000${spans.push(block.slice(open.at, end)) - 1}\u0000`;
    copied = end;
    r = closeIndex;
  }
  return out + block.slice(copied);
}

/**
 * `[text](target)` → `text (target)` (not images: `![…](…)`), where text holds no `]` or line break
 * and target no `)` or space; the leftmost `[` of a match wins, as a regex would pick it. One forward
 * pass: a target that runs into a space or the end fails every target that starts before that point.
 */
function plainLinks(text: string): string {
  let out = '';
  let copied = 0;
  let open = -1;
  let failsBefore = -1;
  for (let j = 0; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\n') {
      open = -1;
    } else if (ch === '[') {
      if (open < 0 && text[j - 1] !== '!') open = j;
    } else if (ch === ']') {
      const start = open;
      open = -1;
      if (start < 0 || text[j + 1] !== '(' || j + 2 < failsBefore) continue;
      let k = j + 2;
      while (k < text.length && text[k] !== ')' && !/\s/.test(text[k] ?? '')) k++;
      if (k === j + 2 || text[k] !== ')') {
        failsBefore = k;
        continue;
      }
      out += `${text.slice(copied, start)}${text.slice(start + 1, j)} (${text.slice(j + 2, k)})`;
      copied = k + 1;
      j = k;
    }
  }
  return out + text.slice(copied);
}

/** `**text**` → `text` where text holds no `*` (leftmost first), scanning forward only. */
function unbold(text: string): string {
  let out = '';
  let copied = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('**', from);
    if (open < 0) break;
    const star = text.indexOf('*', open + 2);
    if (star < 0) break;
    if (star > open + 2 && text.startsWith('**', star)) {
      out += text.slice(copied, open) + text.slice(open + 2, star);
      copied = star + 2;
      from = star + 2;
    } else {
      // No match opens at `open`; the next one can open no earlier than the star that stopped it.
      from = Math.max(open + 1, star - 1);
    }
  }
  return out + text.slice(copied);
}

/**
 * A Markdown page as plain text (SARIF `help.text`, shown by viewers that do not render Markdown):
 * heading marks and bold markers dropped (also across a line break), links written as
 * "text (target)", fenced code indented by four spaces.
 */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let prose: string[] = [];
  let fenced = false;
  const flush = (): void => {
    if (prose.length > 0) out.push(plainProse(prose.join('\n')));
    prose = [];
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      if (!fenced) flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) out.push(`    ${line}`);
    else prose.push(line);
  }
  flush();
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
