import { strict as assert } from 'assert';
import { formatText } from '../../../server/src/core/report/text';
import { endpointFinding, finding, related, reportInput } from './sample';

describe('text report', () => {
  const basic = {
    ...endpointFinding('src/index.ts', 12, { method: 'POST', path: '/rest/api/3/issue', authKind: 'basic' }),
    related: [related('src/index.ts', 9, 15, 'Basic credential built here'), related('src/config.ts', 3, 7, 'API token comes from here')],
  };
  const later = finding('src/index.ts', 20, 1, { ruleId: 'no-api-token-literal' });

  it('prints one indented ↳ line per related location under its finding', () => {
    const lines = formatText(reportInput([basic, later]), { color: false, verbose: false }).split('\n');
    const at = lines.findIndex((l) => l.includes('Basic auth with an Atlassian API token.'));
    assert.ok(at > 0);
    assert.deepEqual(lines.slice(at + 1, at + 3), ['    ↳ src/index.ts:9:15 Basic credential built here', '    ↳ src/config.ts:3:7 API token comes from here']);
    assert.match(lines[at + 3] ?? '', /^ {2}20:1 +error +Finding of no-api-token-literal\./, 'the next finding follows');
  });

  it('keeps the short message on the finding\'s line; --verbose adds the detail (clause, fix) under it', () => {
    const quiet = formatText(reportInput([later]), { color: false, verbose: false });
    assert.match(quiet, /^ {2}20:1 +error +Finding of no-api-token-literal\. {2}no-api-token-literal · Personal access tokens$/m);
    assert.ok(!quiet.includes('Fix:'), 'no detail without --verbose');
    const lines = formatText(reportInput([later]), { color: false, verbose: true }).split('\n');
    const at = lines.findIndex((l) => l.includes('Finding of no-api-token-literal.'));
    assert.equal(lines[at + 1], '    Policy "Personal access tokens": the clause. Fix: the fix.');
  });

  it('prints no ↳ line for a finding without related locations, and colours only the location', () => {
    assert.ok(!formatText(reportInput([later]), { color: false, verbose: false }).includes('↳'));
    const coloured = formatText(reportInput([basic]), { color: true, verbose: false });
    assert.ok(coloured.includes('    \u001b[90m↳ src/config.ts:3:7\u001b[0m API token comes from here'));
  });
});
