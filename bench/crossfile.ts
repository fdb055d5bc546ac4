import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { analyseFile, parseCode } from '../server/src/core/engine';
import { fileKind } from '../server/src/core/files';
import { median } from './measure';

/**
 * Manifest ↔ code update time, in process: after an edit of a Forge app's manifest, the language
 * server re-checks the app's code (its Forge-ness and scope findings depend on the manifest), and
 * after an edit of that code, the manifest. This times the analysis that follows each edit for
 * one generated Forge app with every file open (the worst case: the server re-checks open files
 * only), against a plain parse of the same files. The LSP round trip is measured separately.
 */
export interface CrossFileBench {
  readonly app: string;
  readonly codeFiles: number;
  readonly lines: number;
  readonly runs: number;
  readonly medianMs: { parseApp: number; manifestEdit: number; codeEdit: number };
}

export function benchCrossFile(workspace: string, runs: number, gc: () => void): CrossFileBench | undefined {
  const apps = path.join(workspace, 'apps');
  if (!fs.existsSync(apps)) return undefined;
  const app = fs.readdirSync(apps).sort()[0];
  if (!app) return undefined;
  const appDir = path.join(apps, app);
  const rel = (abs: string): string => path.relative(workspace, abs).split(path.sep).join('/');
  const code: { path: string; text: string }[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) visit(abs);
      else if (fileKind(e.name) === 'code') code.push({ path: rel(abs), text: fs.readFileSync(abs, 'utf8') });
    }
  };
  visit(appDir);
  const manifestPath = rel(path.join(appDir, 'manifest.yml'));
  const manifest = fs.readFileSync(path.join(workspace, manifestPath), 'utf8');
  const root = rel(appDir);
  const forgeRoots = new Set([root]);
  const editedManifest = manifest.replace('    - read:jira-work', '    - read:jira-work\n    - read:jira-user');
  const time = (fn: () => void): number => {
    gc();
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  const samples = { parseApp: [] as number[], manifestEdit: [] as number[], codeEdit: [] as number[] };
  for (let i = 0; i < runs + 2; i++) {
    const p = time(() => code.forEach((f) => parseCode(f.path, f.text)));
    // Manifest edited: the manifest and every open code file of the app are analysed again.
    const m = time(() => {
      analyseFile(manifestPath, editedManifest, { forgeRoots });
      for (const f of code) analyseFile(f.path, f.text, { forgeRoots });
    });
    // One code file edited: it and the manifest are analysed again.
    const first = code[0];
    const c = time(() => {
      if (first) analyseFile(first.path, `${first.text}\n// edited\n`, { forgeRoots });
      analyseFile(manifestPath, manifest, { forgeRoots });
    });
    if (i < 2) continue;
    samples.parseApp.push(p);
    samples.manifestEdit.push(m);
    samples.codeEdit.push(c);
  }
  return {
    app: root,
    codeFiles: code.length,
    lines: code.reduce((n, f) => n + f.text.split('\n').length - 1, 0),
    runs,
    medianMs: { parseApp: median(samples.parseApp), manifestEdit: median(samples.manifestEdit), codeEdit: median(samples.codeEdit) },
  };
}
