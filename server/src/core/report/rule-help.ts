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
  const masked = block.replace(/(`+)[^`][\s\S]*?\1/g, (span) => `\u0000${spans.push(span) - 1}\u0000`);
  return masked
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\*\*([^*]+?)\*\*/g, '$1')
    .replace(/(?<!!)\[([^\]\n]*)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => spans[Number(i)] ?? '');
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
