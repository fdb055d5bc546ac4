import rule from '../../../server/src/core/rules/manifest/no-broad-scope';
import { runRuleTests } from '../../support/rule-tester';

const ME = { 'src/me.ts': "import api, { route } from '@forge/api';\nexport const me = () => api.asUser().requestJira(route`/rest/api/3/myself`);\n" };
const GRANULAR_ME = ['read:application-role:jira', 'read:avatar:jira', 'read:group:jira', 'read:user:jira'];
const TRIGGER = 'modules:\n  trigger:\n    - key: t\n      function: f\n      events:\n        - avi:jira:created:issue\n';

runRuleTests(rule, {
  valid: [
    { name: 'the granular scopes the call needs', file: 'manifest.yml', code: `permissions:\n  scopes:\n${GRANULAR_ME.map((s) => `    - ${s}\n`).join('')}`, files: ME },
    { name: 'a classic scope a trigger needs (no granular alternative documented)', file: 'manifest.yml', code: `${TRIGGER}permissions:\n  scopes:\n    - read:jira-work\n`, files: ME },
    { name: '3LO scopes without admin scopes', file: 'server/auth.ts', code: "// Atlassian 3LO\nexport const scope = 'read:jira-work offline_access';\n" },
    { name: 'a lone manifest (no code seen) is judged only for admin scopes', file: 'manifest.yml', code: 'permissions:\n  scopes:\n    - read:jira-work\n' },
  ],
  invalid: [
    {
      name: 'a classic scope whose calls all have granular scopes: replaced by them, one per line',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-user\n',
      files: ME,
      errors: [{ messageId: 'classic', line: 3, data: { scope: 'read:jira-user', replacement: GRANULAR_ME.join(', ') } }],
      output: `permissions:\n  scopes:\n${GRANULAR_ME.map((s) => `    - ${s}\n`).join('')}`,
    },
    {
      name: 'write: where the code only reads',
      file: 'manifest.yml',
      code: `${TRIGGER}permissions:\n  scopes:\n    - write:jira-work\n`,
      files: { 'src/get.ts': "import api, { route } from '@forge/api';\nexport const get = (k: string) => api.asApp().requestJira(route`/rest/api/3/issue/${k}`);\n" },
      errors: [{ messageId: 'writeForRead', line: 9, data: { scope: 'write:jira-work', replacement: 'read:jira-work' } }],
      output: `${TRIGGER}permissions:\n  scopes:\n    - read:jira-work\n`,
    },
    {
      name: 'an admin scope',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-user\n    - manage:jira-configuration\n',
      files: { ...ME },
      errors: [
        { messageId: 'classic', line: 3 },
        { messageId: 'admin', line: 4, data: { scope: 'manage:jira-configuration' } },
      ],
      output: `permissions:\n  scopes:\n${GRANULAR_ME.map((s) => `    - ${s}\n`).join('')}    - manage:jira-configuration\n`,
    },
    {
      name: '3LO: write: where the non-Forge code only reads, in a scope string',
      file: 'src/oauth.ts',
      code: "// Atlassian OAuth 2.0 (3LO)\nexport const scope = 'write:jira-work offline_access';\n",
      files: {
        'src/jira.ts': "export const issue = (cloudId: string, key: string) =>\n  fetch(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/plans/plan/${key}`);\n",
      },
      errors: [{ messageId: 'writeForRead', line: 2, data: { scope: 'write:jira-work', replacement: 'read:jira-work' } }],
      output: "// Atlassian OAuth 2.0 (3LO)\nexport const scope = 'read:jira-work offline_access';\n",
    },
    {
      name: 'an admin scope in a 3LO authorize URL',
      file: 'server/auth.ts',
      code: "export const url = 'https://auth.atlassian.com/authorize?audience=api.atlassian.com&scope=manage%3Ajira-configuration%20read%3Ajira-work';\n",
      errors: [{ messageId: 'admin', line: 1, data: { scope: 'manage:jira-configuration' } }],
    },
  ],
});
