import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../../server/src/core/rules';

const DOCS = path.resolve(__dirname, '..', '..', 'docs', 'rules');

/** Says the rule has no quick fix: "(no automatic fix)" or a bare "none". */
const NO_FIX = /no automatic fix|^none\b/i;

/** What a partner must never read on a page: this project's source paths, build scripts or spec sections. */
const INTERNAL = [/\b(?:server|client|test)\/src\//, /\bsrc\/core\//, /\bdist\/(?:server|client|cli)\.js/, /§\s*\d/, /\bnpm run\b/, /\bgen:knowledge\b/];

function page(id: string): string {
  return fs.readFileSync(path.join(DOCS, `${id}.md`), 'utf8');
}

/** The `**Fix:** …` clause of the page's summary line (third line). */
function fixClause(text: string): string {
  const match = /\*\*Fix:\*\*\s*([^\n]*)/.exec(text.split('\n').slice(0, 4).join('\n'));
  assert.ok(match?.[1], 'the summary line has no **Fix:** clause');
  return match[1].trim();
}

describe('rule documentation pages', () => {
  for (const rule of ALL_RULES) {
    const id = rule.id;
    it(`${id}: the summary's Fix clause says ${rule.meta.fixable ? 'there is a quick fix' : 'there is none'}`, () => {
      const clause = fixClause(page(id));
      if (rule.meta.fixable) assert.doesNotMatch(clause, NO_FIX, `${id} has fixes, its page says: ${clause}`);
      else assert.match(clause, NO_FIX, `${id} has no fix, its page says: ${clause}`);
    });

    if (rule.meta.fixable) {
      it(`${id}: the Fix section describes the fix`, () => {
        const section = /^## Fix\n([\s\S]*?)(?=^## |$(?![\s\S]))/m.exec(page(id))?.[1] ?? '';
        assert.ok(section.trim().length > 0, `${id} has no ## Fix section`);
        assert.doesNotMatch(section, /no automatic fix yet|not yet (?:offered|automatic)/i);
      });
    }

    it(`${id}: names no source path or internal build step`, () => {
      const text = page(id);
      for (const pattern of INTERNAL) assert.doesNotMatch(text, pattern, `${id}.md mentions ${pattern}`);
    });
  }

  it('the checks above catch a page that says "no automatic fix" for a fixable rule, and a source path', () => {
    assert.match('quick fix to OAuth 2.0 (3LO) (no automatic fix yet)', NO_FIX);
    assert.ok(INTERNAL.some((p) => p.test('generated into `server/src/core/knowledge/scopes.json`')));
  });
});
