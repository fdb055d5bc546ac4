import { strict as assert } from 'assert';
import { auditToastText, plural, severityBreakdown, statusTooltip } from '../../../client/src/text';
import type { AuditSummary } from '../../../server/src/protocol';

function summary(over: Partial<AuditSummary>): AuditSummary {
  return { folders: 1, files: 11, skipped: 0, findings: 0, errors: 0, warnings: 0, infos: 0, cancelled: false, durationMs: 40, ...over };
}

/** Issue 16 item 15: the words a user reads in the audit toast and the status item's tooltip. */
describe('client messages', () => {
  it('plural: singular only for exactly one, irregular plurals allowed', () => {
    const cases: [number, string, string | undefined, string][] = [
      [0, 'note', undefined, '0 notes'],
      [1, 'note', undefined, '1 note'],
      [2, 'note', undefined, '2 notes'],
      [1, 'file', undefined, '1 file'],
      [11, 'file', undefined, '11 files'],
      [1, 'analysis', 'analyses', '1 analysis'],
      [3, 'analysis', 'analyses', '3 analyses'],
    ];
    for (const [n, one, many, want] of cases) assert.equal(plural(n, one, many), want);
  });

  it('severity breakdown names only the kinds found, notes for infos', () => {
    assert.equal(severityBreakdown({ errors: 1, warnings: 0, infos: 1 }), '1 error, 1 note');
    assert.equal(severityBreakdown({ errors: 0, warnings: 2, infos: 0 }), '2 warnings');
    assert.equal(severityBreakdown({ errors: 3, warnings: 1, infos: 2 }), '3 errors, 1 warning, 2 notes');
    assert.equal(severityBreakdown({ errors: 0, warnings: 0, infos: 0 }), 'no findings');
  });

  it('the audit toast says how many findings, in how many files, and how many files were analysed', () => {
    const cases: [Partial<AuditSummary>, number, string][] = [
      [
        { files: 11, findings: 12, errors: 11, warnings: 0, infos: 1 },
        7,
        'Marketplace Guard: 12 findings (11 errors, 1 note) in 7 files; 11 files analysed.',
      ],
      [{ files: 1, findings: 1, errors: 1 }, 1, 'Marketplace Guard: 1 finding (1 error) in 1 file; 1 file analysed.'],
      [{ files: 2, findings: 2, warnings: 2 }, 1, 'Marketplace Guard: 2 findings (2 warnings) in 1 file; 2 files analysed.'],
      [{ files: 11 }, 0, 'Marketplace Guard: no policy findings; 11 files analysed.'],
      [{ files: 0 }, 0, 'Marketplace Guard: no policy findings; 0 files analysed.'],
      [
        { files: 40, findings: 3, errors: 3, cancelled: true },
        2,
        'Marketplace Guard: 3 findings (3 errors) in 2 files; 40 files analysed. Cancelled: the counts cover the files analysed until then.',
      ],
    ];
    for (const [over, inFiles, want] of cases) assert.equal(auditToastText(summary(over), inFiles), want);
  });

  it('the status tooltip is plain text: no Markdown markup, and says what was checked', () => {
    const counts = { errors: 2, warnings: 1, infos: 1 };
    const open = statusTooltip(counts, undefined);
    const audited = statusTooltip(counts, new Date(2026, 11, 7, 9, 5));
    const restored = statusTooltip({ errors: 0, warnings: 0, infos: 0 }, null);
    for (const t of [open, audited, restored]) {
      assert.doesNotMatch(t, /\*\*|__|`|\[.*\]\(/, `markup in: ${t}`);
      assert.match(t, /^Marketplace Guard: /);
    }
    assert.match(open, /only open files checked \(2 policy errors, 1 warning, 1 note\)\. The workspace has not been audited\./);
    assert.match(audited, /whole workspace audited at \d{1,2}.05/);
    assert.match(audited, /\n2 policy errors, 1 warning, 1 note\.\n/);
    assert.match(restored, /whole workspace audited; open files/);
    assert.match(restored, /0 policy errors, 0 warnings, 0 notes/);
  });
});
