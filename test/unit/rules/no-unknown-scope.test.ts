import { strict as assert } from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import rule from '../../../server/src/core/rules/manifest/no-unknown-scope';
import { runRuleTests } from '../../support/rule-tester';

const AUTHORIZE = 'https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc&scope=';

runRuleTests(rule, {
  valid: [
    {
      name: 'known Forge scopes, list and map form',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-work\n    - storage:app\n    - read:issue:jira\n',
    },
    {
      name: 'scopes as a map (keys are scopes)',
      file: 'app/manifest.yml',
      code: 'permissions:\n  scopes:\n    read:jira-work: {}\n',
    },
    {
      name: "a non-Atlassian auth provider's own scopes are not Atlassian's",
      file: 'manifest.yml',
      code: 'providers:\n  auth:\n    - key: google\n      name: Google\n      scopes:\n        - https://www.googleapis.com/auth/userinfo.email\n      type: oauth2\n      bindings:\n        authentication:\n          authorization: https://accounts.google.com/o/oauth2/v2/auth\n',
    },
    {
      name: '3LO authorize URL with known scopes and offline_access',
      file: 'server/auth.ts',
      code: `export const url = \`${AUTHORIZE}read%3Ajira-work%20offline_access&redirect_uri=\${redirect}&state=\${state}&response_type=code&prompt=consent\`;\n`,
    },
    {
      name: 'a scope list of another provider in a file without Atlassian',
      file: 'server/google.ts',
      code: "export const scopes = ['profile:read', 'email'];\n",
    },
  ],
  invalid: [
    {
      name: 'a typo in permissions.scopes: did-you-mean',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-wrok\n',
      errors: [{ messageId: 'unknownSuggest', line: 3, data: { scope: 'read:jira-wrok', suggestion: 'read:jira-work' } }],
      fixes: [{ output: 'permissions:\n  scopes:\n    - read:jira-work\n', safe: true }],
    },
    {
      name: 'a correction that would change read into write is offered, never safe (fix-all must not grant more)',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:customer-org-info:jira\n',
      errors: [{ messageId: 'unknownSuggest', line: 3, data: { scope: 'read:customer-org-info:jira', suggestion: 'write:customer-org-info:jira' } }],
      fixes: [{ output: 'permissions:\n  scopes:\n    - write:customer-org-info:jira\n', safe: false }],
    },
    {
      name: 'a correction that would change write into manage is offered, never safe',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - write:confluence-configuration\n',
      errors: [{ messageId: 'unknownSuggest', line: 3, data: { scope: 'write:confluence-configuration', suggestion: 'manage:confluence-configuration' } }],
      fixes: [{ output: 'permissions:\n  scopes:\n    - manage:confluence-configuration\n', safe: false }],
    },
    {
      name: 'a scope nobody defines',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-work\n    - fly:to-the-moon\n',
      errors: [{ messageId: 'unknown', line: 4, data: { scope: 'fly:to-the-moon' } }],
    },
    {
      name: 'an encoded typo in a 3LO authorize URL keeps the encoding in the fix',
      file: 'server/auth.ts',
      code: `export const url = '${AUTHORIZE}read%3Ajira-wrok%20offline_access&response_type=code';\n`,
      errors: [{ messageId: 'unknownSuggest', line: 1, data: { suggestion: 'read:jira-work' } }],
      output: `export const url = '${AUTHORIZE}read%3Ajira-work%20offline_access&response_type=code';\n`,
    },
    {
      name: 'a scopes array of an Atlassian OAuth client',
      file: 'server/atlassianOAuth.ts',
      code: "// Atlassian OAuth 2.0 (3LO)\nexport const config = { scopes: ['read:jira-work', 'write:confluence-contents', 'offline_access'] };\n",
      errors: [{ messageId: 'unknownSuggest', line: 2, data: { suggestion: 'write:confluence-content' } }],
      output: "// Atlassian OAuth 2.0 (3LO)\nexport const config = { scopes: ['read:jira-work', 'write:confluence-content', 'offline_access'] };\n",
    },
    {
      name: "an Atlassian auth provider's scopes are checked",
      file: 'manifest.yml',
      code: 'providers:\n  auth:\n    - key: atlassian\n      name: Atlassian\n      scopes: [read:jira-wrok]\n      bindings:\n        authentication:\n          authorization: https://auth.atlassian.com/authorize\n',
      errors: [{ messageId: 'unknownSuggest', line: 5 }],
      output: 'providers:\n  auth:\n    - key: atlassian\n      name: Atlassian\n      scopes: [read:jira-work]\n      bindings:\n        authentication:\n          authorization: https://auth.atlassian.com/authorize\n',
    },
  ],
});

describe('no-unknown-scope on a generated manifest with thousands of unknown scopes', () => {
  it('reports every one; did-you-mean is computed for the first 500 only (bounded work)', () => {
    const scopes = Array.from({ length: 600 }, (_, i) => `    - read:jira-wor${"abcdefghij".charAt(i % 10)}\n`).join('');
    const found = analyseFile('manifest.yml', `permissions:\n  scopes:\n${scopes}`, { rules: [rule] }).findings;
    assert.equal(found.length, 600);
    assert.equal(found.filter((f) => f.messageId === 'unknownSuggest').length, 500);
    assert.equal(found.filter((f) => f.messageId === 'unknown').length, 100);
  });
});
