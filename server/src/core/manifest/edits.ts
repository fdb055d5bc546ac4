import type { TextEdit } from '../model';
import type { Located, Manifest } from './model';

/**
 * Text edits on a manifest that keep its layout: one line per scope in block lists, `a, b` in flow
 * lists. `file` is set when the edit is made from another file (a code file's quick fix).
 */

function lineIndent(text: string, offset: number): string {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls))?.[0] ?? '';
}

function withFile(edit: TextEdit, file: string | undefined): TextEdit {
  return file === undefined ? edit : { ...edit, file };
}

/** Removes a list item (its whole line in block style). */
export function removeItem(item: Located, file?: string): TextEdit {
  return withFile({ range: item.item, newText: '' }, file);
}

/** Replaces a list item with zero or more values. */
export function replaceItem(m: Manifest, item: Located, values: readonly string[], file?: string): TextEdit {
  if (values.length === 0) return removeItem(item, file);
  if (values.length === 1 || item.flow) return withFile({ range: item.range, newText: values.join(', ') }, file);
  const indent = lineIndent(m.text, item.range.start);
  const nl = m.text.includes('\r\n') ? '\r\n' : '\n';
  return withFile({ range: item.range, newText: (values[0] ?? '') + values.slice(1).map((v) => `${nl}${indent}- ${v}`).join('') }, file);
}

/** Adds scopes to `permissions.scopes`, creating the list (and `permissions`) when absent. */
export function addScopes(m: Manifest, scopes: readonly string[], file?: string): TextEdit {
  const text = m.text;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const list = m.scopes;
  const last = list?.items[list.items.length - 1];
  if (list && last && !list.flow) {
    const indent = lineIndent(text, last.range.start);
    const at = last.item.end > last.range.end ? last.item.end : text.indexOf('\n', last.range.end) + 1 || text.length;
    const prefix = at === text.length && !text.endsWith('\n') ? nl : '';
    return withFile({ range: { start: at, end: at }, newText: `${prefix}${scopes.map((s) => `${indent}- ${s}${nl}`).join('')}` }, file);
  }
  if (list && list.flow && list.valueRange) {
    const close = text.lastIndexOf(']', list.valueRange.end);
    const sep = list.items.length > 0 ? ', ' : '';
    return withFile({ range: { start: close, end: close }, newText: `${sep}${scopes.join(', ')}` }, file);
  }
  if (list) {
    // `scopes:` with no value (or an empty map): write a block list under the key.
    const keyIndent = lineIndent(text, list.key.start);
    const end = list.valueRange ? list.valueRange.end : list.key.end + 1;
    const from = list.key.end + 1;
    return withFile({ range: { start: from, end: Math.max(from, end) }, newText: `${nl}${scopes.map((s) => `${keyIndent}  - ${s}`).join(nl)}` }, file);
  }
  if (m.permissions) {
    const indent = lineIndent(text, m.permissions.start);
    const eol = text.indexOf('\n', m.permissions.end);
    const at = eol < 0 ? text.length : eol + 1;
    const prefix = eol < 0 ? nl : '';
    return withFile({ range: { start: at, end: at }, newText: `${prefix}${indent}  scopes:${nl}${scopes.map((s) => `${indent}    - ${s}${nl}`).join('')}` }, file);
  }
  const prefix = text.length === 0 || text.endsWith('\n') ? '' : nl;
  return withFile({ range: { start: text.length, end: text.length }, newText: `${prefix}permissions:${nl}  scopes:${nl}${scopes.map((s) => `    - ${s}${nl}`).join('')}` }, file);
}
