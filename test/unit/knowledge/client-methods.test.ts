import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { JIRA_JS_VERSION, clientClasses, clientEndpoint, clientTable, isClientMethodName } from '../../../server/src/core/knowledge/client-methods';
import { scopesForEndpoint } from '../../../server/src/core/knowledge/endpoints';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every jira.js row as `Client group.method METHOD path`. */
function jiraRows(): { id: string; product: 'jira' | 'confluence' | 'bitbucket'; method: string; path: string }[] {
  return clientClasses()
    .filter((c) => c.pkg === 'jira.js')
    .flatMap(({ name, table }) =>
      Object.entries(table.groups).flatMap(([group, methods]) =>
        Object.entries(methods).map(([m, [method, p]]) => ({ id: `${name} ${group}.${m} ${method} ${p}`, product: table.product, method, path: p })),
      ),
    );
}

describe('knowledge: jira.js / confluence.js method → endpoint table', () => {
  it('is read from the jira.js version installed, for its four client classes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'jira.js', 'package.json'), 'utf8')) as { version: string };
    assert.equal(JIRA_JS_VERSION, pkg.version);
    const counts = Object.fromEntries(clientClasses().map(({ name, table }) => [name, Object.values(table.groups).reduce((n, g) => n + Object.keys(g).length, 0)]));
    for (const [name, min] of [['Version2Client', 500], ['Version3Client', 500], ['AgileClient', 80], ['ServiceDeskClient', 50], ['ConfluenceClient', 5]] as const) {
      assert.ok((counts[name] ?? 0) >= min, `${name}: ${counts[name] ?? 0} methods`);
    }
  });

  it('every jira.js row is a clean template under its client REST prefix (no `${`, no query)', () => {
    const prefix: Readonly<Record<string, RegExp>> = {
      Version2Client: /^\/rest\/(?:api\/2|atlassian-connect\/1|forge\/1)\//,
      Version3Client: /^\/rest\/(?:api\/3|atlassian-connect\/1|forge\/1)\//,
      AgileClient: /^\/rest\/(?:agile|builds|deployments|devinfo|devopscomponents|featureflags|operations|remotelinks|security)\//,
      ServiceDeskClient: /^\/rest\/servicedeskapi\//,
    };
    // jira.js 4.1.3's Version2Client sends bulkFetchIssues to REST v3: the table says what the library
    // does, which a blanket 3 → 2 rewrite of the paths would have hidden.
    const knownV3FromV2 = new Set(['Version2Client issues.bulkFetchIssues POST /rest/api/3/issue/bulkfetch']);
    const bad = jiraRows().filter((r) => {
      if (knownV3FromV2.has(r.id)) return false;
      const [cls] = r.id.split(' ');
      const re = prefix[cls ?? ''];
      return !re?.test(r.path) || /[$?#`]|\{\}|\/\//.test(r.path) || !/^(?:GET|POST|PUT|DELETE|PATCH)$/.test(r.method);
    });
    assert.deepEqual(bad.map((r) => r.id), []);
  });

  it('reads literal, template, `${parameters.x}` and `${localVariable}` urls', () => {
    const cases: [string, string, string, string, string][] = [
      ['Version3Client', 'issueWorklogs', 'addWorklog', 'POST', '/rest/api/3/issue/{issueIdOrKey}/worklog'],
      ['Version3Client', 'projectVersions', 'getVersion', 'GET', '/rest/api/3/version/{id}'],
      ['Version3Client', 'myself', 'getCurrentUser', 'GET', '/rest/api/3/myself'],
      ['Version2Client', 'issues', 'createIssue', 'POST', '/rest/api/2/issue'],
      ['AgileClient', 'sprint', 'moveIssuesToSprintAndRank', 'POST', '/rest/agile/1.0/sprint/{sprintId}/issue'],
      ['ServiceDeskClient', 'serviceDesk', 'getServiceDesks', 'GET', '/rest/servicedeskapi/servicedesk'],
    ];
    for (const [cls, group, method, verb, p] of cases) {
      const table = clientTable('jira.js', cls);
      assert.ok(table, cls);
      assert.deepEqual(clientEndpoint(table, group, method), [verb, p], `${cls} ${group}.${method}`);
    }
  });

  it('keeps every row of the former hand-written jira.js table, with the same endpoint', () => {
    const former: [string, string, string, string][] = [
      ['issues', 'getIssue', 'GET', '/rest/api/3/issue/{issueIdOrKey}'],
      ['issues', 'createIssue', 'POST', '/rest/api/3/issue'],
      ['issues', 'editIssue', 'PUT', '/rest/api/3/issue/{issueIdOrKey}'],
      ['issues', 'deleteIssue', 'DELETE', '/rest/api/3/issue/{issueIdOrKey}'],
      ['issues', 'doTransition', 'POST', '/rest/api/3/issue/{issueIdOrKey}/transitions'],
      ['issueComments', 'addComment', 'POST', '/rest/api/3/issue/{issueIdOrKey}/comment'],
      ['issueComments', 'getComments', 'GET', '/rest/api/3/issue/{issueIdOrKey}/comment'],
      ['projects', 'getProject', 'GET', '/rest/api/3/project/{projectIdOrKey}'],
      ['projects', 'searchProjects', 'GET', '/rest/api/3/project/search'],
      ['myself', 'getCurrentUser', 'GET', '/rest/api/3/myself'],
      ['users', 'getUser', 'GET', '/rest/api/3/user'],
      ['issueSearch', 'searchForIssuesUsingJql', 'GET', '/rest/api/3/search'],
      ['issueSearch', 'searchForIssuesUsingJqlEnhancedSearch', 'GET', '/rest/api/3/search/jql'],
    ];
    const v3 = clientTable('jira.js', 'Version3Client');
    assert.ok(v3);
    for (const [group, method, verb, p] of former) assert.deepEqual(clientEndpoint(v3, group, method), [verb, p], `${group}.${method}`);
  });

  it('finds nothing for unknown packages, classes, groups, methods or Object.prototype names', () => {
    assert.equal(clientTable('jira.js', 'BaseClient'), undefined);
    assert.equal(clientTable('jira.js', 'toString'), undefined);
    assert.equal(clientTable('jira-client', 'Version3Client'), undefined);
    const v3 = clientTable('jira.js', 'Version3Client');
    assert.ok(v3);
    assert.equal(clientEndpoint(v3, 'board', 'getAllBoards'), undefined);
    assert.equal(clientEndpoint(v3, 'issues', 'hasOwnProperty'), undefined);
    assert.equal(clientEndpoint(v3, 'constructor', 'name'), undefined);
    assert.equal(isClientMethodName('board', 'getAllBoards'), true);
    assert.equal(isClientMethodName('issues', 'toString'), false);
  });

  it('at least 95 % of the jira.js rows resolve to scopes through the endpoint table', () => {
    const rows = jiraRows();
    const misses = rows.filter((r) => {
      const s = scopesForEndpoint({ product: r.product, method: r.method, path: r.path });
      return !s || s.classic.length + s.granular.length === 0;
    });
    const share = (rows.length - misses.length) / rows.length;
    // Misses are Connect-only (/rest/atlassian-connect/) and operations the current specs no longer
    // publish with OAuth scopes: listed, not failed, while they stay under 5 %.
    process.stdout.write(`      ${rows.length - misses.length}/${rows.length} rows resolve (${(share * 100).toFixed(1)} %); misses:\n${misses.map((m) => `        ${m.id}\n`).join('')}`);
    assert.ok(share >= 0.95, `${(share * 100).toFixed(1)} % of the jira.js rows resolve`);
  });
});
