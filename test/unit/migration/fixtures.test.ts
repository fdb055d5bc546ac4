import { strict as assert } from 'assert';
import * as path from 'path';
import { fileKind } from '../../../server/src/core/files';
import type { Finding } from '../../../server/src/core/model';
import { analyseAll, migrateAll, MIGRATED_RULES } from '../../support/migrate';
import { typecheck, VIRTUAL_ROOT } from '../../support/typecheck';

/**
 * The migration fix on real call sites (issue 6): each fixture is fixed (every offered API-token fix
 * applied, re-analysing in between), re-analysed (no API-token finding left, no new finding anywhere,
 * the generated helper included), and the TypeScript ones type-check in one program against the real
 * `@forge/api`, `jira.js` and `axios` types. Where the rewrite is not safe, no fix is offered and the
 * diagnostic says why.
 */

interface Fixture {
  readonly name: string;
  /** Workspace files; the first is the one with the call. */
  readonly files: Readonly<Record<string, string>>;
  /** `fixed`, or the reason the diagnostic must give. */
  readonly expect: 'fixed' | RegExp;
  /** Fix to apply when several are offered (Forge: 0 = asUser, 1 = asApp). */
  readonly fix?: number;
  /** Expected fragments of the fixed files (path → substrings). */
  readonly contains?: Readonly<Record<string, readonly string[]>>;
}

const MANIFEST = `modules:
  function:
    - key: resolver
      handler: index.handler
permissions:
  scopes:
    - storage:app
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
`;

