import * as assert from 'assert';
import { MAX_FIX_TITLE } from '../../server/src/core/model';

/** A quick-fix title is a few words: the lightbulb menu cuts longer ones (issue 16, item 10). */
export function assertShortTitle(title: string): void {
  assert.ok(title.length > 0 && title.length <= MAX_FIX_TITLE, `fix title of ${title.length} characters (at most ${MAX_FIX_TITLE}): ${title}`);
  assert.ok(!title.includes('\n'), `fix title on several lines: ${title}`);
}
