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
const scopes = (...list: string[]): string => `permissions:\n  scopes:\n${list.map((x) => `    - ${x}\n`).join('')}`;
// Custom UI reading an issue through a helper that takes the whole path: a GET whose route is not visible.
const BRIDGE_GET_ANY = {
  'static/ui/src/jira.js': "import { requestJira } from '@forge/bridge';\nexport async function get(path) {\n  const res = await requestJira(path);\n  return res.json();\n}\n",
};
// UI Kit: an issue panel keeping a counter in an issue property (reads and writes it).
const UI_KIT_COUNTER = {
  'src/frontend/index.jsx':
    "import React from 'react';\nimport ForgeReconciler, { Button, useIssueProperty } from '@forge/react';\nconst App = () => {\n  const [count, setCount] = useIssueProperty('counter', 0);\n  return <Button onClick={() => setCount(count + 1)}>{count}</Button>;\n};\nForgeReconciler.render(<App />);\n",
};
const UI_KIT_READ_ONLY = {
  'src/frontend/index.jsx':
    "import React from 'react';\nimport ForgeReconciler, { Text, useIssueProperty } from '@forge/react';\nconst App = () => {\n  const [count] = useIssueProperty('counter', 0);\n  return <Text>{count}</Text>;\n};\nForgeReconciler.render(<App />);\n",
};
const CONTENT_PROPERTY = {
  'src/frontend/macro.jsx':
    "import React from 'react';\nimport ForgeReconciler, { Text, useContentProperty } from '@forge/react';\nconst Macro = () => {\n  const [state, setState] = useContentProperty('state', {});\n  return <Text onClick={() => setState({})}>{JSON.stringify(state)}</Text>;\n};\nForgeReconciler.render(<Macro />);\n",
};
const PROPERTIES_API = {
  'src/index.ts': "import { properties } from '@forge/api';\nexport const mark = (issueKey: string) => properties.onJiraIssue(issueKey).set('reviewed', true);\n",
};

const AUTH = (scope: string): string =>
  `// Atlassian OAuth 2.0 (3LO)\nexport const authorizeUrl = (state: string) =>\n  \`https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc&scope=${scope}&state=\${state}&response_type=code\`;\n`;

const connectDescriptor = (scopes: readonly string[], modules = '"generalPages": [{ "key": "main", "url": "/main" }]'): string =>
  `{\n  "key": "acme-widget",\n  "baseUrl": "https://widget.acme.example",\n  "scopes": [\n${scopes.map((s) => `    "${s}"`).join(',\n')}\n  ],\n  "modules": { ${modules} }\n}\n`;
const ACE_READ = { 'routes/index.js': "module.exports = (app, addon) => app.get('/main', addon.authenticate(), (req, res) =>\n  addon.httpClient(req).get('/rest/api/3/issue/' + req.query.key, (err, r, body) => res.send(body)));\n" };
const IFRAME_EDIT = { 'public/panel.js': "export const save = (key, fields) => AP.request({ url: '/rest/api/2/issue/' + key, type: 'PUT', data: JSON.stringify({ fields }) });\n" };
const TOKEN_ONLY = { 'lib/jira.js': "const axios = require('axios');\nmodule.exports = (site, auth) => axios.get(site + '/rest/api/3/search', { headers: { Authorization: auth } });\n" };

