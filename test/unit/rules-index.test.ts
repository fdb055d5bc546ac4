import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES, RULES_BY_ID } from '../../server/src/core/rules';

const ROOT = path.resolve(__dirname, '..', '..');
const RULE_DIRS = ['server/src/core/rules/code', 'server/src/core/rules/manifest', 'server/src/core/rules/meta'];

function ruleFiles(): string[] {
  return RULE_DIRS.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3)),
  );
}

describe('rule index', () => {
  it('ALL_RULES holds exactly the rule files under rules/code and rules/meta', () => {
    assert.deepEqual([...ALL_RULES.map((r) => r.id)].sort(), ruleFiles().sort());
  });

  it('rule ids are unique and RULES_BY_ID has them all', () => {
    const ids = ALL_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(RULES_BY_ID.size, ids.length);
    for (const r of ALL_RULES) assert.equal(RULES_BY_ID.get(r.id), r);
  });

  it('rule ids are kebab-case and every rule has a description, policy and kinds', () => {
    for (const r of ALL_RULES) {
      assert.match(r.id, /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, r.id);
      assert.ok(r.meta.description.trim().length > 0, `${r.id}: description`);
      assert.ok(r.meta.policy.trim().length > 0, `${r.id}: policy`);
      assert.ok(r.kinds.length > 0, `${r.id}: kinds`);
    }
  });

  it('every message has a detail template that names the policy clause and gives the fix', () => {
    for (const rule of ALL_RULES) {
      for (const id of Object.keys(rule.meta.messages)) {
        const detail = rule.meta.details?.[id] ?? rule.meta.detail;
        assert.ok(detail, `${rule.id}.${id} has no detail`);
        assert.match(detail, /Fix: |Information only/, `${rule.id}.${id}: the detail gives the fix`);
        assert.ok(detail.includes(`"${rule.meta.policy}"`), `${rule.id}.${id}: the detail names "${rule.meta.policy}"`);
      }
      for (const id of Object.keys(rule.meta.details ?? {})) assert.ok(id in rule.meta.messages, `${rule.id}: detail for unknown message ${id}`);
    }
  });

  it('the marketplaceGuard.rules setting offers exactly the rule ids, in SPEC order', () => {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const props = (pkg as { contributes: { configuration: { properties: Record<string, { properties?: Record<string, unknown> }> } } })
      .contributes.configuration.properties['marketplaceGuard.rules']?.properties;
    assert.deepEqual(Object.keys(props ?? {}), ALL_RULES.map((r) => r.id));
  });

  for (const rule of ALL_RULES) {
    it(`${rule.id}: has docs/rules/${rule.id}.md and non-empty message templates`, () => {
      const doc = path.join(ROOT, 'docs', 'rules', `${rule.id}.md`);
      assert.ok(fs.existsSync(doc), `missing ${path.relative(ROOT, doc)}`);
      assert.match(fs.readFileSync(doc, 'utf8'), new RegExp(`^# ${rule.id}\\b`), 'the page starts with the rule id');
      assert.ok(Object.keys(rule.meta.messages).length > 0, `${rule.id}: no message templates`);
      for (const [id, template] of Object.entries(rule.meta.messages)) {
        assert.ok(template.trim().length > 0, `${rule.id}: message "${id}" is empty`);
      }
    });
  }
});
