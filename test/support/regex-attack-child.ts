import { attackStrings, collectRegexes, runRegex } from './regex-attack';

/**
 * Child process of test/unit/hostile/regex.test.ts: feeds every product regex its attack strings and
 * prints one line per regex (`start <i>` before, `done <i>` after) so the parent can stop a runaway
 * by its timeout and name it. Screening runs each string at a short length and keeps the slowest
 * ones; those then run at `LONG` characters, where quadratic backtracking takes many seconds and a
 * linear regex a few milliseconds.
 *
 *   node --import tsx test/support/regex-attack-child.ts <repo root> <long length> [index…]
 */

const SHORT = 1_000;
const KEEP = 4;

function main(): void {
  const [root = '.', longArg = '200000', ...only] = process.argv.slice(2);
  const long = Number(longArg);
  const all = collectRegexes(root);
  const chosen = only.length > 0 ? only.map(Number) : all.map((_, i) => i);
  process.stdout.write(`count ${all.length}\n`);
  for (const i of chosen) {
    const r = all[i];
    if (!r) continue;
    process.stdout.write(`start ${i} ${r.where}\n`);
    const re = new RegExp(r.source, r.flags);
    const timed = attackStrings(r.source, r.flags, SHORT).map((s, k) => {
      const t = process.hrtime.bigint();
      runRegex(re, s);
      return { k, ns: Number(process.hrtime.bigint() - t) };
    });
    timed.sort((a, b) => b.ns - a.ns);
    const longStrings = attackStrings(r.source, r.flags, long);
    for (const { k } of timed.slice(0, KEEP)) runRegex(re, longStrings[k] ?? '');
    process.stdout.write(`done ${i}\n`);
  }
  process.stdout.write('end\n');
}

main();