runRuleTests(rule, {
  valid: [
    { name: 'Connect: READ for an atlassian-connect-express GET of an issue', file: 'atlassian-connect.json', code: connectDescriptor(['READ']), files: ACE_READ },
    {
      name: 'Connect: READ for a webhook module, with no call',
      file: 'atlassian-connect.json',
      code: connectDescriptor(['READ'], '"webhooks": [{ "event": "jira:issue_updated", "url": "/updated" }]'),
      files: { 'app.js': "require('express')().post('/updated', (req, res) => res.end());\n" },
    },
    { name: 'Connect: a back end in another language may call anything', file: 'atlassian-connect.json', code: connectDescriptor(['READ']), files: { ...TOKEN_ONLY, 'src/Api.java': 'class Api { String p = "/rest/api/3/issue"; }\n' } },
    { name: '3LO: no call of the workspace is known, nothing is judged', file: 'src/auth.ts', code: AUTH('read%3Ajira-work%20write%3Ajira-work') },
    { name: '3LO: every requested scope is used', file: 'src/auth.ts', code: AUTH('read%3Ajira-work%20offline_access'), files: GATEWAY },
    { name: '3LO: jira.js worklog (write:jira-work) and agile board (read:jira-work) calls use their scopes', file: 'src/auth.ts', code: AUTH('read%3Ajira-work%20write%3Ajira-work%20offline_access'), files: JIRA_JS },
    { name: 'every scope is used', file: 'manifest.yml', code: 'permissions:\n  scopes:\n    - read:jira-user\n', files: CODE },
    { name: 'a lone manifest (no code seen) is not judged', file: 'manifest.yml', code: 'permissions:\n  scopes:\n    - read:jira-work\n' },
    {
      name: 'a call whose route and method are decided at run time may use any scope of its product',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - read:jira-user\n    - write:jira-work\n',
      files: { ...CODE, 'src/any.ts': "import api from '@forge/api';\nexport const call = (r: any, init: RequestInit) => api.asUser().requestJira(r, init);\n" },
    },
    {
      name: 'a route with a run-time segment uses the scopes of every endpoint it can match',
      file: 'manifest.yml',
      code: scopes('read:jira-user', 'manage:jira-configuration'),
      files: { 'src/generic.ts': "import api, { route } from '@forge/api';\nexport const get = (what: string) => api.asApp().requestJira(route`/rest/api/3/${what}`);\n" },
    },
    { name: 'a UI Kit issue-property hook reads and writes with read:jira-work and write:jira-work', file: 'manifest.yml', code: scopes('read:jira-work', 'write:jira-work'), files: UI_KIT_COUNTER },
    { name: 'the same with the granular issue-property scopes', file: 'manifest.yml', code: scopes('read:issue.property:jira', 'write:issue.property:jira', 'delete:issue.property:jira'), files: UI_KIT_COUNTER },
    { name: 'a content-property hook uses the Confluence property scopes', file: 'manifest.yml', code: scopes('read:confluence-props', 'write:confluence-props'), files: CONTENT_PROPERTY },
    { name: 'the properties API writes an issue property', file: 'manifest.yml', code: scopes('write:jira-work'), files: PROPERTIES_API },
    {
      // Issue 16, item 15: one warning at the spot, not two; no-broad-scope says it is an admin scope.
      name: 'an admin scope nothing needs is no-broad-scope\'s finding, said once',
      file: 'manifest.yml',
      code: scopes('read:jira-user', 'manage:jira-configuration'),
      files: { 'src/me.ts': "import api, { route } from '@forge/api';\nexport const me = () => api.asUser().requestJira(route`/rest/api/3/myself`);\n" },
    },
    {
      name: 'a field-configuration event may need manage:jira-configuration',
      file: 'manifest.yml',
      code: `modules:\n  trigger:\n    - key: t\n      function: f\n      events: [avi:jira:created:field]\n${scopes('read:jira-work', 'manage:jira-configuration')}`,
      files: { 'src/store.ts': "import { kvs } from '@forge/kvs';\nexport const save = (k: string) => kvs.set(k, 1);\n" },
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
      name: 'beside an unused admin scope (no-broad-scope\'s), an unused classic scope is still reported',
      file: 'manifest.yml',
      code: scopes('read:jira-user', 'write:jira-work', 'manage:jira-configuration'),
      files: { 'src/me.ts': "import api, { route } from '@forge/api';\nexport const me = () => api.asUser().requestJira(route`/rest/api/3/myself`);\n" },
      errors: [{ messageId: 'unused', line: 4, data: { scope: 'write:jira-work' } }],
      output: scopes('read:jira-user', 'manage:jira-configuration'),
    },
    {
      name: 'Connect: an app that calls Jira only with API tokens uses no Connect scope',
      file: 'atlassian-connect.json',
      code: connectDescriptor(['READ', 'WRITE']),
      files: TOKEN_ONLY,
      errors: [
        { messageId: 'unusedConnect', line: 5, data: { scope: 'READ' } },
        { messageId: 'unusedConnect', line: 6, data: { scope: 'WRITE' } },
      ],
      fixes: [
        { error: 0, output: connectDescriptor(['WRITE']) },
        { error: 1, output: connectDescriptor(['READ']) },
      ],
    },
    {
      name: '3LO: a scope the non-Forge calls never need, removed with its separator',
      file: 'src/auth.ts',
      code: AUTH('read%3Ajira-work%20write%3Ajira-work%20offline_access'),
      files: GATEWAY,
      errors: [{ messageId: 'unused3lo', line: 3, data: { scope: 'write:jira-work' } }],
      output: AUTH('read%3Ajira-work%20offline_access'),
    },
    {
      name: '3LO: Jira scopes requested by an app that only calls Confluence',
      file: 'src/auth.ts',
      code: AUTH('read%3Aconfluence-content.all%20read%3Ajira-work%20offline_access'),
      files: { 'src/wiki.ts': "export const page = (cloudId: string, id: string, token: string) =>\n  fetch(`https://api.atlassian.com/ex/confluence/${cloudId}/wiki/rest/api/content/${id}`, { headers: { Authorization: `Bearer ${token}` } });\n" },
      errors: [{ messageId: 'unused3lo', line: 3, data: { scope: 'read:jira-work' } }],
      output: AUTH('read%3Aconfluence-content.all%20offline_access'),
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
      name: 'a GET whose route is not visible may read anything but writes nothing',
      file: 'manifest.yml',
      code: scopes('read:jira-work', 'read:project:jira', 'write:jira-work'),
      files: BRIDGE_GET_ANY,
      errors: [{ messageId: 'unused', line: 5, data: { scope: 'write:jira-work' } }],
      output: scopes('read:jira-work', 'read:project:jira'),
    },
    {
      name: 'a read-only issue-property hook (no setter taken) needs no write scope',
      file: 'manifest.yml',
      code: scopes('read:jira-work', 'write:jira-work'),
      files: UI_KIT_READ_ONLY,
      errors: [{ messageId: 'unused', line: 4, data: { scope: 'write:jira-work' } }],
      output: scopes('read:jira-work'),
    },
    {
      name: 'hooks and storage use nothing of Confluence',
      file: 'manifest.yml',
      code: scopes('storage:app', 'read:jira-work', 'write:jira-work', 'read:confluence-props'),
      files: { ...UI_KIT_COUNTER, 'src/store.ts': "import { kvs } from '@forge/kvs';\nexport const save = (k: string) => kvs.set(k, 1);\n" },
      errors: [{ messageId: 'unused', line: 6, data: { scope: 'read:confluence-props' } }],
      output: scopes('storage:app', 'read:jira-work', 'write:jira-work'),
    },
    {
      name: 'an issue-event trigger needs read:jira-work, not read:jira-user',
      file: 'manifest.yml',
      code: `modules:\n  trigger:\n    - key: t\n      function: f\n      events: [avi:jira:updated:issue]\n${scopes('storage:app', 'read:jira-work', 'read:jira-user')}`,
      files: { 'src/store.ts': "import { kvs } from '@forge/kvs';\nexport const save = (k: string) => kvs.set(k, 1);\n" },
      errors: [{ messageId: 'unused', line: 10, data: { scope: 'read:jira-user' } }],
      output: `modules:\n  trigger:\n    - key: t\n      function: f\n      events: [avi:jira:updated:issue]\n${scopes('storage:app', 'read:jira-work')}`,
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
