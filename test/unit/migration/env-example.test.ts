import { strict as assert } from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import { applyFix } from '../../../server/src/core/fixes';
import type { Fix } from '../../../server/src/core/model';

/**
 * After the 3LO fix, `.env.example` no longer asks for the API token the code stopped reading: a new
 * developer following it would otherwise still create a token.
 */
const ENV_EXAMPLE = 'JIRA_BASE_URL=https://acme.atlassian.net\nJIRA_EMAIL=\nJIRA_API_TOKEN=\nSLACK_WEBHOOK_URL=\n';

function jiraFile(extra = ''): string {
  return [
    'export async function getIssue(key: string) {',
    '  const auth = Buffer.from(`${process.env.JIRA_EMAIL}:${process.env.JIRA_API_TOKEN}`).toString(\'base64\');',
    '  const res = await fetch(`https://acme.atlassian.net/rest/api/3/issue/${key}`, { headers: { Authorization: `Basic ${auth}` } });',
    '  return res.json();',
    '}',
    extra,
  ].join('\n');
}

function migrate(code: string): Map<string, string> {
  const files = new Map([['src/jira.ts', code], ['.env.example', ENV_EXAMPLE]]);
  const { findings } = analyseFile('src/jira.ts', code, { readFile: (p) => files.get(p) });
  const fix: Fix | undefined = findings.find((f) => f.ruleId === 'no-api-token-basic-auth')?.fixes.find((x) => /3LO/.test(x.title));
  assert.ok(fix, `no 3LO fix offered: ${findings.map((f) => f.message).join(' / ')}`);
  return applyFix(files, 'src/jira.ts', fix);
}

describe('3LO fix and .env.example', () => {
  it('removes the API-token variable whose last read the fix removed, and keeps the others', () => {
    const out = migrate(jiraFile());
    assert.doesNotMatch(out.get('src/jira.ts') ?? '', /JIRA_API_TOKEN/);
    const env = out.get('.env.example') ?? '';
    assert.doesNotMatch(env, /JIRA_API_TOKEN/);
    assert.match(env, /^JIRA_BASE_URL=https:\/\/acme\.atlassian\.net$/m);
    assert.match(env, /^SLACK_WEBHOOK_URL=$/m);
  });

  it('keeps the variable while the file still reads it elsewhere', () => {
    const out = migrate(jiraFile('export const tokenConfigured = Boolean(process.env.JIRA_API_TOKEN);\n'));
    assert.match(out.get('.env.example') ?? '', /^JIRA_API_TOKEN=$/m);
  });
});
