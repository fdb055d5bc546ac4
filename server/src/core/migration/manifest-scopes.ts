import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { TextEdit } from '../model';

/**
 * Adds scopes to a Forge manifest's `permissions.scopes` as text edits that keep the file's layout:
 * a block list grows by `- scope` lines indented like its items, a flow list (`[a, b]`) grows
 * inside its brackets, and a missing `permissions`/`scopes` block is created.
 */
export function addScopesEdits(file: string, text: string, scopes: readonly string[]): TextEdit[] | undefined {
  if (scopes.length === 0) return [];
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) return undefined;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const root = doc.contents;
  if (root !== null && !isMap(root)) return undefined;
  const permissions = root?.get('permissions', true);
  const scopesNode = isMap(permissions) ? permissions.get('scopes', true) : undefined;
  const have = new Set<string>();
  if (isSeq(scopesNode)) for (const item of scopesNode.items) if (isScalar(item) && typeof item.value === 'string') have.add(item.value);
  const add = scopes.filter((s) => !have.has(s));
  if (add.length === 0) return [];
  const lineStart = (offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
  const indentAt = (offset: number): string => /^[ \t]*/.exec(text.slice(lineStart(offset)))?.[0] ?? '';
  const endOfLine = (offset: number): number => {
    const i = text.indexOf('\n', offset);
    return i < 0 ? text.length : i + 1;
  };
  const range = (n: YamlNode | undefined): [number, number, number] | undefined => n?.range ?? undefined;

  if (isSeq(scopesNode)) {
    const r = range(scopesNode);
    if (!r) return undefined;
    if (scopesNode.flow) {
      const close = text.lastIndexOf(']', r[1]);
      if (close < 0) return undefined;
      const sep = scopesNode.items.length > 0 ? ', ' : '';
      return [{ file, range: { start: close, end: close }, newText: `${sep}${add.join(', ')}` }];
    }
    const last = scopesNode.items[scopesNode.items.length - 1];
    const lr = range(last as YamlNode | undefined);
    if (!lr) return undefined;
    const indent = indentAt(lr[0]);
    const at = endOfLine(lr[0]);
    const prefix = at === text.length && !text.endsWith('\n') ? nl : '';
    return [{ file, range: { start: at, end: at }, newText: prefix + add.map((s) => `${indent}- ${s}${nl}`).join('') }];
  }
  if (isMap(permissions)) {
    // `permissions:` without `scopes` (or with an empty one): a block under its first key's indentation.
    const pr = range(permissions);
    if (!pr) return undefined;
    const first = permissions.items[0]?.key as YamlNode | undefined;
    const fr = range(first);
    const indent = fr ? indentAt(fr[0]) : '  ';
    const block = `${indent}scopes:${nl}${add.map((s) => `${indent}  - ${s}${nl}`).join('')}`;
    const scopesPair = permissions.items.find((p) => isScalar(p.key) && p.key.value === 'scopes');
    if (scopesPair) {
      const kr = range(scopesPair.key as YamlNode);
      if (!kr) return undefined;
      const start = lineStart(kr[0]);
      return [{ file, range: { start, end: endOfLine(kr[0]) }, newText: block }];
    }
    const at = fr ? lineStart(fr[0]) : endOfLine(pr[0]);
    return [{ file, range: { start: at, end: at }, newText: block }];
  }
  const prefix = text.length > 0 && !text.endsWith('\n') ? nl : '';
  return [{ file, range: { start: text.length, end: text.length }, newText: `${prefix}permissions:${nl}  scopes:${nl}${add.map((s) => `    - ${s}${nl}`).join('')}` }];
}
