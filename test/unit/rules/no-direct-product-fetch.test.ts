import * as assert from 'assert';
import rule from '../../../server/src/core/rules/code/no-direct-product-fetch';
import { analyseFile } from '../../../server/src/core/engine';
import { runRuleTests } from '../../support/rule-tester';

const forge = { forgeRoots: [''] };

runRuleTests(rule, {
  valid: [
    {
      name: 'requestJira with route',
      file: 'src/index.ts',
      code: `import api, { route } from '@forge/api';
export const getIssue = (key: string) => api.asUser().requestJira(route\`/rest/api/3/issue/\${key}\`);
`,
    },
    {
      name: 'requestConfluence with route',
      file: 'src/pages.js',
      code: `import api, { route } from '@forge/api';
export const pages = () => api.asApp().requestConfluence(route\`/wiki/api/v2/pages\`);
`,
    },
    {
      name: 'fetch to an external host declared in egress',
      file: 'src/ai.ts',
      ...forge,
      code: `import api from '@forge/api';
// summarises the Jira issue
export const summarise = (text: string) => api.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: text });
`,
    },
    {
      name: 'fetch to Jira from non-Forge code',
      file: 'server/jira.ts',
      code: `export const me = () => fetch('https://acme.atlassian.net/rest/api/3/myself');
`,
    },
    {
      name: 'run-time host without an Atlassian REST path',
      file: 'src/notify.ts',
      ...forge,
      code: `export const notify = (webhookUrl: string) => fetch(\`\${webhookUrl}/notify\`, { method: 'POST' }); // tells Jira admins
`,
    },
    {
      name: 'test file in a Forge app',
      file: 'src/__tests__/index.test.ts',
      ...forge,
      code: `global.fetch = jest.fn();
await fetch('https://test.atlassian.net/rest/api/3/myself');
`,
    },
    {
      name: 'developer docs on atlassian.com are not a product API',
      file: 'src/help.ts',
      ...forge,
      code: `export const changelog = () => fetch('https://developer.atlassian.com/changelog/rss');
`,
    },
  ],
  invalid: [
    {
      name: 'api.fetch to a Jira site (Forge by import)',
      file: 'src/index.ts',
      code: `import api from '@forge/api';
export const me = () => api.fetch('https://acme.atlassian.net/rest/api/3/myself');
`,
      errors: [{ messageId: 'directFetch', line: 2, data: { endpoint: 'GET https://acme.atlassian.net/rest/api/3/myself', replacement: 'requestJira', path: '/rest/api/3/myself' } }],
      fixes: [
        { error: 0, fix: 0, output: `import api, { route } from '@forge/api';
export const me = () => api.asUser().requestJira(route\`/rest/api/3/myself\`);
` },
        { error: 0, fix: 1, output: `import api, { route } from '@forge/api';
export const me = () => api.asApp().requestJira(route\`/rest/api/3/myself\`);
` },
      ],
    },
    {
      name: 'global fetch under a Forge manifest, site in the host, Confluence path',
      file: 'src/confluence.js',
      ...forge,
      code: `export async function pages(site) {
  const res = await fetch(\`https://\${site}.atlassian.net/wiki/api/v2/pages\`);
  return res.json();
}
`,
      errors: [{ messageId: 'directFetch', line: 2, data: { replacement: 'requestConfluence', path: '/wiki/api/v2/pages' } }],
      fixes: [
        { error: 0, fix: 0, output: `import api, { route } from '@forge/api';

export async function pages(site) {
  const res = await api.asUser().requestConfluence(route\`/wiki/api/v2/pages\`);
  return res.json();
}
` },
        { error: 0, fix: 1, output: `import api, { route } from '@forge/api';

export async function pages(site) {
  const res = await api.asApp().requestConfluence(route\`/wiki/api/v2/pages\`);
  return res.json();
}
` },
      ],
    },
    {
      name: 'fetch imported from @forge/api to the api.atlassian.com gateway',
      file: 'src/search.ts',
      code: `import { fetch } from '@forge/api';
export const search = (cloudId: string, jql: string, accessToken: string) =>
  fetch(\`https://api.atlassian.com/ex/jira/\${cloudId}/rest/api/3/search\`, { method: 'POST', headers: { Authorization: \`Bearer \${accessToken}\` }, body: JSON.stringify({ jql }) });
`,
      errors: [{ messageId: 'directFetch', line: 3, data: { client: '@forge/api fetch', endpoint: 'POST https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3/search', path: '/rest/api/3/search' } }],
      fixes: [
        { error: 0, fix: 0, output: `import api, { route } from '@forge/api';
export const search = (cloudId: string, jql: string, accessToken: string) =>
  api.asUser().requestJira(route\`/rest/api/3/search\`, { method: 'POST', body: JSON.stringify({ jql }) });
` },
        { error: 0, fix: 1, output: `import api, { route } from '@forge/api';
export const search = (cloudId: string, jql: string, accessToken: string) =>
  api.asApp().requestJira(route\`/rest/api/3/search\`, { method: 'POST', body: JSON.stringify({ jql }) });
` },
      ],
    },
    {
      name: 'run-time host with an Agile REST path',
      file: 'src/boards.ts',
      ...forge,
      code: `const baseUrl = process.env.JIRA_BASE_URL;
export const boards = () => fetch(\`\${baseUrl}/rest/agile/1.0/board\`);
`,
      errors: [{ messageId: 'directFetch', line: 2, data: { endpoint: 'GET {JIRA_BASE_URL}/rest/agile/1.0/board' } }],
      fixes: [
        { error: 0, fix: 0, output: `import api, { route } from '@forge/api';

export const boards = () => api.asUser().requestJira(route\`/rest/agile/1.0/board\`);
` },
        { error: 0, fix: 1, output: `import api, { route } from '@forge/api';

export const boards = () => api.asApp().requestJira(route\`/rest/agile/1.0/board\`);
` },
      ],
    },
    {
      name: 'URL built by a same-file helper',
      file: 'src/issues.ts',
      ...forge,
      code: `const jiraUrl = (site: string, path: string) => \`https://\${site}.atlassian.net\${path}\`;
export async function issue(site: string, key: string) {
  return fetch(jiraUrl(site, \`/rest/api/3/issue/\${key}\`), { method: 'GET' });
}
`,
      errors: [{ messageId: 'directFetch', line: 3, data: { endpoint: 'GET https://{site}.atlassian.net/rest/api/3/issue/{key}' } }],
    },
    {
      name: 'new URL(path, base)',
      file: 'src/projects.ts',
      ...forge,
      code: `export const projects = (base: string) => fetch(new URL('/rest/api/3/project/search', base).toString());
`,
      errors: [{ messageId: 'directFetch', line: 1, data: { endpoint: 'GET {base}/rest/api/3/project/search' } }],
    },
    {
      name: 'PUT from an init object declared beside the call',
      file: 'src/update.ts',
      ...forge,
      code: `export async function update(domain: string, key: string, fields: object) {
  const url = \`https://\${domain}.atlassian.net/rest/api/3/issue/\${key}\`;
  const init = { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fields }) };
  return fetch(url, init);
}
`,
      errors: [{ messageId: 'directFetch', line: 4, data: { endpoint: 'PUT https://{domain}.atlassian.net/rest/api/3/issue/{key}' } }],
      fixes: [
        { error: 0, fix: 0, output: `import api, { route } from '@forge/api';

export async function update(domain: string, key: string, fields: object) {
  const init = { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fields }) };
  return api.asUser().requestJira(route\`/rest/api/3/issue/\${key}\`, init);
}
` },
        { error: 0, fix: 1, output: `import api, { route } from '@forge/api';

export async function update(domain: string, key: string, fields: object) {
  const init = { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fields }) };
  return api.asApp().requestJira(route\`/rest/api/3/issue/\${key}\`, init);
}
` },
      ],
    },
    {
      name: 'Custom UI window.fetch to a relative REST path',
      file: 'static/app/src/App.jsx',
      ...forge,
      code: `export function App() {
  useEffect(() => { window.fetch('/rest/api/3/project').then((r) => r.json()).then(setProjects); }, []);
  return <div />;
}
`,
      errors: [{ messageId: 'directFetch', line: 2, data: { path: '/rest/api/3/project' } }],
      fixes: [
        { error: 0, fix: 0, output: `import { requestJira } from '@forge/bridge';

export function App() {
  useEffect(() => { requestJira(\`/rest/api/3/project\`).then((r) => r.json()).then(setProjects); }, []);
  return <div />;
}
` },
      ],
    },
    {
      name: 'node-fetch in a Forge .mjs module',
      file: 'src/sync.mjs',
      ...forge,
      code: `import nodeFetch from 'node-fetch';
export const comments = (key) => nodeFetch(\`https://acme.atlassian.net/rest/api/3/issue/\${key}/comment\`);
`,
      errors: [{ messageId: 'directFetch', line: 2, data: { client: 'fetch' } }],
      fixes: [
        { error: 0, fix: 0, output: `import api, { route } from '@forge/api';
export const comments = (key) => api.asUser().requestJira(route\`/rest/api/3/issue/\${key}/comment\`);
` },
        { error: 0, fix: 1, output: `import api, { route } from '@forge/api';
export const comments = (key) => api.asApp().requestJira(route\`/rest/api/3/issue/\${key}/comment\`);
` },
      ],
    },
    {
      name: 'fetch required from @forge/api in a .cjs module',
      file: 'src/legacy.cjs',
      code: `const { fetch } = require('@forge/api');
module.exports.spaces = () => fetch('https://acme.atlassian.net/wiki/rest/api/space', { method: 'get' });
`,
      errors: [{ messageId: 'directFetch', line: 2, data: { replacement: 'requestConfluence', endpoint: 'GET https://acme.atlassian.net/wiki/rest/api/space' } }],
      fixes: [
        { error: 0, fix: 0, output: `const { default: api, route } = require('@forge/api');
module.exports.spaces = () => api.asUser().requestConfluence(route\`/wiki/rest/api/space\`, { method: 'get' });
` },
        { error: 0, fix: 1, output: `const { default: api, route } = require('@forge/api');
module.exports.spaces = () => api.asApp().requestConfluence(route\`/wiki/rest/api/space\`, { method: 'get' });
` },
      ],
    },
    {
      name: 'fetch(new Request(url, init))',
      file: 'src/request.ts',
      ...forge,
      code: `const req = new Request('https://acme.atlassian.net/rest/api/3/issue', { method: 'POST' });
export const create = () => fetch(req);
`,
      errors: [{ messageId: 'directFetch', line: 2, data: { endpoint: 'POST https://acme.atlassian.net/rest/api/3/issue' } }],
    },
    {
      name: 'two calls in one resolver',
      file: 'src/resolvers.ts',
      ...forge,
      code: `import Resolver from '@forge/resolver';
const resolver = new Resolver();
resolver.define('load', async ({ context }) => {
  const me = await fetch(\`\${context.siteUrl}/rest/api/3/myself\`);
  const perms = await fetch(\`\${context.siteUrl}/rest/api/3/mypermissions\`);
  return [await me.json(), await perms.json()];
});
`,
      errors: [
        { messageId: 'directFetch', line: 4 },
        { messageId: 'directFetch', line: 5 },
      ],
      fixes: [
        { error: 0, fix: 0, output: `import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
const resolver = new Resolver();
resolver.define('load', async ({ context }) => {
  const me = await api.asUser().requestJira(route\`/rest/api/3/myself\`);
  const perms = await fetch(\`\${context.siteUrl}/rest/api/3/mypermissions\`);
  return [await me.json(), await perms.json()];
});
` },
        { error: 0, fix: 1, output: `import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
const resolver = new Resolver();
resolver.define('load', async ({ context }) => {
  const me = await api.asApp().requestJira(route\`/rest/api/3/myself\`);
  const perms = await fetch(\`\${context.siteUrl}/rest/api/3/mypermissions\`);
  return [await me.json(), await perms.json()];
});
` },
        { error: 1, fix: 0, output: `import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
const resolver = new Resolver();
resolver.define('load', async ({ context }) => {
  const me = await fetch(\`\${context.siteUrl}/rest/api/3/myself\`);
  const perms = await api.asUser().requestJira(route\`/rest/api/3/mypermissions\`);
  return [await me.json(), await perms.json()];
});
` },
        { error: 1, fix: 1, output: `import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
const resolver = new Resolver();
resolver.define('load', async ({ context }) => {
  const me = await fetch(\`\${context.siteUrl}/rest/api/3/myself\`);
  const perms = await api.asApp().requestJira(route\`/rest/api/3/mypermissions\`);
  return [await me.json(), await perms.json()];
});
` },
      ],
    },
  ],
});

describe('no-direct-product-fetch extras', () => {
  it('carries endpoint data', () => {
    const { findings } = analyseFile('src/a.ts', `import api from '@forge/api';\napi.fetch('https://acme.atlassian.net/rest/api/3/issue/ABC-1', { method: 'DELETE' });\n`, { rules: [rule] });
    assert.deepStrictEqual(findings[0]?.endpoint, { method: 'DELETE', host: 'acme.atlassian.net', path: '/rest/api/3/issue/ABC-1', authKind: 'forge-fetch' });
  });

  it('does not parse non-Forge code', () => {
    const { parsed } = analyseFile('server/a.ts', `fetch('https://acme.atlassian.net/rest/api/3/myself');\n`, { rules: [rule] });
    assert.strictEqual(parsed, false);
  });
});
