import rule from '../../../server/src/core/rules/manifest/no-broad-scope';
import { runRuleTests } from '../../support/rule-tester';

const forge = (body: string): string => `import api, { route } from '@forge/api';\n${body}`;
const ME = { 'src/me.ts': forge('export const me = () => api.asUser().requestJira(route`/rest/api/3/myself`);\n') };
const GRANULAR_ME = ['read:application-role:jira', 'read:avatar:jira', 'read:group:jira', 'read:user:jira'];
const TRIGGER = 'modules:\n  trigger:\n    - key: t\n      function: f\n      events:\n        - avi:jira:created:issue\n';
const scopes = (...list: string[]): string => `permissions:\n  scopes:\n${list.map((s) => `    - ${s}\n`).join('')}`;

// An issue tracker that reads an issue, creates one and keeps state in storage: classic read and write both used.
const READ_AND_CREATE = {
  'src/issues.ts': forge(
    "import { kvs } from '@forge/kvs';\nexport const get = (k: string) => api.asUser().requestJira(route`/rest/api/3/issue/${k}`);\n" +
      "export const create = (body: string) => api.asApp().requestJira(route`/rest/api/3/issue`, { method: 'POST', body });\nexport const remember = (k: string) => kvs.set('last', k);\n",
  ),
};
// Configuration APIs: a custom field type reading its context configuration, a workflow search.
const FIELD_CONFIG = {
  'src/field.ts': forge('export const config = (fieldKey: string) =>\n  api.asApp().requestJira(route`/rest/api/3/app/field/${fieldKey}/context/configuration`);\n'),
};
const WORKFLOWS = { 'src/admin.ts': forge('export const workflows = () => api.asApp().requestJira(route`/rest/api/3/workflows/search`);\n') };
const DEVINFO = {
  'src/sync.ts': forge("export const send = (body: string) =>\n  api.asApp().requestJira(route`/rest/devinfo/0.10/bulk`, { method: 'POST', body });\n"),
};
const STORAGE_ONLY = { 'src/store.ts': "import { kvs } from '@forge/kvs';\nexport const save = (k: string, v: string) => kvs.set(k, v);\n" };
const ANY_ROUTE = { 'src/any.ts': forge('export const call = (r: ReturnType<typeof route>, init: RequestInit) => api.asUser().requestJira(r, init);\n') };

const connectDescriptor = (scopes: readonly string[], modules = '"generalPages": [{ "key": "main", "url": "/main" }]'): string =>
  `{\n  "key": "acme-widget",\n  "baseUrl": "https://widget.acme.example",\n  "scopes": [\n${scopes.map((s) => `    "${s}"`).join(',\n')}\n  ],\n  "modules": { ${modules} }\n}\n`;
const ACE_READ = { 'routes/index.js': "module.exports = (app, addon) => app.get('/main', addon.authenticate(), (req, res) =>\n  addon.httpClient(req).get('/rest/api/3/issue/' + req.query.key, (err, r, body) => res.send(body)));\n" };
const IFRAME_EDIT = { 'public/panel.js': "export const save = (key, fields) => AP.request({ url: '/rest/api/2/issue/' + key, type: 'PUT', data: JSON.stringify({ fields }) });\n" };
const TOKEN_ONLY = { 'lib/jira.js': "const axios = require('axios');\nmodule.exports = (site, auth) => axios.get(site + '/rest/api/3/search', { headers: { Authorization: auth } });\n" };

