import { strict as assert } from 'assert';
import { formatMarkdown } from '../../../server/src/core/report/markdown';
import { endpointFinding, finding, reportInput } from './sample';

const now = new Date('2026-03-02T10:00:00Z');

/** The `- [ ]` items under a bold label of the "Next steps" section. */
function checklist(md: string, heading: string): string[] {
  const section = md.split('\n## Next steps\n')[1]?.split('\n## ')[0];
  assert.ok(section, 'the report has no Next steps section');
  const group = section.split(`\n**${heading}**\n`)[1]?.split('\n**')[0];
  assert.ok(group, `no "${heading}" group in:\n${section}`);
  return group.split('\n').filter((l) => l.startsWith('- [ ] ')).map((l) => l.slice(6));
}

describe('Markdown migration report: next steps', () => {
  const jira = endpointFinding('server/src/jira.ts', 12, { method: 'POST', host: 'acme.atlassian.net', path: '/rest/api/3/issue', authKind: 'basic' });
  const forge = endpointFinding('app/src/resolver.ts', 7, { method: 'GET', host: 'acme.atlassian.net', path: '/rest/api/3/myself', authKind: 'basic' });

  it('a 3LO migration: register the app with the scopes, set its variables, drop the token variables, revoke the token', () => {
    const md = formatMarkdown(reportInput([jira], { root: '/x/sync' }), { now });
    const steps = checklist(md, 'OAuth 2.0 (3LO) migration (1 finding)');
    assert.match(steps[0] ?? '', /Register one OAuth 2\.0 \(3LO\) app, yours, in the Atlassian developer console .*`write:jira-work`.*`offline_access`/);
    assert.ok(steps.some((s) => /`ATLASSIAN_CLIENT_ID`, `ATLASSIAN_CLIENT_SECRET` and `ATLASSIAN_REDIRECT_URI`/.test(s)));
    assert.ok(steps.some((s) => /`JIRA_API_TOKEN`/.test(s)));
    assert.ok(steps.some((s) => /^Revoke the API tokens/.test(s)));
    assert.doesNotMatch(md, /\*\*Forge \(/, 'no Forge steps without Forge code');
  });

  it('a Forge migration: deploy, upgrade the installation for the scopes, revoke the token', () => {
    const md = formatMarkdown(reportInput([forge], { root: '/x/app', forgeRoots: ['app'] }), { now });
    const steps = checklist(md, 'Forge (1 finding)');
    assert.deepEqual(steps, ['Run `forge deploy`, then `forge install --upgrade` so each site grants the changed scopes.', 'Revoke the API tokens the old calls used.']);
    assert.doesNotMatch(md, /\*\*OAuth 2\.0 \(3LO\) migration/);
  });

  it('secrets: rotate client secrets where they were issued, replace signing keys; a clean audit has no section', () => {
    const secret = finding('src/oauth.ts', 3, 5, { ruleId: 'no-hardcoded-client-secret', category: 'client-secrets', policy: 'OAuth implementation' });
    const key = finding('src/sign.ts', 2, 5, { ruleId: 'no-hardcoded-signing-key', category: 'client-secrets', policy: 'OAuth implementation' });
    const md = formatMarkdown(reportInput([secret, key], { root: '/x/s' }), { now });
    assert.match(checklist(md, 'Client secrets (1 finding)')[0] ?? '', /where it was issued/);
    assert.match(checklist(md, 'Signing keys and webhook tokens (1 finding)')[0] ?? '', /^Replace each exposed key/);
    assert.doesNotMatch(formatMarkdown(reportInput([], { root: '/x/clean' }), { now }), /## Next steps/);
  });
});
