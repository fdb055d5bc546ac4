import type { EnvDeclaration, Fix, TextEdit } from './model';

/** A variable name a dotenv file can declare (and a fix may write into one). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a dotenv text already has a `NAME=` line (also `export NAME=`, spaces allowed around). */
export function declaresEnv(text: string, name: string): boolean {
  if (!ENV_NAME.test(name)) return false;
  return new RegExp(`^[ \\t]*(?:export[ \\t]+)?${name}[ \\t]*=`, 'm').test(text);
}

/**
 * The edit that appends `NAME=` for each name `text` does not declare yet, at the end of the file
 * (after a line break when the last line has none), in the file's line-ending style; undefined when
 * there is nothing to add. A name asked for twice is added once.
 */
export function envDeclarationEdit(text: string, names: readonly string[]): TextEdit | undefined {
  const missing = [...new Set(names)].filter((n) => ENV_NAME.test(n) && !declaresEnv(text, n));
  if (missing.length === 0) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text === '' || text.endsWith('\n') ? '' : eol;
  return { range: { start: text.length, end: text.length }, newText: `${lead}${missing.map((n) => `${n}=${eol}`).join('')}` };
}

/** The edits deleting every `NAME=` line (with its line break) of the names in a dotenv text. */
export function envRemovalEdits(text: string, names: readonly string[]): TextEdit[] {
  const wanted = new Set(names.filter((n) => ENV_NAME.test(n)));
  const edits: TextEdit[] = [];
  const line = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=.*(?:\r?\n|$)/gm;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    if (m[0] === '') {
      line.lastIndex++;
      continue;
    }
    if (m[1] !== undefined && wanted.has(m[1])) edits.push({ range: { start: m.index, end: m.index + m[0].length }, newText: '' });
  }
  return edits;
}

/**
 * The fix with its `envDeclarations` turned into plain edits against the files as they are now.
 * `read` gives a file's current text (undefined when absent: then the text the fix creates it with
 * is used). Undefined when a file to declare in neither exists nor is created by the fix.
 */
export function resolveEnvDeclarations(fix: Fix, read: (file: string) => string | undefined): Fix | undefined {
  const declarations = fix.envDeclarations ?? [];
  if (declarations.length === 0) return fix;
  const byFile = new Map<string, string[]>();
  const removals = new Map<string, string[]>();
  for (const d of declarations) {
    const map = d.remove === true ? removals : byFile;
    map.set(d.file, [...(map.get(d.file) ?? []), d.name]);
  }
  const edits: TextEdit[] = [...fix.edits];
  for (const [file, names] of byFile) {
    const text = read(file) ?? fix.createFiles?.[file];
    if (text === undefined) return undefined;
    const edit = envDeclarationEdit(text, names);
    if (edit) edits.push({ ...edit, file });
  }
  // A variable to remove from a file that is not there needs no edit: the fix still applies.
  for (const [file, names] of removals) {
    const text = read(file);
    if (text !== undefined) edits.push(...envRemovalEdits(text, names).map((e) => ({ ...e, file })));
  }
  // Declared names are now edits: the rest of the fix travels as it is.
  const { envDeclarations: _resolved, ...rest } = fix;
  return { ...rest, edits };
}

/** Declarations of several fixes applied together, each (file, name) once. */
export function mergeEnvDeclarations(lists: readonly (readonly EnvDeclaration[] | undefined)[]): EnvDeclaration[] {
  const seen = new Set<string>();
  const out: EnvDeclaration[] = [];
  for (const d of lists.flatMap((l) => l ?? [])) {
    const key = `${d.file}\n${d.name}\n${d.remove === true ? '-' : '+'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
