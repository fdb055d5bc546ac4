import * as ts from 'typescript';
import { readsOtherModules } from '../core/analysis/modules';
import { invalidateNodeCaches } from '../core/analysis/session';
import { parseCode } from '../core/engine';

interface Entry {
  readonly path: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
}

/** The span that differs between two texts: common prefix and suffix trimmed. */
export function changeRange(oldText: string, newText: string): ts.TextChangeRange {
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return ts.createTextChangeRange(ts.createTextSpan(start, oldEnd - start), newEnd - start);
}

/**
 * Keeps each open document's last syntax tree and updates it with `ts.updateSourceFile` after an
 * edit (SPEC §7: a one-line edit re-parses ~10× faster than a full parse). The engine asks for a
 * tree only when a rule needs one, through its `parse` hook.
 */
export class ParseCache {
  private readonly entries = new Map<string, Entry>();

  parserFor(key: string): (path: string, text: string) => ts.SourceFile {
    return (path, text) => {
      const prev = this.entries.get(key);
      let sourceFile: ts.SourceFile | undefined;
      // A tree whose values came from other files holds results cached from those files' old text
      // (which may have changed since): it is parsed afresh, not reused.
      if (prev && prev.path === path && !readsOtherModules(prev.sourceFile)) {
        if (prev.text === text) return prev.sourceFile;
        // The old tree is consumed by the update: drop it first so a failure cannot leave it cached.
        this.entries.delete(key);
        try {
          sourceFile = ts.updateSourceFile(prev.sourceFile, text, changeRange(prev.text, text));
        } catch {
          sourceFile = undefined;
        }
      }
      // The new tree reuses the old one's untouched nodes: results memoised on them are stale now.
      if (sourceFile) invalidateNodeCaches();
      sourceFile ??= parseCode(path, text);
      this.entries.set(key, { path, text, sourceFile });
      return sourceFile;
    };
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
