import rule from '../../../server/src/core/rules/manifest/no-unused-scope';
import { runRuleTests } from '../../support/rule-tester';

const CODE = {
  'src/index.ts': "import api, { route } from '@forge/api';\nexport const me = () => api.asUser().requestJira(route`/rest/api/3/myself`);\n",
};

const GATEWAY = {
  'src/jira.ts': "export const issue = (cloudId: string, key: string, token: string) =>\n  fetch(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/issue/${key}`, { headers: { Authorization: `Bearer ${token}` } });\n",
};
// jira.js methods the former 20-row table did not know: each makes its scope used.
const JIRA_JS = {
  'src/jira.ts': "import { AgileClient, Version3Client } from 'jira.js';\nconst auth = (accessToken: string) => ({ host: 'https://api.atlassian.com/ex/jira/c1', authentication: { oauth2: { accessToken } } });\nexport const log = (t: string, k: string) => new Version3Client(auth(t)).issueWorklogs.addWorklog({ issueIdOrKey: k, timeSpentSeconds: 60 });\nconst agile = new AgileClient(auth(''));\nexport const boards = () => agile.board.getAllBoards();\n",
};
const NOT_JIRA_JS = {
  'src/fake.ts': "// not jira.js: a local object with the same method names\nconst client = { issueWorklogs: { addWorklog: (x: object) => x }, board: { getAllBoards: () => [] } };\nexport const log = () => client.issueWorklogs.addWorklog({});\nexport const boards = () => client.board.getAllBoards();\nexport const me = (cloudId: string) => fetch(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/myself`);\n",
};
const AUTH = (scope: string): string =>
  `// Atlassian OAuth 2.0 (3LO)\nexport const authorizeUrl = (state: string) =>\n  \`https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc&scope=${scope}&state=\${state}&response_type=code\`;\n`;

runRuleTests(rule, {
  valid: [
    { name: '3LO: no call of the workspace is known, nothing is judged', file: 'src/auth.ts', code: AUTH('read%3Ajira-work%20write%3Ajira-work') },
    { name: '3LO: every requested scope is used', file: 'src/auth.ts', code: AUTH('read%3Ajira-work%20offline_access'), files: GATEWAY },
    { name: '3LO: jira.js worklog (write:jira-work) and agile board (read:jira-work) calls use their scopes', file: 'src/auth.ts', code: AUTH('read%3Ajira-work%20write%3Ajira-work%20offline_access'), files: JIRA_JS },
    { name: 'every scope is used', file: 'manifest.yml', code: 'permissions:\n  scopes:\n    - read:jira-user\n', files: CODE },
    { name: 'a lone manifest (no code seen) is not judged', file: 'manifest.yml', code: 'permissions:\n  scopes:\n    - read:jira-work\n' },
    {
      name: 'a product with a route decided at run time is not judged',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-user\n    - write:jira-work\n',
      files: { ...CODE, 'src/any.ts': "import api from '@forge/api';\nexport const call = (r: any) => api.asUser().requestJira(r);\n" },
    },
    {
      name: 'storage:app used by kvs, read:jira-work by a trigger',
      file: 'manifest.yml',
      code: 'modules:\n  trigger:\n    - key: t\n      function: f\n      events: [avi:jira:updated:issue]\npermissions:\n  scopes:\n    - storage:app\n    - read:jira-work\n',
      files: { 'src/store.ts': "import { kvs } from '@forge/kvs';\nexport const save = (k: string) => kvs.set(k, 1);\n" },
    },
    {
      name: 'scopes the tool knows nothing about (Rovo) are never called unused',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-user\n    - read:chat:rovo\n',
      files: CODE,
    },
  ],
  invalid: [
    {
      name: '3LO: a scope the non-Forge calls never need, removed with its separator',
      file: 'src/auth.ts',
      code: AUTH('read%3Ajira-work%20write%3Ajira-work%20offline_access'),
      files: GATEWAY,
      errors: [{ messageId: 'unused3lo', line: 3, data: { scope: 'write:jira-work' } }],
      output: AUTH('read%3Ajira-work%20offline_access'),
    },
    {
      name: '3LO: a scopes array element, removed with its comma',
      file: 'src/oauth.ts',
      code: "// Atlassian OAuth 2.0 (3LO)\nexport const scopes = ['read:jira-work', 'read:confluence-content.all', 'offline_access'];\n",
      files: GATEWAY,
      errors: [{ messageId: 'unused3lo', line: 2, data: { scope: 'read:confluence-content.all' } }],
      output: "// Atlassian OAuth 2.0 (3LO)\nexport const scopes = ['read:jira-work', 'offline_access'];\n",
    },
    {
      name: '3LO: jira.js calls need no read:jira-user',
      file: 'src/auth.ts',
      code: AUTH('read%3Ajira-work%20write%3Ajira-work%20read%3Ajira-user'),
      files: JIRA_JS,
      errors: [{ messageId: 'unused3lo', line: 3, data: { scope: 'read:jira-user' } }],
      output: AUTH('read%3Ajira-work%20write%3Ajira-work'),
    },
    {
      name: '3LO: the same method names on an object that is not a jira.js client use nothing',
      file: 'src/auth.ts',
      code: AUTH('read%3Ajira-user%20write%3Ajira-work'),
      files: NOT_JIRA_JS,
      errors: [{ messageId: 'unused3lo', line: 3, data: { scope: 'write:jira-work' } }],
      output: AUTH('read%3Ajira-user'),
    },
    {
      name: 'a Confluence scope no call needs',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-user\n    - write:confluence-content\n',
      files: CODE,
      errors: [{ messageId: 'unused', line: 4, data: { scope: 'write:confluence-content' } }],
      output: 'permissions:\n  scopes:\n    - read:jira-user\n',
    },
    {
      name: 'flow-style list: the item and its comma go',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes: [storage:app, read:jira-user]\n',
      files: CODE,
      errors: [{ messageId: 'unused', line: 2, data: { scope: 'storage:app' } }],
      output: 'permissions:\n  scopes: [read:jira-user]\n',
    },
  ],
});
