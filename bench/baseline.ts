import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { fileKind, isJsx } from '../server/src/core/files';

/**
 * The workspace baseline (SPEC §7): on one thread, list the folder, read every file the CLI would
 * analyse, and parse every code file with `ts.createSourceFile` exactly as the engine does
 * (setParentNodes on, script kind from the extension). No rules, no reports.
 * run.ts bundles this with esbuild, like dist/cli.js, and times it as a child process, so both
 * sides pay the same Node start-up and module loading.
 */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

function scriptKind(file: string): ts.ScriptKind {
  return isJsx(file) ? ts.ScriptKind.TSX : /\.[cm]?js$/i.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

function main(root: string): void {
  const stack = [root];
  let files = 0;
  let codeFiles = 0;
  let bytes = 0;
  let nodes = 0;
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) stack.push(abs);
        continue;
      }
      const kind = fileKind(entry.name);
      if (!entry.isFile() || !kind) continue;
      const text = fs.readFileSync(abs, 'utf8');
      files++;
      bytes += text.length;
      if (kind !== 'code') continue;
      codeFiles++;
      const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, scriptKind(entry.name));
      // Touch the result so the parse cannot be optimised away.
      nodes += sf.statements.length;
    }
  }
  process.stdout.write(`${JSON.stringify({ files, codeFiles, bytes, nodes })}\n`);
}

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: baseline DIR\n');
  process.exitCode = 2;
} else {
  main(root);
}
