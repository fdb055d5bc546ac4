/**
 * What counts as the reason of a suppression directive. Imports nothing, so the editor client can ask
 * the same question before it writes a directive.
 */

/**
 * Words that stand where a reason should be: a quick fix's placeholder (`-- reason`), a snippet left
 * as typed, a to-do marker. A directive with one of these has no reason.
 */
const PLACEHOLDER_REASON = /^(?:reason|the reason|add (?:a )?reason|your reason|reason here|why|because|todo|to ?do|tbd|fixme|xxx+|n\/?a|none|placeholder|\.{2,}|\u2026|-+|\?+)$/i;

/** Whether a directive's reason says nothing: empty, or a placeholder such as `reason`, `<reason>`, `TODO`. */
export function isPlaceholderReason(reason: string): boolean {
  // A reason is a few words: a long one is no placeholder (and no regex below sees it).
  if (reason.length > 64) return false;
  let bare = reason.trim();
  const snippet = /^\$\{\d+:([^}]*)\}$/.exec(bare);
  if (snippet) bare = snippet[1] ?? '';
  let from = 0;
  let to = bare.length;
  while (from < to && OPENING_MARKS.includes(bare.charAt(from))) from++;
  while (to > from && CLOSING_MARKS.includes(bare.charAt(to - 1))) to--;
  bare = bare.slice(from, to).trim();
  return bare.length === 0 || PLACEHOLDER_REASON.test(bare);
}

const OPENING_MARKS = '<[{("\'`';
const CLOSING_MARKS = '>]})"\'`.:;!';

/** Why a reason typed for a new directive cannot be written, or undefined when it can. */
export function reasonProblem(reason: string): string | undefined {
  if (/[\r\n]/.test(reason)) return 'The reason must fit on one line.';
  if (reason.includes('-->') || reason.includes('*/')) return 'The reason cannot contain a comment end ("-->" or "*/").';
  if (isPlaceholderReason(reason)) return 'Say why this finding is accepted (a placeholder such as "reason" or "TODO" is not a reason).';
  return undefined;
}
