import type { Hover, Position, Range } from 'vscode-languageserver';
import type { Finding } from '../core/model';
import type { RuleDocLink } from './diagnostics';

/** The findings of one published document: the findings and their LSP ranges, index for index. */
export interface HoverSource {
  readonly findings: readonly Finding[];
  readonly ranges: readonly Range[];
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(range: Range, p: Position): boolean {
  return !before(p, range.start) && !before(range.end, p);
}

/**
 * The hover over a finding: VS Code shows the diagnostic's short message first and this after it
 * (the "second paragraph"): the detail (policy clause, deadline, fix) and a link to the rule page.
 * Undefined outside every finding, so other hovers (TypeScript's) stand alone.
 */
export function findingHover(source: HoverSource | undefined, position: Position, docLink: RuleDocLink): Hover | undefined {
  if (!source) return undefined;
  const parts: string[] = [];
  let range: Range | undefined;
  source.findings.forEach((f, i) => {
    const r = source.ranges[i];
    if (!r || !contains(r, position)) return;
    range ??= r;
    const paragraph = `${f.detail} [Rule \`${f.ruleId}\`](${docLink(f.ruleId)})`;
    if (!parts.includes(paragraph)) parts.push(paragraph);
  });
  if (parts.length === 0) return undefined;
  return { contents: { kind: 'markdown', value: parts.join('\n\n') }, ...(range ? { range } : {}) };
}
