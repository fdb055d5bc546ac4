import { strict as assert } from 'assert';
import * as fc from 'fast-check';
import { analyseFile } from '../../server/src/core/engine';
import { applyFix } from '../../server/src/core/fixes';
import { forgeScopes, threeLoScopes } from '../../server/src/core/knowledge/scopes';
import type { Finding } from '../../server/src/core/model';
import { assertGrantsNoMore, projectOf } from '../support/rule-tester';

/**
 * `safe` (the fixes `source.fixAll.marketplaceGuard` applies unattended, SPEC §4.5) means no behaviour
 * change and never more privilege. Every rule table checks each safe fix it offers
 * (test/support/rule-tester.ts); this file checks the check, and runs fix-all on generated manifests
 * and scope strings: scope typos, unused scopes and plain-http egress together.
 */

const FORGE = [...forgeScopes()].sort();
const THREE_LO = [...threeLoScopes()].sort();

/** A typo of a known scope: one character dropped, doubled or swapped, or a letter changed. */
const typo = (known: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...known), fc.nat(), fc.constantFrom('drop', 'double', 'swap', 'letter'), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'))
    .map(([s, n, kind, letter]) => {
      const i = n % s.length;
      if (kind === 'drop') return s.slice(0, i) + s.slice(i + 1);
      if (kind === 'double') return s.slice(0, i) + s.charAt(i) + s.slice(i);
      if (kind === 'swap' && i + 1 < s.length) return s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2);
      return s.slice(0, i) + letter + s.slice(i + 1);
    })
    .filter((s) => /^[a-z][\w:.-]*$/.test(s));

/** Applies the first safe fix of one finding at a time, re-analysing after each, as fix-all on save would. */
function fixAll(files: Map<string, string>, file: string): { files: Map<string, string>; applied: string[] } {
  let current = files;
  const applied: string[] = [];
  for (let round = 0; round < 40; round++) {
    const project = projectOf(current);
    const findings: Finding[] = analyseFile(file, current.get(file) ?? '', { ...(project ? { project } : {}), forgeRoots: new Set(project?.roots() ?? []) }).findings;
    const fix = findings.flatMap((f) => f.fixes).find((f) => f.safe);
    if (!fix) break;
    const next = applyFix(current, file, fix);
    assertGrantsNoMore(current, next, fix.title);
    applied.push(fix.title);
    current = next;
  }
  return { files: current, applied };
}

const manifest = (scopes: readonly string[], egress: readonly string[]): string =>
  `app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n${scopes.map((s) => `    - ${s}\n`).join('')}${
    egress.length > 0 ? `  external:\n    fetch:\n      backend:\n${egress.map((e) => `        - '${e}'\n`).join('')}` : ''
  }`;

describe('safe fixes never grant more than the code had', () => {
  it('the check fails on a fix that adds a scope or widens an action', () => {
    const before = new Map([['manifest.yml', manifest(['read:jira-work'], [])]]);
    assert.throws(() => assertGrantsNoMore(before, new Map([['manifest.yml', manifest(['write:jira-work'], [])]]), 'widen'), /adds write:jira-work/);
    assert.throws(() => assertGrantsNoMore(before, new Map([['manifest.yml', manifest(['read:jira-work', 'read:jira-user'], [])]]), 'add'), /adds read:jira-user/);
    assert.throws(() => assertGrantsNoMore(new Map([['a.ts', "const u = 'https://x.example';"]]), new Map([['a.ts', "const u = 'http://x.example';"]]), 'http'), /plain http/);
    assert.doesNotThrow(() => assertGrantsNoMore(new Map([['m.yml', manifest(['read:jira-wrok'], [])]]), new Map([['m.yml', manifest(['read:jira-work'], [])]]), 'typo'));
  });

  it('fix-all on a Forge manifest of known scopes, typos and plain-http egress', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...FORGE), { maxLength: 4 }),
        fc.array(typo(FORGE), { maxLength: 4 }),
        fc.array(fc.constantFrom('http://api.acme.example', 'https://hooks.acme.example', 'http://*.acme.example'), { maxLength: 2 }),
        (known, typos, egress) => {
          const files = new Map([
            ['manifest.yml', manifest([...known, ...typos], egress)],
            ['src/index.ts', "import api, { route } from '@forge/api';\nexport const me = () => api.asUser().requestJira(route`/rest/api/3/myself`);\n"],
          ]);
          const { files: after } = fixAll(files, 'manifest.yml');
          // Whatever fix-all did, nothing it wrote is a scope the author did not write in words.
          assertGrantsNoMore(files, after, 'fix-all');
        },
      ),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it('fix-all on 3LO scope strings in code', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...THREE_LO), { maxLength: 3 }), fc.array(typo(THREE_LO), { minLength: 1, maxLength: 3 }), (known, typos) => {
        const scope = [...known, ...typos].map(encodeURIComponent).join('%20');
        const code = `// Atlassian OAuth 2.0 (3LO)\nexport const url = (state: string) => \`https://auth.atlassian.com/authorize?audience=api.atlassian.com&scope=${scope}&state=\${state}&response_type=code\`;\n`;
        const files = new Map([
          ['src/auth.ts', code],
          ['src/jira.ts', 'export const me = (cloudId: string) => fetch(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/myself`);\n'],
        ]);
        const { files: after } = fixAll(files, 'src/auth.ts');
        assertGrantsNoMore(files, after, 'fix-all');
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it('the two widening corrections the issue found are no longer applied unattended', () => {
    for (const [written, kept] of [
      ['read:customer-org-info:jira', 'read:customer-org-info:jira'],
      ['write:confluence-configuration', 'write:confluence-configuration'],
    ] as const) {
      const files = new Map([['manifest.yml', manifest([written], [])]]);
      const { files: after, applied } = fixAll(files, 'manifest.yml');
      assert.deepEqual(applied, []);
      assert.match(after.get('manifest.yml') ?? '', new RegExp(`- ${kept}\\n`));
    }
  });
});
