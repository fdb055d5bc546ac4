import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { rulePickItems } from '../../../client/src/rulePick';
import { ALL_RULES } from '../../../server/src/core/rules';
import { rulesResult } from '../../../server/src/lsp/rules';

/** What the server's `marketplaceGuard/rules` request returns. */
const META = rulesResult().rules;
const PAGES = fs.readdirSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'rules')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));

/** Issue 16 item 15: Show Rule Documentation lists what each rule catches, not bare ids. */
describe('Show Rule Documentation quick pick rows', () => {
  it('every bundled page is a row with its policy area and what the rule catches', () => {
    const rows = rulePickItems(PAGES, META);
    assert.deepEqual(rows.map((r) => r.ruleId).sort(), [...PAGES].sort());
    for (const row of rows) {
      assert.equal(row.label, row.ruleId);
      assert.ok(row.description && row.detail, `${row.ruleId} has a description and a detail`);
    }
    const basic = rows.find((r) => r.ruleId === 'no-api-token-basic-auth');
    assert.equal(basic?.description, 'API tokens ("Personal access tokens") · error · quick fix');
    assert.match(basic?.detail ?? '', /HTTP Basic/);
    assert.equal(rows[0]?.ruleId, ALL_RULES[0]?.id, 'in the README table\'s order');
  });

  it('a rule without quick fix says nothing about one; a page the metadata lacks is still listed by id', () => {
    const rows = rulePickItems(['no-api-token-collection', 'future-rule'], META);
    const collection = rows.find((r) => r.ruleId === 'no-api-token-collection');
    const rule = ALL_RULES.find((r) => r.id === 'no-api-token-collection');
    assert.equal(collection?.description?.includes('quick fix'), rule?.meta.fixable);
    assert.deepEqual(rows.at(-1), { label: 'future-rule', ruleId: 'future-rule' });
  });

  it('without the server (no metadata) the rows are the bare ids, sorted', () => {
    assert.deepEqual(rulePickItems(['b-rule', 'a-rule'], []), [{ label: 'a-rule', ruleId: 'a-rule' }, { label: 'b-rule', ruleId: 'b-rule' }]);
  });
});
