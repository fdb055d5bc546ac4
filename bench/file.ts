import { performance } from 'perf_hooks';
import * as ts from 'typescript';
import * as v8 from 'v8';
import * as vm from 'vm';
import { analyseFile } from '../server/src/core/engine';
import { generateCode } from './gen/code';
import { Rng } from './gen/rng';
import { median } from './measure';

/**
 * Bench (a): one generated 2,000-line TypeScript file, analyseFile vs ts.createSourceFile. run.ts
 * bundles this file with the production build's options (esbuild.js: minified, TypeScript bound
 * directly) and runs it as a child process, so the figures are those of the code that ships, in a
 * heap of their own. Prints the FileBench as JSON.
 */

const SEED = 0x5eed2026;

export interface FileBench {
  lines: number;
  iterations: number;
  findings: number;
  failures: number;
  /** Whether analyseFile parsed at all: with no rule's prefilter matching, it skips the parse. */
  parsed: boolean;
  medianMs: { parse: number; parseWalk: number; analyse: number; update: number; analyseAfterEdit: number };
  ratios: { analyseVsParse: number; analyseVsParseWalk: number; analyseAfterEditVsParse: number };
}

export function benchFile(iterations: number, gc: () => void): FileBench {
  const text = generateCode(new Rng(SEED), {
    lines: 2000,
    lang: 'ts',
    forge: false,
    plant: ['no-api-token-basic-auth', 'no-api-token-client', 'no-api-token-storage'],
  });
  const file = 'src/services/generated-sync.ts';
  const parse = (t: string): ts.SourceFile => ts.createSourceFile(file, t, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const walk = (sf: ts.SourceFile): number => {
    let n = 0;
    const visit = (node: ts.Node): void => {
      n++;
      ts.forEachChild(node, visit);
    };
    visit(sf);
    return n;
  };
  // A one-character edit in the middle of the file (typing a space at the start of a line).
  const mid = text.indexOf('\n', text.length >> 1) + 1;
  const edited = `${text.slice(0, mid)} ${text.slice(mid)}`;
  const change = ts.createTextChangeRange(ts.createTextSpan(mid, 0), 1);

  const first = analyseFile(file, text);
  const samples = { parse: [] as number[], parseWalk: [] as number[], analyse: [] as number[], update: [] as number[], analyseAfterEdit: [] as number[] };
  const time = (fn: () => unknown): number => {
    gc();
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  const warmup = Math.max(3, Math.round(iterations / 6));
  for (let i = 0; i < warmup + iterations; i++) {
    const keep = i >= warmup;
    // Interleaved, so drift in machine load hits every measure alike.
    const p = time(() => parse(text));
    const pw = time(() => walk(parse(text)));
    const a = time(() => analyseFile(file, text));
    // updateSourceFile reuses (and adjusts) the old tree, so each run needs a fresh, untimed one.
    const old1 = parse(text);
    const u = time(() => ts.updateSourceFile(old1, edited, change));
    const old2 = parse(text);
    const ae = time(() => analyseFile(file, edited, { parse: () => ts.updateSourceFile(old2, edited, change) }));
    if (!keep) continue;
    samples.parse.push(p);
    samples.parseWalk.push(pw);
    samples.analyse.push(a);
    samples.update.push(u);
    samples.analyseAfterEdit.push(ae);
  }
  const m = {
    parse: median(samples.parse),
    parseWalk: median(samples.parseWalk),
    analyse: median(samples.analyse),
    update: median(samples.update),
    analyseAfterEdit: median(samples.analyseAfterEdit),
  };
  return {
    lines: text.split('\n').length - 1,
    iterations,
    findings: first.findings.length,
    failures: first.failures.length,
    parsed: first.parsed,
    medianMs: m,
    ratios: { analyseVsParse: m.analyse / m.parse, analyseVsParseWalk: m.analyse / m.parseWalk, analyseAfterEditVsParse: m.analyseAfterEdit / m.parse },
  };
}


/** A forced GC before each timed step keeps one step's garbage out of the next one's figure. */
function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  return typeof gc === 'function' ? () => void gc() : () => undefined;
}

const iterations = Number(process.argv[2] ?? 30);
process.stdout.write(`${JSON.stringify(benchFile(Number.isInteger(iterations) && iterations > 0 ? iterations : 30, gcFunction()))}\n`);
