import * as assert from 'assert';
import type { Finding } from '../../server/src/core/model';
import { MAX_MESSAGE } from '../../server/src/core/message';

/**
 * A finding's message is one short sentence that names what differs first (issue 16, item 5): at most
 * {@link MAX_MESSAGE} characters, no sentence break inside, no placeholder left; the policy clause, the
 * deadline and the fix are in its detail.
 */
export function assertShortMessage(f: Pick<Finding, 'ruleId' | 'category' | 'message' | 'detail' | 'policy'>): void {
  const m = f.message;
  assert.ok(m.length > 0 && m.length <= MAX_MESSAGE, `${f.ruleId}: message of ${m.length} characters (at most ${MAX_MESSAGE}): ${m}`);
  assert.ok(!m.includes('\n'), `${f.ruleId}: message on several lines: ${m}`);
  assert.ok(!/[.!?]\s+\S/.test(m), `${f.ruleId}: more than one sentence: ${m}`);
  assert.ok(!/\{\{\w+\}\}/.test(m) && !/\{\{\w+\}\}/.test(f.detail), `${f.ruleId}: unfilled placeholder: ${m} / ${f.detail}`);
  assert.ok(f.detail.length > 0, `${f.ruleId}: no detail`);
  assert.ok(f.detail.includes(`"${f.policy}"`), `${f.ruleId}: detail does not name the policy clause "${f.policy}": ${f.detail}`);
  if (f.category === 'api-tokens') assert.ok(/overdue/.test(f.detail), `${f.ruleId}: an API-token detail gives the deadline: ${f.detail}`);
}
