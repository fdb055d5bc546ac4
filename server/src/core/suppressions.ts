import type { Range } from './model';

/** A `marketplace-guard-disable-next-line` or `-file` directive found in a comment. */
export interface Directive {
  readonly kind: 'next-line' | 'file';
  readonly ruleIds: readonly string[];
  readonly reason: string;
  /** Range of the directive text, for reports about the directive itself. */
  readonly range: Range;
  /** Offset the directive starts at; next-line directives apply to the line after it. */
  readonly offset: number;
}

const DIRECTIVE = /(\/\/|\/\*+|#|<!--)[ \t]*marketplace-guard-disable-(next-line|file)\b([^\r\n]*)/g;

/** Finds suppression directives in `//`, `/* *\/`, `#` (YAML, .env) and `<!-- -->` (Markdown) comments. */
export function parseDirectives(text: string): Directive[] {
  if (!text.includes('marketplace-guard-disable-')) return [];
  const out: Directive[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const kind = m[2] === 'file' ? 'file' : 'next-line';
    let rest = m[3] ?? '';
    // A block or HTML comment ends at its first closer: what follows on the line is code, not ids.
    const closer = m[1]?.startsWith('/*') ? rest.indexOf('*/') : m[1] === '<!--' ? rest.indexOf('-->') : -1;
    if (closer >= 0) rest = rest.slice(0, closer);
    rest = rest.trimEnd();
    let reason = '';
    const sep = rest.indexOf('--');
    if (sep >= 0) {
      reason = rest.slice(sep + 2).trim();
      rest = rest.slice(0, sep);
    }
    const ruleIds = rest
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const start = m.index ?? 0;
    out.push({ kind, ruleIds, reason, offset: start, range: { start, end: start + m[0].length } });
  }
  return out;
}