runRuleTests(rule, {
  valid: [
    { name: 'Connect: READ for an atlassian-connect-express GET of an issue', file: 'atlassian-connect.json', code: connectDescriptor(['READ']), files: ACE_READ },
    { name: 'Connect: READ and WRITE for an iframe that edits issue fields', file: 'atlassian-connect.json', code: connectDescriptor(['read', 'write']), files: IFRAME_EDIT },
    {
      name: 'Connect: ACT_AS_USER where the server acts as the user',
      file: 'atlassian-connect.json',
      code: connectDescriptor(['READ', 'ACT_AS_USER']),
      files: { 'routes/me.js': "module.exports = (app, addon) => app.get('/me', addon.authenticate(), (req, res) =>\n  addon.httpClient(req).asUserByAccountId(req.context.userAccountId).get('/rest/api/3/myself', (e, r, b) => res.send(b)));\n" },
    },
    { name: 'Connect: ADMIN where a request is built at run time', file: 'atlassian-connect.json', code: connectDescriptor(['ADMIN']), files: { 'public/api.js': 'export const call = (options) => AP.request(options);\n' } },
    { name: 'Connect: a descriptor with no code beside it', file: 'atlassian-connect.json', code: connectDescriptor(['ADMIN']) },
    { name: 'the granular scopes the call needs', file: 'manifest.yml', code: scopes(...GRANULAR_ME), files: ME },
    { name: 'a classic scope the calls use is never "replace with granular"', file: 'manifest.yml', code: scopes('read:jira-user'), files: ME },
    { name: 'classic read and write scopes both used (read an issue, create one)', file: 'manifest.yml', code: scopes('storage:app', 'read:jira-work', 'write:jira-work'), files: READ_AND_CREATE },
    { name: 'a classic scope a trigger needs', file: 'manifest.yml', code: `${TRIGGER}${scopes('read:jira-work')}`, files: ME },
    { name: 'manage:jira-configuration needed by a custom field context configuration call', file: 'manifest.yml', code: scopes('manage:jira-configuration'), files: FIELD_CONFIG },
    { name: 'manage:jira-configuration needed by a workflow search', file: 'manifest.yml', code: scopes('read:jira-user', 'manage:jira-configuration'), files: { ...ME, ...WORKFLOWS } },
    {
      name: 'manage:jira-configuration needed by a field configuration event trigger',
      file: 'manifest.yml',
      code: `modules:\n  trigger:\n    - key: t\n      function: f\n      events: [avi:jira:updated:field:context:configuration]\n${scopes('read:jira-work', 'manage:jira-configuration')}`,
      files: STORAGE_ONLY,
    },
    { name: 'manage:jira-data-provider needed by a devinfo call', file: 'manifest.yml', code: scopes('manage:jira-data-provider'), files: DEVINFO },
    {
      name: 'manage:jira-data-provider needed by a devops module',
      file: 'manifest.yml',
      code: `modules:\n  devops:buildInfoProvider:\n    - key: builds\n      name:\n        value: Builds\n      homeUrl: https://ci.example.com\n${scopes('storage:app', 'manage:jira-data-provider')}`,
      files: STORAGE_ONLY,
    },
    { name: 'a Connect scope of a Connect app on Forge', file: 'manifest.yml', code: `connectModules:\n  jira:jiraIssueGlances:\n    - key: glance\n${scopes('read:connect-jira', 'storage:app')}`, files: STORAGE_ONLY },
    { name: 'an admin scope a call with a route and method decided at run time may need', file: 'manifest.yml', code: scopes('read:jira-user', 'manage:jira-configuration'), files: { ...ME, ...ANY_ROUTE } },
    { name: '3LO scopes without admin scopes', file: 'server/auth.ts', code: "// Atlassian 3LO\nexport const scope = 'read:jira-work offline_access';\n" },
    { name: 'a lone manifest (no code seen) is not judged', file: 'manifest.yml', code: scopes('read:jira-work', 'manage:jira-configuration') },
  ],
  invalid: [
    {
      name: 'Connect: ADMIN where the app only reads an issue',
      file: 'atlassian-connect.json',
      code: connectDescriptor(['ADMIN']),
      files: ACE_READ,
      errors: [{ messageId: 'connectAbove', line: 5, data: { scope: 'ADMIN', needed: 'READ', action: 'Use "READ".' } }],
      output: connectDescriptor(['READ']),
    },
    {
      name: 'Connect: delete, project_admin and admin above an iframe that edits fields (lower case kept)',
      file: 'atlassian-connect.json',
      code: connectDescriptor(['read', 'write', 'delete', 'project_admin', 'admin']),
      files: IFRAME_EDIT,
      errors: [
        { messageId: 'connectAbove', line: 7, data: { scope: 'delete', needed: 'WRITE' } },
        { messageId: 'connectAbove', line: 8, data: { scope: 'project_admin', needed: 'WRITE' } },
        { messageId: 'connectAbove', line: 9, data: { scope: 'admin', needed: 'WRITE' } },
      ],
      fixes: [{ error: 2, output: connectDescriptor(['read', 'write', 'delete', 'project_admin']) }],
    },
    {
      name: 'Connect: ACT_AS_USER where no code acts as a user',
      file: 'atlassian-connect.json',
      code: connectDescriptor(['READ', 'ACT_AS_USER']),
      files: ACE_READ,
      errors: [{ messageId: 'actAsUser', line: 6, data: { scope: 'ACT_AS_USER' } }],
      output: connectDescriptor(['READ']),
    },
    {
      name: 'write: where the code only reads',
      file: 'manifest.yml',
      code: `${TRIGGER}${scopes('write:jira-work')}`,
      files: { 'src/get.ts': forge('export const get = (k: string) => api.asApp().requestJira(route`/rest/api/3/issue/${k}`);\n') },
      errors: [{ messageId: 'writeForRead', line: 9, data: { scope: 'write:jira-work', replacement: 'read:jira-work' } }],
      output: `${TRIGGER}${scopes('read:jira-work')}`,
    },
    {
      name: 'an admin scope no call needs, next to a classic scope that is used',
      file: 'manifest.yml',
      code: scopes('read:jira-user', 'manage:jira-configuration'),
      files: ME,
      errors: [{ messageId: 'admin', line: 4, data: { scope: 'manage:jira-configuration', what: 'Administration scope' } }],
      output: scopes('read:jira-user'),
    },
    {
      name: 'manage:jira-webhook in an app that only uses storage',
      file: 'manifest.yml',
      code: scopes('storage:app', 'manage:jira-webhook'),
      files: STORAGE_ONLY,
      errors: [{ messageId: 'admin', line: 4, data: { scope: 'manage:jira-webhook' } }],
      output: scopes('storage:app'),
    },
    {
      name: 'manage:jira-data-provider without data-provider calls or devops modules',
      file: 'manifest.yml',
      code: scopes('read:jira-work', 'manage:jira-data-provider'),
      files: READ_AND_CREATE,
      errors: [{ messageId: 'admin', line: 4, data: { scope: 'manage:jira-data-provider' } }],
      output: scopes('read:jira-work'),
    },
    {
      name: 'a Connect scope in a Forge app without Connect modules, even next to a route decided at run time',
      file: 'manifest.yml',
      code: scopes('read:jira-user', 'read:connect-jira'),
      files: { ...ME, ...ANY_ROUTE },
      errors: [{ messageId: 'admin', line: 4, data: { scope: 'read:connect-jira', what: 'Connect scope' } }],
      output: scopes('read:jira-user'),
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
      name: '3LO: an admin scope no call of the workspace needs, removed with its separator',
      file: 'src/oauth.ts',
      code: "// Atlassian OAuth 2.0 (3LO)\nexport const scope = 'read:jira-user manage:jira-project offline_access';\n",
      files: { 'src/jira.ts': 'export const me = (cloudId: string) => fetch(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/myself`);\n' },
      errors: [{ messageId: 'admin', line: 2, data: { scope: 'manage:jira-project', where: 'requested' } }],
      output: "// Atlassian OAuth 2.0 (3LO)\nexport const scope = 'read:jira-user offline_access';\n",
    },
    {
      name: 'an admin scope in a 3LO authorize URL, no call of the workspace known',
      file: 'server/auth.ts',
      code: "export const url = 'https://auth.atlassian.com/authorize?audience=api.atlassian.com&scope=manage%3Ajira-configuration%20read%3Ajira-work';\n",
      errors: [{ messageId: 'admin', line: 1, data: { scope: 'manage:jira-configuration' } }],
    },
  ],
});