const FIXTURES: readonly Fixture[] = [
  {
    name: '3LO: fetch with a template URL on a site variable and an inline Basic header (TS)',
    files: {
      'src/issues.ts': `const site = process.env.JIRA_SITE ?? 'https://acme.atlassian.net';
const email = process.env.JIRA_EMAIL ?? '';
const token = process.env.JIRA_API_TOKEN ?? '';

export async function getIssue(key: string): Promise<unknown> {
  const res = await fetch(\`\${site}/rest/api/3/issue/\${encodeURIComponent(key)}?fields=summary\`, {
    headers: { Authorization: \`Basic \${Buffer.from(\`\${email}:\${token}\`).toString('base64')}\`, Accept: 'application/json' },
  });
  return res.json();
}
`,
    },
    expect: 'fixed',
    contains: { 'src/issues.ts': ['`https://api.atlassian.com/ex/jira/${await getCloudId(site)}/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary`', 'Authorization: `Bearer ${await getAccessToken()}`'] },
  },
  {
    name: '3LO: URL concatenated from a base and a key, header in a local const (TS)',
    files: {
      'src/sync/update.ts': `const JIRA = 'https://acme.atlassian.net';

export async function setLabels(key: string, labels: string[], apiToken: string): Promise<void> {
  const authorization = 'Basic ' + Buffer.from('bot@acme.com:' + apiToken).toString('base64');
  await fetch(JIRA + '/rest/api/3/issue/' + key, {
    method: 'PUT',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify({ fields: { labels } }),
  });
}
`,
    },
    expect: 'fixed',
    contains: { 'src/sync/update.ts': ["import { getAccessToken, getCloudId } from '../atlassianOAuth';", "getCloudId('https://acme.atlassian.net')}/rest/api/3/issue/${key}`"] },
  },
  {
    name: '3LO: several calls share one header helper; one import, the helper becomes async (TS)',
    files: {
      'src/jira.ts': `const baseUrl = process.env.JIRA_BASE_URL ?? 'https://acme.atlassian.net';
const apiToken = process.env.JIRA_API_TOKEN ?? '';

function headers(): Record<string, string> {
  return { Authorization: 'Basic ' + btoa('ops@acme.com:' + apiToken), Accept: 'application/json' };
}

export async function myself(): Promise<unknown> {
  return (await fetch(\`\${baseUrl}/rest/api/3/myself\`, { headers: headers() })).json();
}

export async function comment(key: string, text: string): Promise<void> {
  await fetch(\`\${baseUrl}/rest/api/3/issue/\${key}/comment\`, { method: 'POST', headers: headers(), body: JSON.stringify({ body: text }) });
}
`,
    },
    expect: 'fixed',
    contains: { 'src/jira.ts': ['async function headers(): Promise<Record<string, string>>', 'headers: await headers()'] },
  },
  {
    name: '3LO: options object built earlier in the function, then passed to fetch (TS)',
    files: {
      'src/search.ts': `export async function search(jql: string, user: string, jiraToken: string): Promise<unknown> {
  const options = {
    method: 'POST',
    headers: { Authorization: \`Basic \${Buffer.from(\`\${user}:\${jiraToken}\`).toString('base64')}\`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ jql }),
  };
  const res = await fetch('https://acme.atlassian.net/rest/api/3/search/jql', options);
  return res.json();
}
`,
    },
    expect: 'fixed',
  },
  {
    name: '3LO: request options built by a helper elsewhere in the file (TS)',
    files: {
      'src/opts.ts': `const user = process.env.JIRA_USER ?? '';
const jiraApiToken = process.env.JIRA_API_TOKEN ?? '';

function requestOptions(method: string, body?: unknown): RequestInit {
  return {
    method,
    headers: { Authorization: \`Basic \${Buffer.from(\`\${user}:\${jiraApiToken}\`).toString('base64')}\`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

export async function assign(key: string, accountId: string): Promise<void> {
  await fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${key}/assignee\`, requestOptions('PUT', { accountId }));
}
`,
    },
    expect: 'fixed',
    contains: { 'src/opts.ts': ['async function requestOptions(method: string, body?: unknown): Promise<RequestInit>', "await requestOptions('PUT', { accountId })"] },
  },
  {
    name: '3LO: two independent calls with their own credentials in one file: two fixes, one import (TS)',
    files: {
      'src/two.ts': `export async function myself(email: string, token: string): Promise<unknown> {
  return (await fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa(email + ':' + token) } })).json();
}

export async function page(id: string, email: string, confluenceToken: string): Promise<unknown> {
  const res = await fetch(\`https://acme.atlassian.net/wiki/api/v2/pages/\${id}\`, { headers: { Authorization: \`Basic \${btoa(\`\${email}:\${confluenceToken}\`)}\` } });
  return res.json();
}
`,
    },
    expect: 'fixed',
    contains: { 'src/two.ts': ["import { getAccessToken, getCloudId } from './atlassianOAuth';\n\nexport async function myself", 'ex/confluence/${await getCloudId('] },
  },
  {
    name: 'not offered: a client class holding each tenant\'s site and token (this.baseUrl, this.apiToken) (TS)',
    files: {
      'src/JiraService.ts': `export class JiraService {
  constructor(
    private readonly baseUrl: string,
    private readonly email: string,
    private readonly apiToken: string,
  ) {}

  private headers(): Record<string, string> {
    return { Authorization: \`Basic \${Buffer.from(\`\${this.email}:\${this.apiToken}\`).toString('base64')}\`, Accept: 'application/json' };
  }

  async issue(key: string): Promise<unknown> {
    const res = await fetch(\`\${this.baseUrl}/rest/api/3/issue/\${key}\`, { headers: this.headers() });
    return res.json();
  }

  async transitions(key: string): Promise<unknown> {
    return (await fetch(\`\${this.baseUrl}/rest/api/3/issue/\${key}/transitions\`, { headers: this.headers() })).json();
  }
}
`,
    },
    expect: /the site and the token come from the caller \(`this\.apiToken` is kept per instance\): this code serves several tenants/,
  },
  {
    name: '3LO: URL from a module-level constant (TS)',
    files: {
      'src/create.ts': `const CREATE_ISSUE_URL = 'https://acme.atlassian.net/rest/api/3/issue';

export async function create(summary: string): Promise<{ key: string }> {
  const res = await fetch(CREATE_ISSUE_URL, {
    method: 'POST',
    headers: { Authorization: 'Basic ' + Buffer.from(\`\${process.env.JIRA_EMAIL}:\${process.env.JIRA_API_TOKEN}\`).toString('base64') },
    body: JSON.stringify({ fields: { summary, project: { key: 'OPS' }, issuetype: { name: 'Task' } } }),
  });
  return (await res.json()) as { key: string };
}
`,
    },
    expect: 'fixed',
    contains: { 'src/create.ts': ['/rest/api/3/issue`'] },
  },
  {
    name: '3LO: the Authorization value comes from a helper function (TS)',
    files: {
      'src/auth.ts': `const basicAuth = (): string => 'Basic ' + Buffer.from(\`\${process.env.ATLASSIAN_EMAIL}:\${process.env.ATLASSIAN_API_TOKEN}\`).toString('base64');

export async function project(key: string): Promise<unknown> {
  const res = await fetch(\`https://acme.atlassian.net/rest/api/3/project/\${key}\`, { headers: { Authorization: basicAuth() } });
  return res.json();
}
`,
    },
    expect: 'fixed',
    contains: { 'src/auth.ts': ['const basicAuth = async (): Promise<string> =>', 'Authorization: await basicAuth()'] },
  },
  {
    name: '3LO: axios instance with baseURL and auth (TS, interceptor)',
    files: {
      'src/client.ts': `import axios from 'axios';

const jira = axios.create({
  baseURL: 'https://acme.atlassian.net',
  auth: { username: process.env.JIRA_EMAIL ?? '', password: process.env.JIRA_API_TOKEN ?? '' },
  headers: { Accept: 'application/json' },
});

export async function transitions(key: string): Promise<unknown> {
  const { data } = await jira.get(\`/rest/api/3/issue/\${key}/transitions\`);
  return data;
}
`,
    },
    expect: 'fixed',
    contains: { 'src/client.ts': ['jira.interceptors.request.use(async (config) => {'] },
  },
  {
    name: '3LO: axios.post with an auth option and headers (JS, CommonJS)',
    files: {
      'src/pages.js': `const axios = require('axios');

async function publish(spaceId, title, html) {
  const { data } = await axios.post('https://acme.atlassian.net/wiki/api/v2/pages', { spaceId, title, body: { representation: 'storage', value: html } }, {
    auth: { username: process.env.CONFLUENCE_USER, password: process.env.CONFLUENCE_API_TOKEN },
    headers: { Accept: 'application/json' },
  });
  return data.id;
}
module.exports = { publish };
`,
    },
    expect: 'fixed',
    contains: { 'src/pages.js': ["const { getAccessToken, getCloudId } = require('./atlassianOAuth');", 'ex/confluence/'] },
  },
  {
    name: '3LO: plain-JavaScript ESM project gets a JavaScript helper (atlassianOAuth.js, imported with its extension)',
    files: {
      'src/board.js': `export async function sprints(boardId, user, jiraToken) {
  const res = await fetch(\`https://acme.atlassian.net/rest/agile/1.0/board/\${boardId}/sprint\`, {
    headers: { Authorization: 'Basic ' + Buffer.from(user + ':' + jiraToken).toString('base64') },
  });
  return res.json();
}
`,
      'package.json': '{ "name": "board-sync", "type": "module", "dependencies": { "undici": "^6.0.0" } }\n',
    },
    expect: 'fixed',
    contains: {
      'src/board.js': ["import { getAccessToken, getCloudId } from './atlassianOAuth.js';"],
      'src/atlassianOAuth.js': ['export async function getAccessToken()', "from 'node:crypto'"],
    },
  },
  {
    name: '3LO: a scoped API token sent as Bearer to the api.atlassian.com gateway: only the credential changes (TS)',
    files: {
      'src/gateway.ts': `export async function issue(cloudId: string, key: string): Promise<Response> {
  return fetch(\`https://api.atlassian.com/ex/jira/\${cloudId}/rest/api/3/issue/\${key}\`, { headers: { Authorization: \`Bearer \${process.env.ATLASSIAN_API_TOKEN}\` } });
}
`,
    },
    expect: 'fixed',
    contains: { 'src/gateway.ts': ["import { getAccessToken } from './atlassianOAuth';", 'fetch(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/issue/${key}`, { headers: { Authorization: `Bearer ${await getAccessToken()}` } })'] },
  },
  {
    name: '3LO: superagent .auth(user, token) chain (JS)',
    files: {
      'lib/sa.js': `const request = require('superagent');
async function board(id) {
  return request.get('https://acme.atlassian.net/rest/agile/1.0/board/' + id).auth(process.env.JIRA_USER, process.env.JIRA_API_TOKEN);
}
module.exports = { board };
`,
    },
    expect: 'fixed',
    contains: { 'lib/sa.js': [".set('Authorization', `Bearer ${await getAccessToken()}`)", "require('./atlassianOAuth')"] },
  },
  {
    name: '3LO: Confluence query with URLSearchParams (TS)',
    files: {
      'src/confluence.ts': `const wiki = 'https://acme.atlassian.net';

export async function pagesIn(spaceId: string, confluenceApiToken: string): Promise<unknown> {
  const q = new URLSearchParams({ 'space-id': spaceId, limit: '25' });
  const res = await fetch(\`\${wiki}/wiki/api/v2/pages?\${q}\`, { headers: { Authorization: \`Basic \${btoa(\`me@acme.com:\${confluenceApiToken}\`)}\` } });
  return res.json();
}
`,
    },
    expect: 'fixed',
  },
  {
    name: 'client: jira.js Version3Client in an async function (TS)',
    files: {
      'src/jsclient.ts': `import { Version3Client } from 'jira.js';

export async function summary(key: string): Promise<string> {
  const client = new Version3Client({
    host: 'https://acme.atlassian.net',
    authentication: { basic: { email: process.env.JIRA_EMAIL ?? '', apiToken: process.env.JIRA_API_TOKEN ?? '' } },
  });
  const issue = await client.issues.getIssue({ issueIdOrKey: key });
  return String(issue.fields.summary);
}
`,
    },
    expect: 'fixed',
    contains: { 'src/jsclient.ts': ['oauth2: { accessToken: await getAccessToken() }'] },
  },
  {
    name: 'not offered: an exported synchronous jira.js factory would become async under its callers in other files (TS)',
    files: {
      'src/factory.ts': `import { Version2Client } from 'jira.js';

export function makeClient(email: string, apiToken: string): Version2Client {
  return new Version2Client({ host: process.env.JIRA_HOST ?? 'https://acme.atlassian.net', authentication: { basic: { email, apiToken } } });
}

export async function projects(): Promise<number> {
  const page = await makeClient('bot@acme.com', process.env.JIRA_API_TOKEN ?? '').projects.searchProjects({});
  return page.values.length;
}
`,
    },
    expect: /makeClient\(\) would become async, and it is exported: callers in other files would receive a Promise/,
  },
  {
    name: 'client: confluence.js ConfluenceClient (JS)',
    files: {
      'src/wiki.js': `import { ConfluenceClient } from 'confluence.js';

export async function space(key) {
  const client = new ConfluenceClient({ host: process.env.CONFLUENCE_HOST, authentication: { basic: { email: process.env.CONFLUENCE_EMAIL, apiToken: process.env.CONFLUENCE_API_TOKEN } } });
  return client.space.getSpace({ spaceKey: key });
}
`,
    },
    expect: 'fixed',
    contains: { 'src/wiki.js': ['host: `https://api.atlassian.com/ex/confluence/${await getCloudId(process.env.CONFLUENCE_HOST)}`'] },
  },
  {
    name: 'Forge: resolver fetch with Basic auth → asUser().requestJira, scope added to manifest.yml (TS)',
    files: {
      'src/index.ts': `import Resolver from '@forge/resolver';

const resolver = new Resolver();
const auth = 'Basic ' + Buffer.from(\`\${process.env.BOT_EMAIL}:\${process.env.JIRA_API_TOKEN}\`).toString('base64');

export async function issue(key: string): Promise<unknown> {
  const res = await fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${encodeURIComponent(key)}\`, { headers: { Authorization: auth } });
  return res.json();
}
export const handler = resolver.getDefinitions();
`,
      'manifest.yml': MANIFEST,
    },
    expect: 'fixed',
    contains: {
      'src/index.ts': ["import api, { route } from '@forge/api';", 'api.asUser().requestJira(route`/rest/api/3/issue/${key}`)'],
      'manifest.yml': ['    - storage:app\n    - read:jira-work\n'],
    },
  },
  {
    name: 'Forge: asApp() variant, Confluence POST with a body, permissions block created (TS)',
    fix: 1,
    files: {
      'src/publish.ts': `import { fetch } from '@forge/api';

export async function publish(title: string, html: string, creds: { email: string; apiToken: string }): Promise<unknown> {
  const res = await fetch('https://acme.atlassian.net/wiki/api/v2/pages', {
    method: 'POST',
    headers: { Authorization: \`Basic \${Buffer.from(\`\${creds.email}:\${creds.apiToken}\`).toString('base64')}\`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ spaceId: '1', status: 'current', title, body: { representation: 'storage', value: html } }),
  });
  return res.json();
}
`,
      'manifest.yml': `modules:
  function:
    - key: main
      handler: index.run
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000001
`,
    },
    expect: 'fixed',
    contains: {
      'src/publish.ts': ["import api, { route } from '@forge/api';", "api.asApp().requestConfluence(route`/wiki/api/v2/pages`, {\n    method: 'POST',\n    headers: { 'Content-Type': 'application/json' },"],
      'manifest.yml': ['permissions:\n  scopes:\n    - write:page:confluence\n'],
    },
  },
  {
    name: 'Forge: plain fetch without credentials in a Forge function (no-direct-product-fetch), flow-style scopes (TS)',
    files: {
      'src/me.ts': `export async function me(): Promise<unknown> {
  return (await fetch('https://acme.atlassian.net/rest/api/3/myself')).json();
}
`,
      'manifest.yml': 'permissions:\n  scopes: [storage:app]\napp:\n  id: ari:cloud:ecosystem::app/x\n',
    },
    expect: 'fixed',
    contains: { 'manifest.yml': ['scopes: [storage:app, read:jira-user]'] },
  },
  {
    name: 'Forge Custom UI: window.fetch → requestJira from @forge/bridge (JSX)',
    files: {
      'static/panel/src/App.jsx': `import React, { useEffect, useState } from 'react';
export function App({ issueKey }) {
  const [issue, setIssue] = useState(null);
  useEffect(() => {
    fetch(\`/rest/api/3/issue/\${issueKey}\`).then((r) => r.json()).then(setIssue);
  }, [issueKey]);
  return <pre>{JSON.stringify(issue)}</pre>;
}
`,
      'manifest.yml': MANIFEST,
    },
    expect: 'fixed',
    contains: { 'static/panel/src/App.jsx': ["import { requestJira } from '@forge/bridge';", 'requestJira(`/rest/api/3/issue/${issueKey}`)'] },
  },
  {
    name: 'not offered: Authorization computed once at module load (TS)',
    files: {
      'src/static-header.ts': `const AUTH_HEADER = { Authorization: 'Basic ' + Buffer.from(\`\${process.env.JIRA_EMAIL}:\${process.env.JIRA_API_TOKEN}\`).toString('base64') };

export async function fields(): Promise<unknown> {
  return (await fetch('https://acme.atlassian.net/rest/api/3/field', { headers: AUTH_HEADER })).json();
}
`,
    },
    expect: /No automatic fix: the Authorization header is computed once when the module loads/,
  },
  {
    name: 'not offered: request outside an async function (promise chain) (JS)',
    files: {
      'src/legacy.js': `function search(jql, token) {
  return fetch('https://acme.atlassian.net/rest/api/3/search?jql=' + encodeURIComponent(jql), {
    headers: { Authorization: 'Basic ' + btoa('me@acme.com:' + token) },
  }).then((r) => r.json());
}
module.exports = { search };
`,
    },
    expect: /No automatic fix: the request is not in an async function/,
  },
  {
    name: 'not offered: jira.js client built at module level (TS)',
    files: {
      'src/shared-client.ts': `import { Version3Client } from 'jira.js';

export const client = new Version3Client({ host: 'https://acme.atlassian.net', authentication: { basic: { email: 'bot@acme.com', apiToken: process.env.JIRA_API_TOKEN ?? '' } } });
`,
    },
    expect: /No automatic fix: the jira\.js client is computed once when the module loads/,
  },
  {
    name: 'not offered: axios in Forge code (response type differs from requestJira)',
    files: {
      'src/fn.ts': `import axios from 'axios';
export async function run(): Promise<unknown> {
  const { data } = await axios.get('https://acme.atlassian.net/rest/api/3/myself', { auth: { username: 'me@acme.com', password: process.env.JIRA_API_TOKEN ?? '' } });
  return data;
}
`,
      'manifest.yml': MANIFEST,
    },
    expect: /No automatic fix: axios returns a different response type/,
  },
  {
    name: 'not offered: a helper header shared through a callback (cannot be made async)',
    files: {
      'src/cb.ts': `const token = process.env.JIRA_API_TOKEN ?? '';
function authHeader(): string {
  return 'Basic ' + Buffer.from('me@acme.com:' + token).toString('base64');
}
export const headerFactory = authHeader;
export async function me(): Promise<unknown> {
  return (await fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: authHeader() } })).json();
}
`,
    },
    expect: /No automatic fix: `authHeader` is used other than by calling it/,
  },
  {
    name: '3LO: an ESM project (module nodenext, type module) imports the helper with its .js extension (TS)',
    files: {
      'src/board.ts': `import { boardUrl } from './urls.js';

export async function columns(id: number): Promise<unknown> {
  const token = process.env.JIRA_API_TOKEN ?? '';
  console.log('board', boardUrl(id));
  const res = await fetch(\`https://acme.atlassian.net/rest/agile/1.0/board/\${id}/configuration\`, { headers: { Authorization: 'Basic ' + Buffer.from('ci@acme.com:' + token).toString('base64') } });
  return res.json();
}

export async function me(): Promise<unknown> {
  const token = process.env.JIRA_API_TOKEN ?? '';
  return (await fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + Buffer.from('ci@acme.com:' + token).toString('base64') } })).json();
}
`,
      'src/urls.ts': "export const boardUrl = (id: number): string => `https://acme.atlassian.net/rest/agile/1.0/board/${id}/configuration`;\n",
      'package.json': '{ "name": "board-sync", "type": "module", "devDependencies": { "typescript": "^5.6.0" } }\n',
      'tsconfig.json': '{ "compilerOptions": { "module": "nodenext", "strict": true } }\n',
    },
    expect: 'fixed',
    contains: { 'src/board.ts': ["import { getAccessToken, getCloudId } from './atlassianOAuth.js';"] },
  },
  {
    name: '3LO: the file has its own getAccessToken (it read the API token): the helper is imported under another name (TS)',
    files: {
      'src/tokens.ts': `function getAccessToken(): string {
  return process.env.JIRA_API_TOKEN ?? '';
}

export async function watchers(key: string): Promise<unknown> {
  const basic = Buffer.from(\`bot@acme.com:\${getAccessToken()}\`).toString('base64');
  const res = await fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${key}/watchers\`, { headers: { Authorization: \`Basic \${basic}\` } });
  return res.json();
}
`,
    },
    expect: 'fixed',
    contains: { 'src/tokens.ts': ["import { getAccessToken as getAtlassianAccessToken, getCloudId } from './atlassianOAuth';", 'Authorization: `Bearer ${await getAtlassianAccessToken()}`'] },
  },
  {
    name: '3LO: a local getCloudId (it parsed a site name) does not shadow the helper\'s (TS)',
    files: {
      'src/cloud.ts': `const getCloudId = (site: string): string => site.replace(/^https:\\/\\//, '').split('.')[0] ?? site;

export async function fields(): Promise<unknown> {
  console.log('site', getCloudId('https://acme.atlassian.net'));
  const res = await fetch('https://acme.atlassian.net/rest/api/3/field', {
    headers: { Authorization: 'Basic ' + Buffer.from('ops@acme.com:' + (process.env.JIRA_API_TOKEN ?? '')).toString('base64') },
  });
  return res.json();
}
`,
    },
    expect: 'fixed',
    contains: { 'src/cloud.ts': ["import { getAccessToken, getCloudId as getAtlassianCloudId } from './atlassianOAuth';", '${await getAtlassianCloudId(\'https://acme.atlassian.net\')}/rest/api/3/field'] },
  },
  {
    name: 'not offered: an exported header helper would become async under its callers in other files (TS)',
    files: {
      'src/auth.ts': `const token = process.env.JIRA_API_TOKEN ?? '';

export function jiraHeaders(): Record<string, string> {
  return { Authorization: 'Basic ' + Buffer.from('ops@acme.com:' + token).toString('base64') };
}

export async function priorities(): Promise<unknown> {
  return (await fetch('https://acme.atlassian.net/rest/api/3/priority', { headers: jiraHeaders() })).json();
}
`,
    },
    expect: /jiraHeaders\(\) would become async, and it is exported: callers in other files would receive a Promise/,
  },
  {
    name: 'not offered: multi-tenant code takes the site and the token per call (TS)',
    files: {
      'src/tenant.ts': `export async function getIssue(siteUrl: string, email: string, apiToken: string, key: string): Promise<unknown> {
  const res = await fetch(\`\${siteUrl}/rest/api/3/issue/\${key}\`, {
    headers: { Authorization: \`Basic \${Buffer.from(\`\${email}:\${apiToken}\`).toString('base64')}\` },
  });
  return res.json();
}
`,
    },
    expect: /the site and the token come from the caller \(`apiToken` is a parameter of getIssue\(\)\)/,
  },
  {
    name: 'not offered: a React component calling Jira from the browser (TSX)',
    files: {
      'src/IssueCard.tsx': `import { useEffect, useState } from 'react';

export function IssueCard({ issueKey }: { issueKey: string }) {
  const [summary, setSummary] = useState('');
  useEffect(() => {
    const load = async () => {
      const res = await fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${issueKey}\`, {
        headers: { Authorization: 'Basic ' + btoa('ops@acme.com:' + import.meta.env.VITE_JIRA_TOKEN) },
      });
      setSummary((await res.json()).fields.summary);
    };
    void load();
  }, [issueKey]);
  return <h2>{summary}</h2>;
}
`,
    },
    expect: /this code is a React component, which runs in the browser: the OAuth 2.0 \(3LO\) helper needs the client secret and refresh tokens, which must not ship to users/,
  },
  {
    name: 'not offered: a Forge call whose path after /rest/api/3/ is one run-time value (it may hold /) (TS)',
    files: {
      'src/generic.ts': `export async function jiraGet(resource: string): Promise<unknown> {
  const auth = 'Basic ' + Buffer.from(\`\${process.env.BOT_EMAIL}:\${process.env.JIRA_API_TOKEN}\`).toString('base64');
  const res = await fetch(\`https://acme.atlassian.net/rest/api/3/\${resource}\`, { headers: { Authorization: auth } });
  return res.json();
}
`,
      'manifest.yml': MANIFEST,
    },
    expect: /`resource` may hold a whole resource path, and route`…` encodes each value/,
  },
];

