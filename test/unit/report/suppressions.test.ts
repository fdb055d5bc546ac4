import { strict as assert } from 'assert';
import type * as Sarif from 'sarif';
import { analyseFile } from '../../../server/src/core/engine';
import literal from '../../../server/src/core/rules/code/no-api-token-literal';
import invalidSuppression from '../../../server/src/core/rules/meta/invalid-suppression';
import { isPlaceholderReason } from '../../../server/src/core/suppressions';
import { sarifSchemaErrors } from '../../support/sarif';
import { fakeApiToken } from '../../support/secrets';
import { buildCliOnce, makeWorkspace, removeWorkspace, runCli } from '../../support/workspace';

const token = fakeApiToken();

/** What a directive with this reason does to the finding below it and to the directive itself. */
function outcome(reason: string): { shown: string[]; justification: string | undefined } {
  const text = `// marketplace-guard-disable-next-line no-api-token-literal${reason}\nconst jiraApiToken = '${token}';\n`;
  const result = analyseFile('src/a.ts', text, { rules: [literal, invalidSuppression] });
  return {
    shown: result.findings.map((f) => `${f.ruleId}:${f.messageId}`),
    justification: result.suppressed?.find((f) => f.ruleId === 'no-api-token-literal')?.justification,
  };
}

describe('suppression reasons and suppressed findings in reports', () => {
  describe('a placeholder is not a reason', () => {
    for (const placeholder of [' -- reason', ' -- <reason>', ' -- ${1:reason}', ' -- TODO', ' -- tbd', ' -- ...', ' --', ' -- [reason]', ' -- Reason.']) {
      it(`"${placeholder}" is reported as a suppression without a reason`, () => {
        const r = outcome(placeholder);
        assert.deepEqual(r.shown, ['invalid-suppression:missingReason']);
        assert.equal(r.justification, '', 'the finding is still suppressed, with no justification');
      });
    }
    for (const reason of ['revoked fixture for the parser test', 'reason: the value is a revoked sample', 'TODO remove after the 3LO migration ships']) {
      it(`"${reason}" is a reason`, () => {
        const r = outcome(` -- ${reason}`);
        assert.deepEqual(r.shown, []);
        assert.equal(r.justification, reason);
        assert.equal(isPlaceholderReason(reason), false);
      });
    }
  });

  describe('CLI audit', function () {
    this.timeout(120_000);
    let root = '';
    before(() => {
      buildCliOnce();
      root = makeWorkspace(
        {
          'src/fixture.ts': [
            '// marketplace-guard-disable-next-line no-api-token-literal -- revoked token kept for the parser test',
            `export const jiraApiToken = '${token}';`,
            `export const jiraOtherToken = '${token}';`,
            '',
          ].join('\n'),
          'config/app.yml': `# marketplace-guard-disable-next-line no-api-token-literal -- reason\njiraApiToken: ${token}\n`,
        },
        'suppressed-app',
      );
    });
    after(() => removeWorkspace(root));

    it('SARIF lists suppressed findings as results with inSource suppressions and their justification', () => {
      const r = runCli(['audit', root, '--format', 'sarif']);
      assert.equal(r.status, 1, r.stderr);
      const log = JSON.parse(r.stdout) as Sarif.Log;
      assert.deepEqual(sarifSchemaErrors(log), []);
      const results = log.runs[0]?.results ?? [];
      const at = (file: string, line: number, ruleId: string): Sarif.Result | undefined =>
        results.find(
          (x) =>
            x.ruleId === ruleId &&
            x.locations?.[0]?.physicalLocation?.artifactLocation?.uri === file &&
            x.locations[0].physicalLocation.region?.startLine === line,
        );
      const suppressed = at('src/fixture.ts', 2, 'no-api-token-literal');
      assert.ok(suppressed, 'the suppressed finding is in the log');
      assert.deepEqual(suppressed.suppressions, [{ kind: 'inSource', justification: 'revoked token kept for the parser test' }]);
      assert.equal(suppressed.level, 'error');
      const open = at('src/fixture.ts', 3, 'no-api-token-literal');
      assert.ok(open);
      assert.equal(open.suppressions, undefined, 'an unsuppressed finding carries no suppressions');
      // `-- reason` suppresses but justifies nothing: no justification, and the directive is reported.
      assert.deepEqual(at('config/app.yml', 2, 'no-api-token-literal')?.suppressions, [{ kind: 'inSource' }]);
      assert.ok(at('config/app.yml', 1, 'invalid-suppression'));
      assert.ok(!r.stdout.includes(token.slice(6, 30)), 'no secret in the log');
    });

    it('JSON and text keep leaving suppressed findings out', () => {
      const json = JSON.parse(runCli(['audit', root, '--format', 'json']).stdout) as { findings: { file: string; ruleId: string; range: { start: { line: number } } }[] };
      const literals = json.findings.filter((f) => f.ruleId === 'no-api-token-literal').map((f) => `${f.file}:${f.range.start.line}`);
      assert.deepEqual(literals, ['src/fixture.ts:3']);
      const text = runCli(['audit', root]).stdout;
      assert.ok(!/^ {2}2:\d+ +error/m.test(text.split('src/fixture.ts')[1] ?? ''), text);
    });
  });
});
