import { resolveEnvDeclarations } from './env-declarations';
import type { Fix, TextEdit } from './model';

/** Applies non-overlapping edits to one file's text (edits for other files are ignored here). */
export function applyEdits(text: string, edits: readonly TextEdit[], file?: string): string {
  const mine = edits
    .filter((e) => e.file === undefined || e.file === file)
    .slice()
    .sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const e of mine) {
    if (e.range.end > limit) throw new Error(`overlapping edits at offset ${e.range.start}`);
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
    limit = e.range.start;
  }
  return out;
}

/** Applies a fix to a set of files (path → text), creating the files it creates when absent. */
export function applyFix(files: ReadonlyMap<string, string>, target: string, fix: Fix): Map<string, string> {
  const out = new Map(files);
  for (const [p, content] of Object.entries(fix.createFiles ?? {})) if (!out.has(p)) out.set(p, content);
  const resolved = resolveEnvDeclarations(fix, (f) => out.get(f) ?? '') ?? fix;
  const byFile = new Map<string, TextEdit[]>();
  for (const e of resolved.edits) {
    const f = e.file ?? target;
    const list = byFile.get(f) ?? [];
    list.push({ ...e, file: f });
    byFile.set(f, list);
  }
  for (const [f, edits] of byFile) out.set(f, applyEdits(out.get(f) ?? '', edits, f));
  return out;
}
