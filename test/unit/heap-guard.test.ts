import { strict as assert } from 'assert';
import * as v8 from 'v8';
import { heapGuard } from '../../server/src/parallel/memory';

describe('audit heap guard', () => {
  it('collects garbage once the used heap passes its limit, and not below it', () => {
    const keepAlive: unknown[] = [];
    const garbage = (): void => {
      // ~40 MB of short-lived arrays, then dropped.
      let junk: number[][] = [];
      for (let i = 0; i < 400; i++) junk.push(new Array<number>(12_500).fill(i));
      keepAlive.push(junk.length);
      junk = [];
    };
    const used = (): number => v8.getHeapStatistics().used_heap_size;
    const never = heapGuard(Number.MAX_SAFE_INTEGER);
    garbage();
    const before = used();
    never();
    assert.ok(used() >= before * 0.9, 'above no limit: nothing is collected');
    garbage();
    const full = used();
    heapGuard(1)();
    assert.ok(used() < full - 20 * 1024 * 1024, `collected: ${full} -> ${used()} bytes`);
  });
});
