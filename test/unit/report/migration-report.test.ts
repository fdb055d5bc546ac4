import { strict as assert } from 'assert';
import * as path from 'path';
import { formatMarkdown } from '../../../server/src/core/report/markdown';
import { audit } from '../../../server/src/core/workspace';

describe('migration report for examples/legacy-jira-sync', () => {
  const result = audit(path.resolve(__dirname, '..', '..', '..', 'examples', 'legacy-jira-sync'));
  const md = formatMarkdown({ ...result, version: '0.1.0' }, { now: new Date('2026-12-01T00:00:00Z') });

  it('lists each endpoint called with an API token with the OAuth scopes it needs and its replacement', () => {
    const table = md.slice(md.indexOf('## Endpoints called with an API token'), md.indexOf('## Other findings'));
    const expected: [string, string, string, string][] = [
      ['POST', '/wiki/api/v2/pages', 'src/confluence.js:8', '`write:page:confluence`'],
      ['GET', '/rest/api/3/search/jql', 'src/jiraClient.ts:42', '`read:jira-work`'],
      ['POST', '/rest/api/3/issue', 'src/jiraClient.ts:59', '`write:jira-work`'],
      ['PUT', '/rest/api/3/issue/{issueKey}', 'src/jiraClient.ts:68', '`write:jira-work`'],
    ];
    for (const [method, p, where, scope] of expected) {
      const row = table.split('\n').find((l) => l.includes(`\`${where}\``));
      assert.ok(row, where);
      assert.ok(row.startsWith(`| ${method} | \`${p}\` |`), row);
      assert.ok(row.includes(`| ${scope}`), row);
      assert.match(row, /api\.atlassian\.com\/ex\/(jira|confluence)\/\{cloudId\}/);
    }
    assert.match(md, /OAuth scopes these calls need: `read:jira-work`, `write:jira-work`, `write:page:confluence`/);
  });

  it('lists the page asking customers for their own OAuth app beside the endpoints, once', () => {
    const section = md.slice(md.indexOf('## OAuth apps customers are told to create'), md.indexOf('## Other findings'));
    assert.match(section, /Apps that collect API tokens or instruct customers to create individual 3LO apps don't comply/);
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    assert.deepEqual(rows, ['| `web/oauth-settings.tsx:28` | The form field "jiraClientSecret" asks for the client secret of a customer-made OAuth app. |']);
    const others = md.slice(md.indexOf('## Other findings'), md.indexOf('## Rules'));
    assert.ok(others.length > 0 && !others.includes('no-customer-oauth-app'), 'not repeated under other findings');
    assert.match(md.slice(md.indexOf('## Rules')), /^- `no-customer-oauth-app` \(error by default; .*\*\*Fix:\*\* one distributable OAuth 2\.0 \(3LO\) app/m, 'explained once under Rules');
    assert.match(md, /1 place makes customers create their own OAuth app/);
  });

  it('holds no credential value', () => {
    assert.ok(!/ATATT3|ATCTT3/.test(md));
  });
});
