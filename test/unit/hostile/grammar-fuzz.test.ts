import { strict as assert } from 'assert';
import * as fc from 'fast-check';
import { analyseFile, BUDGET_FAILURE } from '../../../server/src/core/engine';

/**
 * Grammar-aware fuzzing for the evaluation class of issue 14: programs built from the shapes that blew
 * up before (helpers that call each other twice, cycles between them, doubling template chains, deep
 * callback nesting, the same across an import cycle), with a Basic-auth request at the bottom whose
 * token flows through all of it. Property: the analysis ends inside a tight budget and the request is
 * reported, or the file is reported as not fully analysed; never a silent nothing.
 */

const NUM_RUNS = Number(process.env['FC_NUM_RUNS'] ?? 40);
const SEED = process.env['FC_SEED'] === undefined ? 20261207 : Number(process.env['FC_SEED']);
/** Far below the engine's default; a run that needs more is the regression this test exists for. */
const BUDGET_MS = 4_000;

interface Program {
  /** Helper functions: each body combines calls to others (edges may form cycles). */
  readonly helpers: readonly { readonly calls: readonly number[]; readonly doubled: boolean; readonly template: boolean }[];
  /** Length of the `t0 … tN` doubling template chain. */
  readonly chain: number;
  /** Callback nesting around the request. */
  readonly depth: number;
  /** Which value the token flows through before the header: a helper, the chain's end, or both. */
  readonly via: 'helper' | 'chain' | 'both';
  /** Put half of the helpers in a second module that imports the first (an import cycle). */
  readonly split: boolean;
}

const program: fc.Arbitrary<Program> = fc
  .integer({ min: 1, max: 8 })
  .chain((n) =>
    fc.record({
      helpers: fc.array(
        fc.record({ calls: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), doubled: fc.boolean(), template: fc.boolean() }),
        { minLength: n, maxLength: n },
      ),
      chain: fc.integer({ min: 0, max: 30 }),
      depth: fc.integer({ min: 0, max: 400 }),
      via: fc.constantFrom('helper' as const, 'chain' as const, 'both' as const),
      split: fc.boolean(),
    }),
  );

function helperSource(i: number, h: Program['helpers'][number], exported: boolean): string {
  const parts = h.calls.map((c) => `f${c}(x)`);
  if (parts.length === 0) parts.push('x');
  const once = h.template ? `\`${parts.map((p) => `\${${p}}`).join('')}\`` : parts.join(' + ');
  const body = h.doubled ? `${once} + ${once}` : once;
  return `${exported ? 'export ' : ''}function f${i}(x: string): string {\n  return ${body};\n}\n`;
}

/** The workspace's files: `src/a.ts` holds the request; `src/b.ts` the other half of the helpers when split. */
function render(p: Program): Map<string, string> {
  const half = p.split ? Math.ceil(p.helpers.length / 2) : p.helpers.length;
  const inA = (i: number): boolean => i < half;
  const a: string[] = [];
  const b: string[] = [];
  if (p.split) {
    a.push(`import { ${p.helpers.map((_, i) => i).filter((i) => !inA(i)).map((i) => `f${i}`).join(', ')} } from './b';\n`);
    b.push(`import { ${p.helpers.map((_, i) => i).filter(inA).map((i) => `f${i}`).join(', ')} } from './a';\n`);
  }
  p.helpers.forEach((h, i) => (inA(i) ? a : b).push(helperSource(i, h, p.split)));
  a.push("const t0 = process.env.JIRA_API_TOKEN ?? '';\n");
  for (let i = 1; i <= p.chain; i++) a.push(`const t${i} = \`\${t${i - 1}}\${t${i - 1}}\`;\n`);
  const token = p.via === 'helper' ? 'f0(t0)' : p.via === 'chain' ? `t${p.chain}` : `f0(t${p.chain})`;
  const request = `fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa('bot@acme.com:' + ${token}) } })`;
  a.push(`export async function run(): Promise<void> {\n${'  f(() => {\n'.repeat(p.depth)}  void ${request};\n${'  });\n'.repeat(p.depth)}}\ndeclare function f(cb: () => void): void;\n`);
  const files = new Map([['src/a.ts', a.join('')]]);
  if (p.split) files.set('src/b.ts', b.join(''));
  return files;
}

describe('grammar-aware fuzzing: doubling helpers, cycles, chains and nesting end bounded and keep the finding', () => {
  it(`${NUM_RUNS} generated programs`, function () {
    this.timeout(240_000);
    fc.assert(
      fc.property(program, (p) => {
        const files = render(p);
        const text = files.get('src/a.ts') ?? '';
        const result = analyseFile('src/a.ts', text, { budgetMs: BUDGET_MS, readFile: (f) => files.get(f) });
        assert.ok(!result.failures.some((f) => f.ruleId === BUDGET_FAILURE), 'ran past the budget');
        const ids = new Set(result.findings.map((f) => f.ruleId));
        assert.ok(ids.has('no-api-token-basic-auth') || ids.has('analysis-incomplete'), `silent: ${[...ids].join(', ') || 'no findings'}`);
        assert.ok(result.findings.every((f) => f.message.length < 2_000), 'a message carries a huge value');
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });
});
