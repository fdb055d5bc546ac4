import { analyseFile, parseCode } from '../server/src/core/engine';
import { generateCode } from './gen/code';
import { Rng } from './gen/rng';
import { performance } from 'perf_hooks';
const text = generateCode(new Rng(0x5eed2026), { lines: 2000, lang: 'ts', forge: false, plant: ['no-api-token-basic-auth', 'no-api-token-client', 'no-api-token-storage'] });
const file = 'src/services/generated-sync.ts';
const g = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const n = Number(process.argv[2] ?? 100);
const P: number[] = [], A: number[] = [];
for (let i = 0; i < n + 10; i++) {
  g(); let t = performance.now(); parseCode(file, text); const p = performance.now() - t;
  g(); t = performance.now(); analyseFile(file, text); const a = performance.now() - t;
  if (i >= 10) { P.push(p); A.push(a); }
}
const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1] as number;
console.log(`parse ${med(P).toFixed(2)} analyse ${med(A).toFixed(2)} ratio ${(med(A) / med(P)).toFixed(2)}`);
