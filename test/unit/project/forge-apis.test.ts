import { strict as assert } from 'assert';
import { parseCode } from '../../../server/src/core/engine';
import { needsOfCall } from '../../../server/src/core/project/assess';
import { extractUsage } from '../../../server/src/core/project/usage';

/** Calls as the scope rules see them: `via product METHOD api-or-path`. */
function callsOf(file: string, code: string): string[] {
  return extractUsage(parseCode(file, code)).calls.map((c) => `${c.via} ${c.product} ${c.method ?? '*'} ${c.api ?? c.path ?? '?'}`);
}

describe('usage: Forge APIs that call products for the app', () => {
  it('UI Kit property hooks: read-only when the setter and deleter are not taken', () => {
    const code = "import { useIssueProperty, useSpaceProperty } from '@forge/react';\nexport const A = () => {\n  const [a] = useIssueProperty('a', 0);\n  const [b, setB] = useIssueProperty('b', 0);\n  const s = useSpaceProperty('s', {});\n  return [a, b, setB, s];\n};\n";
    assert.deepEqual(callsOf('src/frontend/a.jsx', code), ['ui-kit jira GET useIssueProperty', 'ui-kit jira * useIssueProperty', 'ui-kit confluence * useSpaceProperty']);
  });

  it('the legacy UI Kit package counts too; a same-named local hook does not', () => {
    assert.deepEqual(callsOf('src/a.jsx', "import { useIssueProperty } from '@forge/ui-jira';\nexport const A = () => useIssueProperty('k', 1);\n"), ['ui-kit jira * useIssueProperty']);
    assert.deepEqual(callsOf('src/b.jsx', "const useIssueProperty = (k) => [k];\nexport const fetchLike = 'fetch';\nexport const B = () => useIssueProperty('k');\n"), []);
  });

  it('properties API: the method from get/set/delete; authorize() checks permissions in both products', () => {
    const code = "import api, { properties, authorize } from '@forge/api';\nexport const a = (k: string) => properties.onJiraIssue(k).get('x');\nexport const b = (k: string) => api.properties.onConfluencePage(k).delete('x');\nexport const c = (k: string) => properties.onJiraProject(k);\nexport const d = (k: string) => authorize().onJiraIssue(k).canEdit?.();\n";
    assert.deepEqual(callsOf('src/index.ts', code), [
      'forge-api jira GET properties.onJiraIssue',
      'forge-api confluence DELETE properties.onConfluencePage',
      'forge-api jira * properties.onJiraProject',
      'forge-api jira * authorize',
      'forge-api confluence * authorize',
    ]);
  });

  it('their needs count as used and are never demanded', () => {
    const [call] = extractUsage(parseCode('src/index.ts', "import { properties } from '@forge/api';\nexport const a = (k: string) => properties.onJiraIssue(k).set('x', 1);\n")).calls;
    assert.ok(call);
    const { needs } = needsOfCall(call);
    assert.deepEqual(needs.map((n) => [n.classic, n.granular, n.ambiguous]), [[['write:jira-work'], ['write:issue.property:jira'], true]]);
  });

  it('a route that is not visible may need any scope of an operation with its method', () => {
    const [get] = extractUsage(parseCode('static/ui/src/a.js', "import { requestJira } from '@forge/bridge';\nexport const get = (p) => requestJira(p);\n")).calls;
    assert.ok(get);
    const { needs, resolved } = needsOfCall(get);
    assert.equal(resolved, false);
    const scopes = new Set(needs.flatMap((n) => n.classic));
    assert.ok(scopes.has('read:jira-work') && scopes.has('manage:jira-configuration'), 'GET operations read issues and configuration');
    assert.ok(!scopes.has('write:jira-work'), 'no GET operation writes');
    assert.ok(needs.every((n) => n.ambiguous));
  });

  it('data-provider APIs are also allowed by manage:jira-data-provider', () => {
    const [call] = extractUsage(parseCode('src/a.ts', "import api, { route } from '@forge/api';\nexport const f = () => api.asApp().requestJira(route`/rest/builds/0.1/bulk`, { method: 'POST' });\n")).calls;
    assert.ok(call);
    assert.deepEqual(needsOfCall(call).needs.map((n) => n.alt), [['manage:jira-data-provider']]);
  });
});
