import { strict as assert } from 'assert';
import { ENDPOINT_SOURCES, matchOperations, scopesForEndpoint } from '../../../server/src/core/knowledge/endpoints';
import { didYouMean, isKnownScope } from '../../../server/src/core/knowledge/scopes';

describe('knowledge: endpoint → scopes table', () => {
  it('names its sources with dates and counts', () => {
    assert.equal(ENDPOINT_SOURCES.length, 6);
    for (const s of ENDPOINT_SOURCES) {
      assert.match(s.date, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(s.withScopes > 0 && s.withScopes <= s.operations, s.file);
    }
  });

  it('GET issue: classic read:jira-work, granular read:issue:jira among others', () => {
    const s = scopesForEndpoint({ method: 'GET', path: '/rest/api/3/issue/{issueKey}' });
    assert.ok(s);
    assert.deepEqual(s.classic, ['read:jira-work']);
    assert.ok(s.granular.includes('read:issue:jira'));
    assert.equal(s.operations.length, 1);
    assert.equal(s.operations[0]?.path, '/rest/api/3/issue/{issueIdOrKey}');
  });

  it('a value decided at run time fills a parameter, not a literal sibling (createmeta, picker)', () => {
    const ops = matchOperations('jira', 'GET', '/rest/api/3/issue/{key}');
    assert.deepEqual(ops.map((o) => o.path), ['/rest/api/3/issue/{issueIdOrKey}']);
    assert.deepEqual(matchOperations('jira', 'GET', '/rest/api/3/issue/createmeta').map((o) => o.path), ['/rest/api/3/issue/createmeta']);
  });

  it('an unknown method yields every method of the path (never GET only)', () => {
    const methods = matchOperations('jira', undefined, '/rest/api/3/issue/{key}').map((o) => o.method).sort();
    assert.deepEqual(methods, ['DELETE', 'GET', 'PUT']);
    const s = scopesForEndpoint({ path: '/rest/api/3/issue/ABC-1' });
    assert.deepEqual(s?.classic, ['read:jira-work', 'write:jira-work']);
  });

  it('Jira REST v2 is derived from v3 and says so', () => {
    const [op] = matchOperations('jira', 'POST', '/rest/api/2/issue');
    assert.equal(op?.derivedFrom, '/rest/api/3/');
    assert.equal(op?.path, '/rest/api/2/issue');
    assert.deepEqual(op?.classic, ['write:jira-work']);
  });

  it('gateway paths, Confluence v1/v2, Jira Software (inferred classic), JSM and Bitbucket', () => {
    assert.deepEqual(scopesForEndpoint({ method: 'GET', host: 'api.atlassian.com', path: '/ex/jira/{cloudId}/rest/api/3/myself' })?.classic, ['read:jira-user']);
    assert.deepEqual(scopesForEndpoint({ method: 'POST', path: '/wiki/api/v2/pages' })?.granular, ['write:page:confluence']);
    assert.ok(scopesForEndpoint({ method: 'GET', path: '/wiki/rest/api/content/search' })?.classic.length);
    assert.deepEqual(scopesForEndpoint({ method: 'GET', path: '/rest/agile/1.0/board' })?.classic, ['read:jira-work']);
    assert.ok(scopesForEndpoint({ method: 'GET', path: '/rest/servicedeskapi/servicedesk' })?.classic.length);
    const bb = scopesForEndpoint({ method: 'GET', host: 'api.bitbucket.org', path: '/repositories/{workspace}/{repo_slug}' });
    assert.equal(bb?.product, 'bitbucket');
    assert.ok(bb?.granular.includes('read:repository:bitbucket'));
    assert.ok(bb?.classic.includes('repository'));
  });

  it('unknown endpoints give undefined', () => {
    assert.equal(scopesForEndpoint({ method: 'GET', path: '/rest/api/3/nope/nope/nope' }), undefined);
    assert.equal(scopesForEndpoint({ method: 'GET', path: '/health' }), undefined);
    assert.equal(scopesForEndpoint({ method: 'GET' }), undefined);
  });
});

describe('knowledge: scope names', () => {
  it('knows Forge scopes, and offline_access only for 3LO', () => {
    assert.ok(isKnownScope('read:jira-work', 'forge'));
    assert.ok(isKnownScope('storage:app', 'forge'));
    assert.ok(!isKnownScope('offline_access', 'forge'));
    assert.ok(isKnownScope('offline_access', '3lo'));
    assert.ok(isKnownScope('repository', '3lo'), 'Bitbucket consumer scopes from the REST spec');
  });

  it('suggests the nearest known scope for typos, nothing for nonsense', () => {
    assert.equal(didYouMean('read:jira-wrok', 'forge'), 'read:jira-work');
    assert.equal(didYouMean('write:confluence-contents', 'forge'), 'write:confluence-content');
    assert.equal(didYouMean('fly:to-the-moon', 'forge'), undefined);
  });
});
