import { performance } from 'perf_hooks';
import * as ts from 'typescript';
import { analyseFile, parseCode } from '../server/src/core/engine';
import { DEFAULT_CONFIG } from '../server/src/core/config';
import { fileUsage, Project } from '../server/src/core/project';
import { unopenedAppUsage } from '../server/src/lsp/project';
import { median } from './measure';

/**
 * (c) Cross-file scope checks as the editor does them (SPEC §5: "edits to code re-check the
 * manifest's scope findings and the reverse"): a generated Forge app of N code files, one of them
 * 2,000 lines; after a one-line edit of that file, the time to re-extract its usage (from the
 * incrementally updated tree) and re-check the manifest; after a manifest edit, the time to re-check
 * the big code file. Both as ratios to a full parse of the big file, measured in the same run.
 */

const PATHS = [
  ['GET', '/rest/api/3/issue/${key}'],
  ['PUT', '/rest/api/3/issue/${key}'],
  ['POST', '/rest/api/3/issue/${key}/comment'],
  ['GET', '/rest/api/3/project/${key}'],
  ['GET', '/rest/api/3/search/jql'],
  ['GET', '/rest/api/3/myself'],
  ['POST', '/rest/api/3/issue'],
  ['GET', '/rest/agile/1.0/board/${key}/issue'],
] as const;

