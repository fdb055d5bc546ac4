import { strict as assert } from 'assert';
import { formatSoak, runSoak } from './soak';

/** The short form of `npm run soak` (10,000 edits): 1,000 random edits over the protocol. */
describe('protocol soak (1,000 random edits)', function () {
  this.timeout(240_000);

  it('no crash, no lost or stale diagnostics, heap back near where it started', async () => {
    const r = await runSoak(1000);
    // Printed so CI logs keep the heap figures.
    console.log(formatSoak(r).replace(/^/gm, '      '));
    assert.equal(r.crashed, false);
    assert.equal(r.edits, 1000);
    assert.deepEqual(r.mismatches, []);
    assert.deepEqual(r.serverErrors, []);
    // Generous: the trees and findings of four open documents, not a leak per edit.
    assert.ok(r.heapAfterMiB < r.heapBeforeMiB + 40, `heap grew from ${r.heapBeforeMiB.toFixed(1)} to ${r.heapAfterMiB.toFixed(1)} MiB`);
  });
});
