import { strict as assert } from 'assert';
import { ruleIdFromUriPath, ruleUri } from '../../client/src/ruleUri';
import { ALL_RULES } from '../../server/src/core/rules';

describe('vscode:// links to rule pages', () => {
  it('builds the link for this editor and extension', () => {
    assert.equal(ruleUri('vscode', 'marketplace-guard.marketplace-guard', 'no-unused-scope'), 'vscode://marketplace-guard.marketplace-guard/rule/no-unused-scope');
    assert.equal(ruleUri('vscode-insiders', 'Marketplace-Guard.marketplace-guard', 'missing-scope'), 'vscode-insiders://marketplace-guard.marketplace-guard/rule/missing-scope');
  });

  it('reads back every rule id from its link path', () => {
    for (const rule of ALL_RULES) {
      assert.equal(ruleIdFromUriPath(new URL(ruleUri('vscode', 'marketplace-guard.marketplace-guard', rule.id)).pathname), rule.id);
    }
  });

  const paths: [string, string | undefined][] = [
    ['/rule/no-api-token-literal', 'no-api-token-literal'],
    ['/rule/no-api-token-literal/', 'no-api-token-literal'],
    ['/rule/../../etc/passwd', undefined],
    ['/rule/no-api-token-literal/../x', undefined],
    ['/rule/NO-API', undefined],
    ['/rule/', undefined],
    ['/rules/no-api-token-literal', undefined],
    ['/rule/a--b', undefined],
    ['', undefined],
  ];
  for (const [p, expected] of paths) {
    it(`path ${JSON.stringify(p)} → ${expected ?? 'no rule'}`, () => assert.equal(ruleIdFromUriPath(p), expected));
  }
});
