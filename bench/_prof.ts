import { analyseFile } from '/work/main/server/src/core/engine';
import { generateCode } from '/work/main/bench/gen/code';
import { Rng } from '/work/main/bench/gen/rng';
import * as ts from 'typescript';
import { performance } from 'perf_hooks';
const text = generateCode(new Rng(0x5eed2026), { lines: 2000, lang: 'ts', forge: false, plant: ['no-api-token-basic-auth', 'no-api-token-client', 'no-api-token-storage'] });
const file = 'src/services/generated-sync.ts';
const n = Number(process.argv[2] ?? 200);
let pa = 0, an = 0;
for (let i = 0; i < n; i++) {
  let t = performance.now(); ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS); pa += performance.now() - t;
  t = performance.now(); analyseFile(file, text); an += performance.now() - t;
}
console.log('parse', (pa / n).toFixed(2), 'analyse', (an / n).toFixed(2), 'ratio', (an / pa).toFixed(2));