/** `functions` functions of 10 lines; every `callEvery`-th one calls Jira, the others compute. */
function codeFile(functions: number, salt: number, callEvery = 1): string {
  const lines = ["import api, { route } from '@forge/api';", "import { kvs } from '@forge/kvs';", ''];
  for (let i = 0; i < functions; i++) {
    const [method, path] = PATHS[(i + salt) % PATHS.length] ?? PATHS[0];
    if (i % callEvery !== 0) {
      lines.push(
        `export function calc${i}(values: readonly number[], factor = ${i}): number {`,
        `  // step ${i}: plain computation, no product call`,
        '  let total = 0;',
        '  for (const v of values) {',
        '    total += v * factor;',
        "    if (total > 1e9) throw new Error('overflow');",
        '  }',
        `  return Math.round(total / ${i + 1});`,
        '}',
        '',
      );
      continue;
    }
    lines.push(
      `export async function op${i}(key: string, body?: string): Promise<number> {`,
      `  // step ${i}: ${method} ${path}`,
      `  const res = await api.asUser().requestJira(route\`${path}\`, {`,
      `    method: '${method}',`,
      "    headers: { 'Content-Type': 'application/json' },",
      '    ...(body ? { body } : {}),',
      '  });',
      `  if (res.status === 404) await kvs.set(\`missing:\${key}\`, ${i});`,
      '  return res.status;',
      '}',
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

const MANIFEST = `modules:
  function:
    - key: main
      handler: index.run
permissions:
  scopes:
    - read:jira-work
    - write:jira-work
    - read:jira-user
    - storage:app
    - read:confluence-content.all
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-00000000bench
`;

export interface ScopesBench {
  files: number;
  bigFileLines: number;
  bigFileCalls: number;
  iterations: number;
  manifestFindings: number;
  medianMs: { parse: number; codeEditToManifest: number; manifestEditToCode: number; primeApp: number };
  ratios: { codeEditToManifestVsParse: number; manifestEditToCodeVsParse: number };
}

export function benchScopes(files: number, iterations: number, gc: () => void): ScopesBench {
  // 2,000 lines with 20 product calls (one function in nine): a large resolver module.
  const big = codeFile(180, 0, 9);
  const bigPath = 'src/big.ts';
  const others = new Map<string, string>();
  for (let i = 0; i < files - 1; i++) others.set(`src/mod${i}.ts`, codeFile(6, i));
  const project = new Project();
  project.setManifest('manifest.yml', MANIFEST);
  // As the language server reads an app's unopened files: usage plus the API-token rules (rule 20).
  const prime = (): void => {
    for (const [p, text] of others) project.setUsage(p, unopenedAppUsage(p, text, DEFAULT_CONFIG, new Set([''])));
  };
  const t0 = performance.now();
  prime();
  const primeApp = performance.now() - t0;
  let bigTree = parseCode(bigPath, big);
  project.setUsage(bigPath, fileUsage(big, () => bigTree));
  const manifestFindings = analyseFile('manifest.yml', MANIFEST, { project }).findings.length;

  const mid = big.indexOf('// step 90');
  const time = (fn: () => unknown): number => {
    gc();
    const s = performance.now();
    fn();
    return performance.now() - s;
  };
  const samples = { parse: [] as number[], code: [] as number[], manifest: [] as number[] };
  const warmup = Math.max(3, Math.round(iterations / 6));
  let text = big;
  for (let i = 0; i < warmup + iterations; i++) {
    const p = time(() => parseCode(bigPath, text));
    // A one-line edit of the big file: incremental parse, its own analysis, usage, the manifest re-check.
    const edited = `${text.slice(0, mid)}// edit ${i}\n${text.slice(mid)}`;
    const change = ts.createTextChangeRange(ts.createTextSpan(mid, 0), edited.length - text.length);
    const old = bigTree;
    const c = time(() => {
      let tree: ts.SourceFile | undefined;
      const parse = (): ts.SourceFile => (tree ??= ts.updateSourceFile(old, edited, change));
      const r = analyseFile(bigPath, edited, { project, parse, forgeRoots: new Set(['']) });
      project.setUsage(bigPath, fileUsage(edited, parse, r.findings));
      analyseFile('manifest.yml', MANIFEST, { project, forgeRoots: new Set(['']) });
      bigTree = parse();
    });
    text = edited;
    // A manifest edit: the manifest itself, then the big code file from its cached tree.
    const manifest = MANIFEST.replace('    - storage:app\n', `    - storage:app\n    - read:jira-work\n`.repeat(i % 2));
    const m = time(() => {
      project.setManifest('manifest.yml', manifest);
      analyseFile('manifest.yml', manifest, { project, forgeRoots: new Set(['']) });
      analyseFile(bigPath, text, { project, parse: () => bigTree, forgeRoots: new Set(['']) });
    });
    if (i < warmup) continue;
    samples.parse.push(p);
    samples.code.push(c);
    samples.manifest.push(m);
  }
  const m = { parse: median(samples.parse), codeEditToManifest: median(samples.code), manifestEditToCode: median(samples.manifest), primeApp };
  return {
    files,
    bigFileLines: big.split('\n').length - 1,
    bigFileCalls: (big.match(/requestJira/g) ?? []).length,
    iterations,
    manifestFindings,
    medianMs: m,
    ratios: { codeEditToManifestVsParse: m.codeEditToManifest / m.parse, manifestEditToCodeVsParse: m.manifestEditToCode / m.parse },
  };
}

export function printScopes(r: ScopesBench, ms: (n: number) => string, ratio: (n: number) => string, table: (h: readonly string[], rows: readonly (readonly string[])[]) => string): void {
  console.log(`\n## (c) Manifest ↔ code scope checks: a Forge app of ${r.files} code files (6 product calls each), one of ${r.bigFileLines} lines with ${r.bigFileCalls} calls; median of ${r.iterations} runs (in process)\n`);
  console.log(table(['measure', 'median ms', '× parse of the big file'], [
    ['ts.createSourceFile of the big file', ms(r.medianMs.parse), ratio(1)],
    ['code edit → its analysis + usage + the manifest re-checked', ms(r.medianMs.codeEditToManifest), ratio(r.ratios.codeEditToManifestVsParse)],
    ['manifest edit → the manifest + the big code file re-checked', ms(r.medianMs.manifestEditToCode), ratio(r.ratios.manifestEditToCodeVsParse)],
    [`first check of the manifest: usage of all ${r.files - 1} other files (once per session)`, ms(r.medianMs.primeApp), ratio(r.medianMs.primeApp / r.medianMs.parse)],
  ]));
  console.log(`\nThe manifest has ${r.manifestFindings} scope findings; only the edited file is re-extracted after an edit.`);
}
