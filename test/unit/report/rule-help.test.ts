import { strict as assert } from 'assert';
import * as fs from 'fs';
import { renderRulePages, RULE_PAGES_JSON } from '../../../scripts/gen-rule-pages';
import { documentedRuleIds, markdownToText, ruleFixSummary, rulePage } from '../../../server/src/core/report/rule-help';
import { ALL_RULES } from '../../../server/src/core/rules';

describe('rule help carried in reports', () => {
  it('the bundled copy equals docs/rules (run `npm run gen:rule-pages` after editing a page)', () => {
    assert.equal(fs.readFileSync(RULE_PAGES_JSON, 'utf8'), renderRulePages(), 'server/src/core/report/rule-pages.json is out of date');
  });

  it('has a page for every rule and none for an id that is no rule', () => {
    assert.deepEqual(documentedRuleIds().sort(), ALL_RULES.map((r) => r.id).sort());
    assert.equal(rulePage('toString'), undefined, 'no prototype member reads as a page');
    assert.equal(rulePage('no-such-rule'), undefined);
  });

  it("reads each page's Fix clause", () => {
    assert.equal(ruleFixSummary('no-unused-scope'), 'remove (safe)');
    assert.equal(ruleFixSummary('missing-scope'), 'add to the manifest');
    for (const rule of ALL_RULES) assert.ok(ruleFixSummary(rule.id), `${rule.id} has a Fix clause`);
    assert.equal(ruleFixSummary('no-such-rule'), undefined);
  });

  const cases: [string, string, string][] = [
    ['heading marks', '# no-x\n\n## Why\nBecause.', 'no-x\n\nWhy\nBecause.\n'],
    ['bold, also across a line break', '**Default:** error · **Encrypting does not\nhelp**.', 'Default: error · Encrypting does not\nhelp.\n'],
    ['inline code kept as written', "- `'***'` and `**kwargs`, **bold**", "- `'***'` and `**kwargs`, bold\n"],
    ['links as text (target)', 'See [the policy](https://developer.atlassian.com/platform/marketplace/security-requirements/).', 'See the policy (https://developer.atlassian.com/platform/marketplace/security-requirements/).\n'],
    ['fenced code indented, its markup untouched', '## Bad\n```ts\nconst **x** = 1; // # not a heading\n```\nDone.', 'Bad\n    const **x** = 1; // # not a heading\nDone.\n'],
    ['blank runs collapsed, CRLF read', 'a\r\n\r\n\r\n\r\nb', 'a\n\nb\n'],
  ];
  for (const [what, markdown, expected] of cases) {
    it(`plain text: ${what}`, () => assert.equal(markdownToText(markdown), expected));
  }
});
