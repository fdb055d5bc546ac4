import { strict as assert } from 'assert';
import { formatJson } from '../../../server/src/core/report/json';
import { endpointFinding, finding, related, reportInput } from './sample';

interface JsonRange {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

interface JsonFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly range: JsonRange;
  readonly related?: readonly { readonly file: string; readonly range: JsonRange; readonly message: string }[];
}

function findingsOf(text: string): JsonFinding[] {
  return (JSON.parse(text) as { findings: JsonFinding[] }).findings;
}

describe('JSON report', () => {
  const basic = {
    ...endpointFinding('src/index.ts', 12, { method: 'POST', path: '/rest/api/3/issue', authKind: 'basic' }),
    related: [related('src/index.ts', 9, 15, 'Basic credential built here', 40), related('src/config.ts', 3, 7, 'API token comes from here', 28)],
  };
  const plain = finding('src/a.ts', 1, 1);

  it('carries related locations as { file, range, message }, the range shaped like the finding’s own', () => {
    const [withRelated, without] = findingsOf(formatJson(reportInput([basic, plain])));
    assert.deepEqual(withRelated?.range, { start: { line: 12, column: 3 }, end: { line: 12, column: 13 } });
    assert.deepEqual(withRelated?.related, [
      { file: 'src/index.ts', range: { start: { line: 9, column: 15 }, end: { line: 9, column: 55 } }, message: 'Basic credential built here' },
      { file: 'src/config.ts', range: { start: { line: 3, column: 7 }, end: { line: 3, column: 35 } }, message: 'API token comes from here' },
    ]);
    assert.ok(without && !('related' in without), 'no related key on a finding without related locations');
  });

  it('carries the short message and, beside it, the detail (policy clause, deadline, fix)', () => {
    const [f] = JSON.parse(formatJson(reportInput([plain]))).findings as { message: string; detail: string }[];
    assert.equal(f?.message, 'Finding of no-api-token-literal.');
    assert.equal(f?.detail, 'Policy "Personal access tokens": the clause. Fix: the fix.');
  });

  it('leaves out an empty list, and the engine’s offsets (the report speaks lines and columns)', () => {
    const [f] = findingsOf(formatJson(reportInput([{ ...plain, related: [] }])));
    assert.ok(f && !('related' in f));
    const out = formatJson(reportInput([basic]));
    assert.ok(!/"start": \d/.test(out), 'no offset ranges in the report');
  });
});
