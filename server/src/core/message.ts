/**
 * Rendering a finding's words. The message is one short sentence that names what differs first (what
 * the Problems panel and the tree show without cutting); the detail carries the policy clause, the
 * deadline and the fix (the hover's second paragraph, the reports).
 */

/** The longest message: ESLint's and SonarLint's are a line; the rest goes in `Finding.detail`. */
export const MAX_MESSAGE = 100;

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

import type { RuleMeta } from './model';

type Data = Readonly<Record<string, string | number>>;

export function renderMessage(template: string, data: Data = {}): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = data[key];
    return value === undefined ? whole : String(value);
  });
}

/**
 * `text` cut to `max` characters by removing its middle: the start (a method, a name) and the end (the
 * path's last segments, which tell two endpoints apart) stay; the end gets the larger share.
 */
export function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const keep = max - 1;
  const head = Math.floor(keep * 0.4);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

/** One line, one sentence: a quoted label that holds a sentence end keeps its first sentence. */
function oneSentence(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  const end = /[.!?] (?=\S)/.exec(flat);
  return end ? `${flat.slice(0, end.index + 1)}…` : flat;
}

/**
 * Renders a message template so the result is at most `max` characters: when the values do not fit,
 * the longest ones are cut in the middle to a common length (water-filling), so a short value is never
 * cut to make room for a long one.
 */
export function renderShort(template: string, data: Data = {}, max = MAX_MESSAGE): string {
  const values = new Map<string, string>();
  const uses = new Map<string, number>();
  let fixed = template.length;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const key = m[1] ?? '';
    const value = data[key];
    if (value === undefined) continue;
    fixed -= m[0].length;
    values.set(key, oneSentence(String(value)));
    uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  const total = (cap: number): number => [...values].reduce((n, [k, v]) => n + Math.min(v.length, cap) * (uses.get(k) ?? 1), 0);
  const budget = max - fixed;
  const longest = Math.max(0, ...[...values.values()].map((v) => v.length));
  if (total(longest) > budget) {
    let cap = longest;
    while (cap > 1 && total(cap) > budget) cap--;
    for (const [k, v] of values) values.set(k, cutMiddle(v, cap));
  }
  return template.replace(PLACEHOLDER, (whole, key: string) => values.get(key) ?? whole);
}

/** The detail template of a message: its own, else the rule's, else the policy clause alone. */
export function detailTemplate(rule: { readonly meta: RuleMeta }, messageId: string): string {
  return rule.meta.details?.[messageId] ?? rule.meta.detail ?? `Policy "${rule.meta.policy}".`;
}