interface Row {
  readonly name: string;
  readonly offered: boolean;
  readonly fixed: boolean;
  readonly typechecked: boolean | 'n/a';
  readonly note: string;
}

const rows: Row[] = [];
const toTypecheck = new Map<string, string>();
const toCheckJs = new Map<string, string>();
const toCheckJsBefore = new Map<string, string>();
const owners = new Map<string, string>();

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(`${f.ruleId} ${f.file}`, (m.get(`${f.ruleId} ${f.file}`) ?? 0) + 1);
  return m;
}

describe('API-token migration on real call sites (fixture table)', () => {
  it('has at least 15 fixtures, fixed and refused ones', () => {
    assert.ok(FIXTURES.length >= 15);
    assert.ok(FIXTURES.filter((f) => f.expect === 'fixed').length >= 15);
    assert.ok(FIXTURES.some((f) => f.expect !== 'fixed'));
  });

  FIXTURES.forEach((fx, i) => {
    it(fx.name, () => {
      const files = new Map(Object.entries(fx.files));
      const target = Object.keys(fx.files)[0] as string;
      const before = analyseAll(files);
      const mine = before.filter((f) => MIGRATED_RULES.has(f.ruleId) && f.file === target);
      assert.ok(mine.length > 0, 'the fixture has an API-token finding');
      if (fx.expect !== 'fixed') {
        assert.ok(mine.every((f) => f.fixes.length === 0), 'no fix offered');
        const reason = fx.expect;
        // The reason is in the finding's detail: the hover and the reports show it after the short message.
        assert.ok(mine.some((f) => reason.test(f.detail)), `the finding says why: ${mine.map((f) => f.detail).join(' | ')}`);
        rows.push({ name: fx.name, offered: false, fixed: false, typechecked: 'n/a', note: /No automatic fix: (.*)$/.exec(mine[0]?.detail ?? '')?.[1] ?? '' });
        return;
      }
      assert.ok(mine.every((f) => f.fixes.length > 0), `a fix is offered: ${mine.map((f) => f.message).join(' | ')}`);
      assert.ok(mine.every((f) => f.fixes.every((x) => !x.safe)), 'migration fixes are not safe for fix-all');
      const run = migrateAll(files, fx.fix ?? 0);
      assert.deepEqual(run.left.map((f) => `${f.ruleId} ${f.file}:${f.start.line}`), [], 'no API-token finding left');
      const after = analyseAll(run.files);
      const was = countByRule(before);
      for (const [key, n] of countByRule(after)) assert.ok(n <= (was.get(key) ?? 0), `new finding after the fix: ${key}`);
      for (const [p, text] of run.files) {
        const imports = text.match(/(?:from |require\()'[^']*atlassianOAuth[^']*'/g) ?? [];
        assert.ok(imports.length <= 1, `${p} imports the helper once, not ${imports.length} times`);
      }
      assert.ok([...run.files.keys()].filter((p) => /atlassianOAuth\.[cm]?[jt]s$/.test(p)).length <= 1, 'one helper per workspace');
      for (const [p, parts] of Object.entries(fx.contains ?? {})) {
        for (const part of parts) assert.ok(run.files.get(p)?.includes(part), `${p} should contain:\n${part}\n---\n${run.files.get(p)}`);
      }
      // package.json / tsconfig.json decide the module format (ESM projects need `.js` in relative imports).
      for (const [p, text] of run.files) if (/(?:^|\/)package\.json$/.test(p)) toTypecheck.set(path.join(VIRTUAL_ROOT, `f${i}`, p), text);
      const ts = [...run.files].filter(([p]) => fileKind(p) === 'code' && /\.tsx?$/.test(p));
      for (const [p, text] of ts) {
        const abs = path.join(VIRTUAL_ROOT, `f${i}`, p);
        toTypecheck.set(abs, text);
        owners.set(abs, fx.name);
      }
      const js = [...run.files].filter(([p]) => fileKind(p) === 'code' && /\.[cm]?jsx?$/.test(p));
      for (const [p, text] of js) toCheckJs.set(path.join(VIRTUAL_ROOT, `f${i}`, p), text);
      // The same JavaScript before the fix: the fix may not add a type error of its own.
      for (const [p, text] of Object.entries(fx.files)) if (fileKind(p) === 'code' && /\.[cm]?jsx?$/.test(p)) toCheckJsBefore.set(path.join(VIRTUAL_ROOT, `b${i}`, p), text);
      const typed = [...ts, ...js].some(([p]) => p === target);
      rows.push({ name: fx.name, offered: true, fixed: true, typechecked: typed ? true : 'n/a', note: run.applied.join('; ') });
    });
  });

  it('the fix adds no checkJs error to a JavaScript fixture, and the generated JavaScript helper has none', function () {
    this.timeout(120_000);
    assert.ok(toCheckJs.size >= 4, `checked files: ${toCheckJs.size}`);
    // package.json files decide CommonJS or ESM for the JavaScript too.
    for (const [p, text] of toTypecheck) if (p.endsWith('package.json')) toCheckJs.set(p, text);
    // `f3/src/a.js:12 message` → `3 src/a.js message` (fixture, file, message; lines move with the fix).
    const key = (e: string): string => e.replace(/^[fb](\d+)\/([^:]+):\d+ /, '$1 $2 ');
    const before = new Map<string, number>();
    for (const e of typecheck(toCheckJsBefore, { checkJs: true })) before.set(key(e), (before.get(key(e)) ?? 0) + 1);
    const added: string[] = [];
    for (const e of typecheck(toCheckJs, { checkJs: true })) {
      const k = key(e);
      const n = before.get(k) ?? 0;
      if (n > 0) before.set(k, n - 1);
      else added.push(e);
    }
    assert.deepEqual(added, []);
  });

  it('every fixed TypeScript fixture (and its generated helper) type-checks against the real @forge/api, jira.js and axios types', function () {
    this.timeout(120_000);
    assert.ok(toTypecheck.size >= 10, `type-checked files: ${toTypecheck.size}`);
    const errors = typecheck(toTypecheck);
    assert.deepEqual(errors, []);
  });

  after(() => {
    if (!process.env['MG_FIXTURE_TABLE']) return;
    const lines = ['| Fixture | Offered | Fixed + re-analysed | Type-checked | Note |', '| --- | --- | --- | --- | --- |'];
    for (const r of rows) lines.push(`| ${r.name} | ${r.offered ? 'yes' : 'no'} | ${r.fixed ? 'yes' : '—'} | ${r.typechecked === true ? 'yes' : r.typechecked} | ${r.note.replace(/\|/g, '\\|')} |`);
    console.log(lines.join('\n'));
  });
});
