import { strict as assert } from 'assert';
import * as ts from 'typescript';
import { parseConfig } from '../../server/src/core/config';
import { analyseFile, renderMessage, type AnalyseOptions } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/model';
import { defineRule, type Rule } from '../../server/src/core/rule';
import literal from '../../server/src/core/rules/code/no-api-token-literal';
import invalidSuppression from '../../server/src/core/rules/meta/invalid-suppression';
import { fakeApiToken, windows } from '../support/secrets';

const token = fakeApiToken();

/** Only the literal rule and the suppression checker, so other rules being written meanwhile don't interfere. */
const RULES: AnalyseOptions = { rules: [literal, invalidSuppression] };

function run(path: string, text: string, options: AnalyseOptions = RULES): Finding[] {
  return analyseFile(path, text, options).findings;
}

function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.start.line}:${f.ruleId}:${f.messageId}:${f.severity}`);
}

describe('engine', () => {
  describe('suppression directives', () => {
    it('next-line with a reason hides the finding on the next line only', () => {
      const text = [
        '// marketplace-guard-disable-next-line no-api-token-literal -- revoked fixture for the parser test',
        `const jiraApiToken = '${token}';`,
        `const jiraToken2 = '${token}';`,
      ].join('\n');
      assert.deepEqual(summary(run('src/a.ts', text)), ['3:no-api-token-literal:token:error']);
    });

    it('a directive without a reason still suppresses, and is reported (info)', () => {
      const text = `// marketplace-guard-disable-next-line no-api-token-literal\nconst jiraApiToken = '${token}';\n`;
      const findings = run('src/a.ts', text);
      assert.deepEqual(summary(findings), ['1:invalid-suppression:missingReason:info']);
      assert.equal(findings[0]?.message, 'Suppression of no-api-token-literal has no reason.');
      assert.match(findings[0]?.detail ?? '', /Fix: add a reason after "--"\.$/);
      assert.equal(findings[0]?.category, 'meta');
    });

    it('disable-file covers the whole file, in a block comment too', () => {
      const text = `const a = '${token}';\n/* marketplace-guard-disable-file no-api-token-literal -- generated sample data */\nconst b = '${token}';\n`;
      assert.deepEqual(summary(run('src/jira.ts', text)), []);
    });

    it('works with # in YAML and .env, and <!-- --> in Markdown', () => {
      const yaml = `jira:\n  # marketplace-guard-disable-next-line no-api-token-literal -- revoked, kept for the migration guide\n  apiToken: ${token}\n`;
      assert.deepEqual(summary(run('config/app.yml', yaml)), []);
      const env = `# marketplace-guard-disable-next-line no-api-token-literal -- revoked\nJIRA_API_TOKEN=${token}\nJIRA_OTHER=${token}\n`;
      assert.deepEqual(summary(run('.env', env)), ['3:no-api-token-literal:token:error']);
      const md = `# Setup\n<!-- marketplace-guard-disable-next-line no-api-token-literal -- revoked example -->\nToken: ${token}\n`;
      assert.deepEqual(summary(run('README.md', md)), []);
      const mdNoReason = `<!-- marketplace-guard-disable-next-line no-api-token-literal -->\nToken: ${token}\n`;
      assert.deepEqual(summary(run('README.md', mdNoReason)), ['1:invalid-suppression:missingReason:info']);
    });

    it('reports unknown rule ids (which suppress nothing) and directives without a rule', () => {
      const text = `// marketplace-guard-disable-next-line no-api-token-litteral -- typo\nconst jiraApiToken = '${token}';\n// marketplace-guard-disable-file\n`;
      const findings = run('src/a.ts', text);
      assert.deepEqual(summary(findings), [
        '1:invalid-suppression:unknownRule:info',
        '2:no-api-token-literal:token:error',
        '3:invalid-suppression:missingRule:info',
      ]);
      assert.match(findings[0]?.message ?? '', /Unknown rule "no-api-token-litteral"/);
    });

    it('several rule ids, comma-separated', () => {
      const text = `// marketplace-guard-disable-next-line no-api-token-basic-auth, no-api-token-literal -- fixture\nconst jiraApiToken = '${token}';\n`;
      assert.deepEqual(summary(run('src/a.ts', text)), []);
    });

    it('does not report directives when invalid-suppression is off', () => {
      const config = parseConfig({ rules: { 'invalid-suppression': 'off' } });
      const text = `// marketplace-guard-disable-next-line no-api-token-literal\nconst jiraApiToken = '${token}';\n`;
      assert.deepEqual(summary(run('src/a.ts', text, { ...RULES, config })), []);
    });
  });

  describe('configuration', () => {
    const text = `const jiraApiToken = '${token}';\n`;

    it('overrides a rule severity', () => {
      const config = parseConfig({ rules: { 'no-api-token-literal': 'warning' } });
      assert.deepEqual(summary(run('src/a.ts', text, { ...RULES, config })), ['1:no-api-token-literal:token:warning']);
    });

    it('turns a rule off', () => {
      const config = parseConfig({ rules: { 'no-api-token-literal': 'off' } });
      assert.deepEqual(run('src/a.ts', text, { ...RULES, config }), []);
    });

    it('rejects unknown rule ids and bad severities in config', () => {
      assert.throws(() => parseConfig({ rules: { bogus: 'error' } }, new Set(['no-api-token-literal'])), /unknown rule "bogus"/);
      assert.throws(() => parseConfig({ rules: { 'no-api-token-literal': 'fatal' } }), /severity must be/);
      assert.throws(() => parseConfig([]), /JSON object/);
    });
  });

  describe('prefilter and failure isolation', () => {
    const messages = { hit: 'Found {{what}} here.' };
    const meta = { category: 'api-tokens', defaultSeverity: 'error', policy: 'Test policy', description: 'Test rule.', messages, fixable: false } as const;

    function counter(id: string, prefilter?: RegExp): Rule & { calls: number } {
      const rule = {
        calls: 0,
        ...defineRule({
          id,
          kinds: ['code'],
          meta,
          ...(prefilter ? { prefilter } : {}),
          create: (ctx) => ({
            [ts.SyntaxKind.StringLiteral]: (node: ts.Node) => {
              rule.calls++;
              ctx.report({ range: { start: node.getStart(), end: node.end }, messageId: 'hit', data: { what: 'a string' } });
            },
          }),
        }),
      };
      return rule;
    }

    it('skips a rule whose prefilter fails, and parses no file nobody wants', () => {
      const wanted = counter('test-wanted', /needle/);
      const result = analyseFile('src/a.ts', `const x = 'hay';\n`, { rules: [wanted] });
      assert.equal(wanted.calls, 0);
      assert.equal(result.parsed, false);
      assert.deepEqual(result.findings, []);
      const hit = analyseFile('src/a.ts', `const x = 'needle';\n`, { rules: [wanted] });
      assert.equal(hit.parsed, true);
      assert.equal(hit.findings[0]?.message, 'Found a string here.');
    });

    it('a rule that throws in check() is recorded; the others still report', () => {
      const broken = defineRule({ id: 'test-broken', kinds: ['code'], meta, check: () => { throw new Error('kaput'); } });
      const ok = counter('test-ok');
      const result = analyseFile('src/a.ts', `const x = 'y';\n`, { rules: [broken, ok] });
      assert.deepEqual(result.failures, [{ ruleId: 'test-broken', message: 'kaput' }]);
      assert.deepEqual(result.findings.map((f) => f.ruleId), ['test-ok']);
    });

    it('a rule failure never carries a secret from the file (JSON.parse quotes its input)', () => {
      const token = fakeApiToken();
      // Node's JSON.parse quotes the start of bad input; a library error may quote a whole value.
      const parsing = defineRule({ id: 'test-parses', kinds: ['code'], meta, check: (ctx) => void JSON.parse(ctx.text.slice(ctx.text.indexOf(token))) });
      const quoting = defineRule({ id: 'test-quotes', kinds: ['code'], meta, check: () => { throw new Error(`invalid header value '${token}'`); } });
      const result = analyseFile('src/a.ts', `const jiraApiToken = '${token}';\n`, { rules: [parsing, quoting] });
      assert.equal(result.failures.length, 2);
      assert.match(result.failures[0]?.message ?? '', /JSON/);
      assert.match(result.failures[1]?.message ?? '', /^invalid header value '/);
      for (const f of result.failures) {
        for (const w of windows(token)) assert.ok(!f.message.includes(w), `failure message holds "${w}": ${f.message}`);
      }
    });

    it('a visitor that throws is dropped for the rest of the file; the walk goes on for others', () => {
      let visits = 0;
      const throwing = defineRule({
        id: 'test-visitor-throws',
        kinds: ['code'],
        meta,
        create: () => ({
          [ts.SyntaxKind.StringLiteral]: () => {
            visits++;
            throw new Error('visitor failed');
          },
          onEnd: () => assert.fail('onEnd of a dead rule must not run'),
        }),
      });
      const ok = counter('test-ok');
      const result = analyseFile('src/a.ts', `const a = 'x';\nconst b = 'y';\n`, { rules: [throwing, ok] });
      assert.equal(visits, 1);
      assert.deepEqual(result.failures, [{ ruleId: 'test-visitor-throws', message: 'visitor failed' }]);
      assert.equal(result.findings.length, 2);
    });

    it('an unknown messageId is a rule failure, not a crash', () => {
      const wrong = defineRule({
        id: 'test-wrong-id',
        kinds: ['code'],
        meta,
        check: (ctx) => ctx.report({ range: { start: 0, end: 1 }, messageId: 'nope' }),
      });
      const result = analyseFile('src/a.ts', 'x', { rules: [wrong] });
      assert.match(result.failures[0]?.message ?? '', /unknown messageId "nope"/);
    });

    it('an onEnd that throws is recorded', () => {
      const late = defineRule({
        id: 'test-late',
        kinds: ['code'],
        meta,
        create: () => ({ onEnd: () => { throw new Error('late'); } }),
      });
      assert.deepEqual(analyseFile('src/a.ts', 'x', { rules: [late] }).failures, [{ ruleId: 'test-late', message: 'late' }]);
    });
  });

  it('renders {{placeholders}} and leaves unknown ones visible', () => {
    assert.equal(renderMessage('{{a}} and {{ b }} and {{c}}', { a: 1, b: 'two' }), '1 and two and {{c}}');
  });

  it('positions are 1-based, with CRLF line ends', () => {
    const f = run('src/a.ts', `// x\r\nconst jiraApiToken = '${token}';\r\n`)[0];
    assert.deepEqual([f?.start, f?.end], [{ line: 2, column: 23 }, { line: 2, column: 23 + token.length }]);
  });
});
