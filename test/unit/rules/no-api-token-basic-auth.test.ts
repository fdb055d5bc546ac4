import * as assert from 'assert';
import rule from '../../../server/src/core/rules/code/no-api-token-basic-auth';
import { analyseFile } from '../../../server/src/core/engine';
import { runRuleTests } from '../../support/rule-tester';
import { fakeAdminKey, fakeApiToken, windows } from '../../support/secrets';

const token = fakeApiToken();
const adminKey = fakeAdminKey();
const encodedPair = Buffer.from(`bot@acme.com:${token}`).toString('base64');

/** The two-file shape seen most in partner code: the header is built by a helper another module exports. */
const HELPER = `export const getAuthHeader = (username: string, authToken: string) => {
  const token = \`Basic \${Buffer.from(\`\${username}:\${authToken}\`).toString("base64")}\`;
  return token;
};
`;
const HELPER_CALLER = `import { getAuthHeader } from './authHeader';
export async function getIssue(key: string) {
  const res = await fetch(\`\${process.env.JIRA_URL}/rest/api/3/issue/\${key}\`, {
    headers: { Authorization: getAuthHeader(process.env.JIRA_USER!, process.env.JIRA_API_TOKEN!) },
  });
  return res.json();
}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'an auth option holding a URL (an OAuth endpoint setting), not user:password',
      file: 'src/oauth.ts',
      code: "import got from 'got';\nexport const me = (token: string) => got('https://api.atlassian.com/me', { auth: 'https://auth.atlassian.com', headers: { Authorization: `Bearer ${token}` } } as never);\n",
    },
    {
      name: 'Basic auth to GitHub with a GitHub token',
      file: 'src/sync.ts',
      code: `// mirrors Jira issues to GitHub
const auth = Buffer.from(\`\${user}:\${process.env.GITHUB_TOKEN}\`).toString('base64');
await fetch('https://api.github.com/repos/acme/app/issues', { headers: { Authorization: \`Basic \${auth}\` } });
`,
    },
    {
      name: 'axios auth option to Stripe',
      file: 'src/billing.js',
      code: `import axios from 'axios';
// billing for the Jira app
export const charge = (data) => axios.post('https://api.stripe.com/v1/charges', data, { auth: { username: process.env.STRIPE_KEY, password: '' } });
`,
    },
    {
      name: 'Basic auth to Jenkins, even from a job named after Jira',
      file: 'src/ci.ts',
      code: `const jenkinsAuth = 'Basic ' + Buffer.from(\`ci:\${process.env.JENKINS_TOKEN}\`).toString('base64');
await fetch('https://jenkins.acme.com/job/jira-sync/build', { method: 'POST', headers: { Authorization: jenkinsAuth } });
`,
    },
    {
      name: 'OAuth Bearer access token to the api.atlassian.com gateway',
      file: 'src/oauth-client.ts',
      code: `export async function getIssue(cloudId: string, key: string, accessToken: string) {
  return fetch(\`https://api.atlassian.com/ex/jira/\${cloudId}/rest/api/3/issue/\${key}\`, {
    headers: { Authorization: \`Bearer \${accessToken}\`, Accept: 'application/json' },
  });
}
export const me = (token: { access_token: string }) =>
  fetch('https://api.atlassian.com/me', { headers: { Authorization: 'Bearer ' + token.access_token } });
`,
    },
    {
      name: 'Forge requestJira with route',
      file: 'src/index.js',
      code: `import api, { route } from '@forge/api';
export const getIssue = (key) => api.asUser().requestJira(route\`/rest/api/3/issue/\${key}\`, { headers: { Accept: 'application/json' } });
`,
    },
    {
      name: 'test file with placeholder credentials and host',
      file: 'test/jira-client.test.ts',
      code: `const auth = Buffer.from('me@example.com:your-api-token').toString('base64');
nock('https://your-domain.atlassian.net').get('/rest/api/3/myself').reply(200, {});
await fetch('https://your-domain.atlassian.net/rest/api/3/myself', { headers: { Authorization: \`Basic \${auth}\` } });
await fetch('https://test.atlassian.net/rest/api/3/myself', { headers: { Authorization: \`Basic \${btoa(\`\${email}:\${process.env.JIRA_API_TOKEN}\`)}\` } });
`,
    },
    {
      name: 'Confluence identifier, Basic auth to GitHub',
      file: 'src/confluence.ts',
      code: `export async function getPagesInConfluenceSpace(user: string, creds: string) {
  return fetch('https://api.github.com/repos/acme/wiki/contents', { headers: { Authorization: 'Basic ' + btoa(user + ':' + creds) } });
}
`,
    },
    // Real-code shapes (SPEC rule 1 "Real code"): each hard negative has the same shape as a positive below.
    {
      name: 'class with this fields: Basic auth to a Zendesk host set at run time',
      file: 'src/zendesk/client.ts',
      code: `export class ZendeskClient {
  constructor(private readonly config: { subdomain: string; email: string; apiToken: string }) {}
  private authHeaders() {
    const credentials = Buffer.from(\`\${this.config.email}/token:\${this.config.apiToken}\`).toString('base64');
    return { Authorization: \`Basic \${credentials}\` };
  }
  async tickets() {
    return fetch(\`https://\${this.config.subdomain}.zendesk.com/api/v2/tickets.json\`, { headers: this.authHeaders() });
  }
}
`,
    },
    {
      name: 'npm registry client: Basic auth with a host set at run time, in a Jira release tool',
      file: 'src/release/npmRegistry.ts',
      code: `// publishes the Jira release notes package
export class NpmRegistryClient {
  constructor(private registry: string, private user: string, private password: string) {}
  publish(body: string) {
    return fetch(\`\${this.registry}/-/package\`, { method: 'PUT', body, headers: { Authorization: 'Basic ' + Buffer.from(this.user + ':' + this.password).toString('base64') } });
  }
}
`,
    },
    {
      name: 'Data Center personal access token as Bearer to an on-premise host set at run time',
      file: 'src/jira/server.ts',
      code: `export class JiraServerClient {
  constructor(private baseUrl: string, private personalAccessToken: string) {}
  issue(key: string) {
    return fetch(\`\${this.baseUrl}/rest/api/2/issue/\${key}\`, { headers: { Authorization: \`Bearer \${this.personalAccessToken}\` } });
  }
}
`,
    },
    {
      name: 'OAuth access token as Bearer from a Jira class to a host set at run time',
      file: 'src/jira/cloud.ts',
      code: `export class JiraCloudClient {
  constructor(private apiBase: string, private accessToken: string) {}
  issue(key: string) {
    return fetch(\`\${this.apiBase}/rest/api/3/issue/\${key}\`, { headers: { Authorization: \`Bearer \${this.accessToken}\` } });
  }
}
`,
    },
    {
      name: 'OAuth client credentials as Basic from an Atlassian OAuth helper (a client secret, not a user token)',
      file: 'src/atlassian/oauth.ts',
      code: `export async function exchange(tokenUrl: string, code: string) {
  const basic = Buffer.from(\`\${process.env.CLIENT_ID}:\${process.env.CLIENT_SECRET}\`).toString('base64');
  return fetch(tokenUrl, { method: 'POST', body: code, headers: { Authorization: \`Basic \${basic}\` } });
}
`,
    },
    {
      name: 'pretend builder with Basic auth for a GitHub client',
      file: 'src/github.ts',
      code: `import { Pretend } from 'pretend';
export function createGitHubClient(endpoint: string, username: string, token: string) {
  return Pretend.builder().basicAuthentication(username, token).target(GitHubBlueprint, endpoint);
}
`,
    },
    {
      name: 'Slack Bearer token in a Jira bot',
      file: 'src/bot.ts',
      code: `// posts Jira updates
await fetch('https://slack.com/api/chat.postMessage', { method: 'POST', headers: { Authorization: \`Bearer \${process.env.SLACK_TOKEN}\` } });
`,
    },
    {
      name: 'OAuth token named oauthToken to an Atlassian site',
      file: 'src/api.ts',
      code: `const res = await axios.get('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: \`Bearer \${oauthToken}\` } });
`,
    },
    {
      name: 'prose that starts with "Basic"',
      file: 'src/help.ts',
      code: `export const help = 'Basic usage: connect your Jira site with OAuth';
`,
    },
    {
      name: 'imported helper builds Bearer from an OAuth access token',
      file: 'src/issues.ts',
      code: `import { bearer } from './oauth';
export const me = (cloudId: string, session: { accessToken: string }) =>
  fetch(\`https://api.atlassian.com/ex/jira/\${cloudId}/rest/api/3/myself\`, { headers: { Authorization: bearer(session.accessToken) } });
`,
      files: { 'src/oauth.ts': 'export const bearer = (accessToken: string) => `Bearer ${accessToken}`;\n' },
    },
    {
      name: 'imported helper whose module is not in the workspace',
      file: 'src/issues.ts',
      code: HELPER_CALLER,
      files: { 'src/authHeaders.ts': HELPER, 'lib/authHeader.ts': HELPER },
    },
    {
      name: 'a package import of the same name is not followed',
      file: 'src/issues.ts',
      code: HELPER_CALLER.replace("'./authHeader'", "'authHeader'"),
      files: { 'authHeader.ts': HELPER, 'src/authHeader.ts': HELPER, 'node_modules/authHeader/index.ts': HELPER },
    },
    {
      name: 'an import cycle (a imports b imports a) ends',
      file: 'src/a.ts',
      code: `import { header } from './b';
export const base = header;
export const me = () => fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: header } });
`,
      files: { 'src/b.ts': "import { base } from './a';\nexport const header = base;\nexport * from './a';\n" },
    },
    {
      name: 'headers object imported from a config module, sent to GitHub',
      file: 'src/call.ts',
      code: `import { headers } from './headers';
export const repos = () => fetch('https://api.github.com/user/repos', { headers });
`,
      files: {
        'src/headers.ts': `export const headers = { Authorization: 'Basic ' + Buffer.from(process.env.GH_USER + ':' + process.env.GH_SECRET).toString('base64') };\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'fetch: header built by a helper in another function, spread into the request headers',
      file: 'src/jira.ts',
      code: `const email = process.env.JIRA_EMAIL;
const token = process.env.JIRA_API_TOKEN;
function authHeader() {
  return 'Basic ' + Buffer.from(\`\${email}:\${token}\`).toString('base64');
}
const headers = { Authorization: authHeader(), 'Content-Type': 'application/json' };
export async function getIssue(key: string) {
  const res = await fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${key}\`, { headers: { ...headers, Accept: 'application/json' } });
  return res.json();
}
`,
      errors: [{ messageId: 'basicAuth', line: 8, data: { credential: 'process.env.JIRA_EMAIL:process.env.JIRA_API_TOKEN', endpoint: 'GET https://acme.atlassian.net/rest/api/3/issue/{key}' } }],
    },
    {
      name: 'not fixed: btoa in a template header, site and token per call (multi-tenant)',
      file: 'web/confluence.js',
      code: `export async function listPages(site, email, apiToken) {
  const res = await fetch(\`https://\${site}.atlassian.net/wiki/api/v2/pages\`, {
    headers: { Authorization: \`Basic \${btoa(\`\${email}:\${apiToken}\`)}\` },
  });
  return res.json();
}
`,
      errors: [{ messageId: 'basicAuth', line: 2, data: { fixNote: ' No automatic fix: the site and the token come from the caller (`apiToken` is a parameter of listPages()): this code serves several tenants, and one OAuth token for the whole process would ignore them. Key the helper\'s token store by site or user and pass that key, by hand.', endpoint: 'GET https://{site}.atlassian.net/wiki/api/v2/pages' } }],
    },
    {
      name: 'axios.create instance with auth and baseURL',
      file: 'src/client.ts',
      code: `import axios from 'axios';
const client = axios.create({
  baseURL: 'https://acme.atlassian.net',
  auth: { username: process.env.JIRA_EMAIL!, password: process.env.JIRA_API_TOKEN! },
});
export const search = (jql: string) => client.post('/rest/api/3/search', { jql });
`,
      errors: [{ messageId: 'authOption', line: 6, data: { client: 'axios', endpoint: 'POST https://acme.atlassian.net/rest/api/3/search' } }],
      output: `import axios from 'axios';
import { getAccessToken, getCloudId } from './atlassianOAuth';
const client = axios.create({});
client.interceptors.request.use(async (config) => {
  config.baseURL = \`https://api.atlassian.com/ex/jira/\${await getCloudId('https://acme.atlassian.net')}\`;
  config.headers.Authorization = \`Bearer \${await getAccessToken()}\`;
  return config;
});
export const search = (jql: string) => client.post('/rest/api/3/search', { jql });
`,
    },
    {
      name: 'axios.get to a configured Server/DC URL with a REST path, join(":") credentials',
      file: 'src/sync.js',
      code: `const axios = require('axios');
const credentials = [config.user, config.secret].join(':');
const auth = Buffer.from(credentials).toString('base64');
module.exports.search = () => axios.get(\`\${config.baseUrl}/rest/api/2/search\`, { headers: { Authorization: \`Basic \${auth}\` } });
`,
      errors: [{ messageId: 'basicAuth', line: 4, data: { endpoint: 'GET {baseUrl}/rest/api/2/search' } }],
    },
    {
      name: 'got.extend with username/password options',
      file: 'src/jira.mjs',
      code: `import got from 'got';
const jira = got.extend({ prefixUrl: process.env.JIRA_BASE_URL, username: process.env.JIRA_USER, password: process.env.JIRA_API_TOKEN });
export const issue = (key) => jira.get(\`rest/api/3/issue/\${key}\`).json();
`,
      errors: [{ messageId: 'authOption', line: 3, data: { client: 'got', credential: 'process.env.JIRA_USER:process.env.JIRA_API_TOKEN' } }],
    },
    {
      name: 'superagent .auth(user, token)',
      file: 'lib/issues.cjs',
      code: `const request = require('superagent');
async function createIssue(fields) {
  return request.post('https://acme.atlassian.net/rest/api/3/issue')
    .auth(process.env.ATLASSIAN_EMAIL, process.env.ATLASSIAN_API_TOKEN)
    .send({ fields });
}
module.exports = { createIssue };
`,
      errors: [{ messageId: 'authOption', line: 3, data: { client: 'superagent', endpoint: 'POST https://acme.atlassian.net/rest/api/3/issue' } }],
      fixes: [
        { error: 0, fix: 0, output: `const request = require('superagent');
const { getAccessToken, getCloudId } = require('./atlassianOAuth');
async function createIssue(fields) {
  return request.post(\`https://api.atlassian.com/ex/jira/\${await getCloudId('https://acme.atlassian.net')}/rest/api/3/issue\`)
    .set('Authorization', \`Bearer \${await getAccessToken()}\`)
    .send({ fields });
}
module.exports = { createIssue };
` },
      ],
    },
    {
      name: 'Node https.request with an auth string',
      file: 'lib/myself.cjs',
      code: `const https = require('node:https');
const req = https.request({
  hostname: 'acme.atlassian.net',
  path: '/rest/api/3/myself',
  auth: \`\${user}:\${process.env.JIRA_TOKEN}\`,
}, (res) => res.pipe(process.stdout));
req.end();
`,
      errors: [{ messageId: 'authOption', line: 2, data: { client: 'node-http', endpoint: 'GET https://acme.atlassian.net/rest/api/3/myself' } }],
    },
    {
      name: 'not fixed: class with headers from a method, site and credentials per instance (multi-tenant)',
      file: 'src/JiraClient.ts',
      code: `export class JiraClient {
  constructor(private baseUrl: string, private email: string, private apiToken: string) {}
  private headers() {
    return { Authorization: \`Basic \${Buffer.from(\`\${this.email}:\${this.apiToken}\`).toString('base64')}\`, Accept: 'application/json' };
  }
  async transition(key: string, id: string) {
    return fetch(\`\${this.baseUrl}/rest/api/3/issue/\${key}/transitions\`, { method: 'post', headers: this.headers(), body: JSON.stringify({ transition: { id } }) });
  }
}
`,
      errors: [{ messageId: 'basicAuth', line: 7, data: { fixNote: ' No automatic fix: the site and the token come from the caller (`this.apiToken` is kept per instance): this code serves several tenants, and one OAuth token for the whole process would ignore them. Key the helper\'s token store by site or user and pass that key, by hand.', credential: 'this.email:this.apiToken', endpoint: 'POST {baseUrl}/rest/api/3/issue/{key}/transitions' } }],
    },
    {
      name: 'Bearer with a literal API token',
      file: 'scripts/export.ts',
      code: `const token = '${token}';
await fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: \`Bearer \${token}\` } });
`,
      errors: [{ messageId: 'bearerToken', line: 2, data: { credential: 'ATATT3…' } }],
    },
    {
      name: 'Bearer with an org admin API key by name',
      file: 'src/admin.ts',
      code: `export const users = (orgId: string) =>
  fetch(\`https://api.atlassian.com/admin/v1/orgs/\${orgId}/users\`, { headers: { Authorization: \`Bearer \${process.env.ATLASSIAN_ADMIN_API_KEY}\` } });
`,
      errors: [{ messageId: 'bearerToken', line: 2, data: { endpoint: 'GET https://api.atlassian.com/admin/v1/orgs/{orgId}/users' } }],
    },
    {
      name: 'new Headers() then headers.set(Authorization) before fetch',
      file: 'src/search.js',
      code: `export async function search(jql, email, token) {
  const headers = new Headers();
  headers.set('Authorization', 'Basic ' + btoa(email + ':' + token));
  const res = await fetch('https://acme.atlassian.net/rest/api/3/search?jql=' + encodeURIComponent(jql), { method: 'POST', headers });
  return res.json();
}
`,
      errors: [{ messageId: 'basicAuth', line: 4, data: { endpoint: 'POST https://acme.atlassian.net/rest/api/3/search' } }],
      fixes: [
        { error: 0, fix: 0, output: `import { getAccessToken, getCloudId } from './atlassianOAuth';

export async function search(jql, email, token) {
  const headers = new Headers();
  headers.set('Authorization', \`Bearer \${await getAccessToken()}\`);
  const res = await fetch(\`https://api.atlassian.com/ex/jira/\${await getCloudId('https://acme.atlassian.net')}/rest/api/3/search?jql=\${encodeURIComponent(jql)}\`, { method: 'POST', headers });
  return res.json();
}
` },
      ],
    },
    {
      name: 'exported header built in a module, sent elsewhere',
      file: 'src/auth.ts',
      code: `export const jiraHeaders = {
  Authorization: 'Basic ' + Buffer.from(process.env.JIRA_EMAIL + ':' + process.env.JIRA_API_TOKEN).toString('base64'),
  Accept: 'application/json',
};
`,
      errors: [{ messageId: 'headerBuilt', line: 2, data: { credential: 'process.env.JIRA_API_TOKEN' } }],
    },
    {
      name: 'exported axios instance: Basic header beside an Atlassian baseURL',
      file: 'src/http.ts',
      code: `import axios from 'axios';
export const jira = axios.create({
  baseURL: 'https://acme.atlassian.net/rest/api/3',
  headers: { Authorization: 'Basic ' + Buffer.from(\`\${cfg.user}:\${cfg.pass}\`).toString('base64') },
});
`,
      errors: [{ messageId: 'headerBuilt', line: 4, data: { endpoint: 'https://acme.atlassian.net/rest/api/3', credential: 'cfg.user:cfg.pass' } }],
    },
    {
      name: 'axios defaults header from destructured env names',
      file: 'src/setup.js',
      code: `const { JIRA_EMAIL, JIRA_API_TOKEN } = process.env;
const encoded = Buffer.from(\`\${JIRA_EMAIL}:\${JIRA_API_TOKEN}\`).toString('base64');
axios.defaults.headers.common['Authorization'] = \`Basic \${encoded}\`;
`,
      errors: [{ messageId: 'headerBuilt', line: 3 }],
    },
    {
      name: 'needle with username/password options',
      file: 'src/projects.js',
      code: `const needle = require('needle');
module.exports = (base, user) => needle('get', \`\${base}/wiki/rest/api/space\`, null, { username: user, password: process.env.CONFLUENCE_API_TOKEN });
`,
      errors: [{ messageId: 'authOption', line: 2, data: { client: 'needle' } }],
    },
    {
      name: 'Forge api.fetch with a Basic header',
      file: 'src/resolvers/index.ts',
      code: `import api from '@forge/api';
export async function handler({ payload }: { payload: { key: string } }) {
  const basic = Buffer.from(\`\${payload.email}:\${process.env.JIRA_API_TOKEN}\`).toString('base64');
  return api.fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${payload.key}\`, { headers: { authorization: 'Basic ' + basic } });
}
`,
      errors: [{ messageId: 'basicAuth', line: 4 }],
      fixes: [
        { error: 0, fix: 0, output: `import api, { route } from '@forge/api';
export async function handler({ payload }: { payload: { key: string } }) {
  return api.asUser().requestJira(route\`/rest/api/3/issue/\${payload.key}\`);
}
` },
        { error: 0, fix: 1, output: `import api, { route } from '@forge/api';
export async function handler({ payload }: { payload: { key: string } }) {
  return api.asApp().requestJira(route\`/rest/api/3/issue/\${payload.key}\`);
}
` },
      ],
    },
    {
      name: 'literal base64 credential holding a real-looking token',
      file: 'src/legacy.ts',
      code: `await fetch('https://acme.atlassian.net/rest/api/3/project', { headers: { Authorization: 'Basic ${encodedPair}' } });
`,
      errors: [{ messageId: 'basicAuth', line: 1, data: { credential: 'a literal user:a literal ATATT3…' } }],
    },
    {
      name: 'real-looking token in a test file is still reported',
      file: 'test/e2e/jira.spec.ts',
      code: `const auth = Buffer.from('qa@acme.com:${adminKey}').toString('base64');
await fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: \`Basic \${auth}\` } });
`,
      errors: [{ messageId: 'basicAuth', line: 2 }],
    },
    {
      name: 'fetch: Authorization header from a helper in another file; no fix, and the note says where',
      file: 'src/issues.ts',
      code: HELPER_CALLER,
      files: { 'src/authHeader.ts': HELPER },
      errors: [
        {
          messageId: 'basicAuth',
          line: 3,
          data: {
            credential: '(process.env.JIRA_USER:process.env.JIRA_API_TOKEN)',
            endpoint: 'GET {JIRA_URL}/rest/api/3/issue/{key}',
            fixNote: 'No automatic fix: the Authorization header is built in ./authHeader.ts',
          },
        },
      ],
    },
    {
      name: 'fetch: an imported headers const (../, .js specifier) spread into the request headers',
      file: 'src/jira/search.ts',
      code: `import { authHeaders } from '../lib/headers.js';
export const search = (jql: string) =>
  fetch('https://acme.atlassian.net/rest/api/3/search', { method: 'POST', headers: { ...authHeaders, Accept: 'application/json' }, body: JSON.stringify({ jql }) });
`,
      files: {
        'src/lib/headers.ts': 'export const authHeaders = {\n  Authorization: `Basic ${Buffer.from(`${process.env.JIRA_EMAIL}:${process.env.JIRA_API_TOKEN}`).toString(\'base64\')}`,\n};\n',
      },
      errors: [
        {
          messageId: 'basicAuth',
          line: 3,
          data: { credential: 'process.env.JIRA_EMAIL:process.env.JIRA_API_TOKEN', fixNote: 'is built in ../lib/headers.ts' },
        },
      ],
    },
    {
      name: 'fetch: a headers factory imported from a folder index',
      file: 'src/sync.js',
      code: `import { jiraHeaders } from './auth';
export async function push(cfg, issue) {
  return fetch(\`\${cfg.baseUrl}/rest/api/2/issue\`, { method: 'POST', headers: jiraHeaders(cfg.email, cfg.atlassianApiToken), body: JSON.stringify(issue) });
}
`,
      files: {
        'src/auth/index.js': "export function jiraHeaders(email, token) {\n  return { Authorization: 'Basic ' + btoa(email + ':' + token), 'Content-Type': 'application/json' };\n}\n",
      },
      errors: [{ messageId: 'basicAuth', line: 3, data: { credential: 'cfg.email:cfg.atlassianApiToken', fixNote: 'is built in ./auth/index.js' } }],
    },
    {
      name: 'fetch: a default-exported helper re-exported under another name (two hops)',
      file: 'src/app.ts',
      code: `import { basicAuth } from './auth';
export const me = () => fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: basicAuth(process.env.JIRA_EMAIL!, process.env.JIRA_API_TOKEN!) } });
`,
      files: {
        'src/auth/index.ts': "export { default as basicAuth } from './basic';\n",
        'src/auth/basic.ts': "export default function (user: string, token: string) {\n  return 'Basic ' + Buffer.from(user + ':' + token).toString('base64');\n}\n",
      },
      errors: [{ messageId: 'basicAuth', line: 2, data: { credential: 'process.env.JIRA_EMAIL:process.env.JIRA_API_TOKEN', fixNote: 'is built in ./auth/basic.ts' } }],
    },
    {
      // The importing file must pass the rule's prefilter on its own (an auth word and an Atlassian one).
      name: 'axios: an imported config object with the auth option',
      file: 'src/api.js',
      code: `import axios from 'axios';
import { jiraAuthConfig } from './config';
export const me = () => axios.get('https://acme.atlassian.net/rest/api/3/myself', jiraAuthConfig);
`,
      files: {
        'src/config.js': 'export const jiraAuthConfig = { auth: { username: process.env.JIRA_EMAIL, password: process.env.JIRA_API_TOKEN } };\n',
      },
      errors: [
        {
          messageId: 'authOption',
          line: 3,
          data: { client: 'axios', credential: 'process.env.JIRA_EMAIL:process.env.JIRA_API_TOKEN', fixNote: 'No automatic fix: the auth option is built in ./config.js' },
        },
      ],
    },
    {
      name: 'axios: an instance made from an imported config (export { a as b })',
      file: 'src/client.ts',
      code: `import axios from 'axios';
import { jiraAuth } from './settings';
const client = axios.create(jiraAuth);
export const search = (jql: string) => client.post('/rest/api/3/search', { jql });
`,
      files: {
        'src/settings.ts': "const config = {\n  baseURL: 'https://acme.atlassian.net',\n  auth: { username: process.env.JIRA_EMAIL!, password: process.env.JIRA_API_TOKEN! },\n};\nexport { config as jiraAuth };\n",
      },
      errors: [{ messageId: 'authOption', line: 4, data: { endpoint: 'POST https://acme.atlassian.net/rest/api/3/search', fixNote: 'is built in ./settings.ts' } }],
    },
    {
      name: 'axios: an instance another file makes, called here',
      file: 'src/routes/issues.ts',
      code: `import { requireAuth } from '../middleware';
import { jira } from '../jira';
export const getIssue = requireAuth((key: string) => jira.get(\`/rest/api/3/issue/\${key}\`));
`,
      files: {
        'src/jira.ts': "import axios from 'axios';\nexport const jira = axios.create({\n  baseURL: 'https://acme.atlassian.net',\n  auth: { username: process.env.JIRA_EMAIL!, password: process.env.JIRA_API_TOKEN! },\n});\n",
        'src/middleware.ts': 'export const requireAuth = <T>(f: T): T => f;\n',
      },
      errors: [{ messageId: 'authOption', line: 3, data: { endpoint: 'GET https://acme.atlassian.net/rest/api/3/issue/{key}', fixNote: 'is built in ../jira.ts' } }],
    },
    {
      name: 'node-fetch: a CommonJS helper required from another file',
      file: 'src/jira.js',
      code: `const fetch = require('node-fetch');
const { authHeader } = require('./auth');
module.exports.getIssue = (key) => fetch(\`https://acme.atlassian.net/rest/api/2/issue/\${key}\`, { headers: { Authorization: authHeader() } });
`,
      files: {
        'src/auth.js': "const email = process.env.JIRA_EMAIL;\nconst token = process.env.JIRA_API_TOKEN;\nmodule.exports.authHeader = () => 'Basic ' + Buffer.from(email + ':' + token).toString('base64');\n",
      },
      errors: [{ messageId: 'basicAuth', line: 3, data: { credential: 'process.env.JIRA_EMAIL:process.env.JIRA_API_TOKEN', fixNote: 'is built in ./auth.js' } }],
    },
    // Real-code shapes (SPEC rule 1 "Real code"): the credential's name says nothing; the host or the code around it does.
    {
      name: 'credentials from a destructured parameter, site host built at run time',
      file: 'src/atlassian.ts',
      code: `export async function fetchAtlassian(credentials: { siteName: string; userEmail: string; apiToken: string }, path: string) {
  const { siteName, userEmail, apiToken } = credentials;
  const url = \`https://\${siteName}.atlassian.net\${path}\`;
  const headers = { Authorization: \`Basic \${Buffer.from(\`\${userEmail}:\${apiToken}\`).toString('base64')}\` };
  return fetch(url, { method: 'GET', headers });
}
`,
      errors: [{ messageId: 'basicAuth', line: 5, related: [{ line: 4, message: 'Basic credential built here' }] }],
    },
    {
      name: 'Confluence-named function, self-hosted or Cloud host set at run time: Data Center noted',
      file: 'src/confluence.ts',
      code: `export async function getPagesInConfluenceSpace(serverUrl: string, creds: string) {
  return fetch(\`\${serverUrl}/status\`, { headers: { Authorization: 'Basic ' + creds } });
}
`,
      errors: [{ messageId: 'basicAuth', line: 2, data: { hostNote: 'Data Center', context: 'getPagesInConfluenceSpace' } }],
    },
    {
      name: 'helper builds headers from a Confluence config parameter (no request in the file)',
      file: 'src/client/config.ts',
      code: `export interface ConfluenceConfig { baseUrl: string; userEmail: string; apiToken: string }
export function createAuthHeaders(config: ConfluenceConfig) {
  const auth = Buffer.from(\`\${config.userEmail}:\${config.apiToken}\`).toString(
    'base64',
  );
  return {
    Authorization: \`Basic \${auth}\`,
    Accept: 'application/json',
  };
}
`,
      errors: [{ messageId: 'headerBuilt', line: 7, related: [{ line: 3, message: 'encoded here' }] }],
    },
    {
      name: 'class method builds the header from this.config; the constructor stores it; fetch sends it',
      file: 'src/wiki/http.ts',
      code: `export class WikiHttpClient {
  private headers: Record<string, string>;
  constructor(private readonly config: { baseUrl: string; userEmail: string; apiToken: string }) {
    this.headers = this.createAuthHeaders();
  }
  async get(path: string) {
    const response = await fetch(\`\${this.config.baseUrl}/wiki/api/v2\${path}\`, { headers: this.headers });
    return response.json();
  }
  protected createAuthHeaders() {
    const credentials = Buffer.from(
      \`\${this.config.userEmail}:\${this.config.apiToken}\`,
    ).toString('base64');
    return { Authorization: \`Basic \${credentials}\` };
  }
}
`,
      errors: [{ messageId: 'basicAuth', line: 7, related: [{ line: 14, message: 'Basic credential built here' }, { line: 11, message: 'encoded here' }] }],
    },
    {
      name: 'CommonJS class: this._fields set from a destructured constructor option, axios(config) with a URL from a field',
      file: 'core/JiraService.js',
      code: `const axios = require('axios');
module.exports = class JiraService {
  constructor({ apiUsername, apiToken, apiUrl }) {
    this._apiUsername = apiUsername;
    this._apiToken = apiToken;
    this._apiUrl = apiUrl;
  }
  async send({ url, method = 'GET' }) {
    const response = await axios({
      url: \`\${this._apiUrl}\${url}\`,
      method,
      headers: {
        Authorization: \`Basic \${Buffer.from(
          \`\${this._apiUsername}:\${this._apiToken}\`
        ).toString('base64')}\`,
      },
    });
    return response.data;
  }
};
`,
      errors: [{ messageId: 'basicAuth', line: 9, data: { hostNote: 'class JiraService' }, related: [{ line: 13, message: 'Basic credential built here' }, { line: 5, message: 'token comes from' }] }],
    },
    {
      name: 'Obsidian-style plugin: node https.request options, settings fields, path.join of a REST path',
      file: 'src/lib/tracker.ts',
      code: `import { request } from 'https';
import { join } from 'path';
export default class TrackerClient {
  constructor(private settings: { host: string; email: string; token: string }) {}
  callApi(method: string, path: string): Promise<string> {
    const options = {
      hostname: this.settings.host,
      path: join('/rest/api/3/', path),
      method,
      headers: {
        Authorization: 'Basic ' +
          Buffer.from(this.settings.email + ':' + this.settings.token).toString('base64'),
      },
    };
    return new Promise((resolve) => {
      const req = request(options, (res) => resolve(String(res.statusCode)));
      req.end();
    });
  }
}
`,
      errors: [{ messageId: 'basicAuth', line: 16, data: { endpoint: '/rest/api/3/{path}' }, related: [{ line: 11, message: 'Basic credential built here' }] }],
    },
    {
      name: 'axios wrapper subclass passes auth through super(), REST paths in the class',
      file: 'src/api/tracker.ts',
      code: `import axios, { AxiosInstance, CreateAxiosDefaults } from 'axios';
class Api {
  protected api: AxiosInstance;
  constructor(config: CreateAxiosDefaults) {
    this.api = axios.create(config);
  }
}
export class TrackerApi extends Api {
  constructor(username: string, password: string, baseURL: string) {
    super({
      baseURL,
      auth: {
        username,
        password,
      },
    });
  }
  async searchProject(query: string) {
    const { data } = await this.api.get('/rest/api/3/project/search', { params: { query } });
    return data;
  }
}
`,
      errors: [{ messageId: 'authOption', line: 12, data: { hostNote: 'REST paths in this class' } }],
    },
    {
      name: 'pretend builder: basicAuthentication(username, password) for a Jira blueprint',
      file: 'src/api.ts',
      code: `import { Pretend, Get } from 'pretend';
export interface Jira { serverInfo(): Promise<unknown> }
class JiraBlueprint implements Jira {
  @Get('/rest/api/2/serverInfo')
  public serverInfo(): Promise<unknown> { return Promise.resolve(); }
}
export function createClient(endpoint: string, username: string, password: string): Jira {
  return Pretend.builder()
    .basicAuthentication(username, password)
    .target(JiraBlueprint, endpoint);
}
`,
      errors: [{ messageId: 'authOption', line: 8, data: { client: 'pretend' } }],
    },
    {
      name: 'header written after creation: Headers#set in a Jira module, XMLHttpRequest in the browser',
      file: 'src/jira/browser.js',
      code: `export function loadIssue(site, email, token, key) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', site + '/rest/api/3/issue/' + key);
  xhr.setRequestHeader('Authorization', 'Basic ' + btoa(email + ':' + token));
  xhr.send();
}
`,
      errors: [{ messageId: 'headerBuilt', line: 4 }],
    },
    {
      name: 'axios interceptor sets the header on every request of a Jira instance',
      file: 'src/jiraHttp.ts',
      code: `import axios from 'axios';
export const jiraHttp = axios.create({ baseURL: process.env.TRACKER_URL });
jiraHttp.interceptors.request.use((config) => {
  config.headers.Authorization = \`Basic \${Buffer.from(\`\${store.user}:\${store.secret}\`).toString('base64')}\`;
  return config;
});
`,
      errors: [{ messageId: 'headerBuilt', line: 4 }],
    },
    // Bounded by construction: hostile doubling still ends, and the finding is kept.
    {
      name: 'helpers that double their result through each other (bounded; the token name is kept)',
      file: 'src/hostile.js',
      code: `function f(x) { return g(x) + g(x) }
function g(x) { return f(x) + f(x) }
fetch(process.env.SITE + '/rest/api/3/myself', { headers: { Authorization: 'Basic ' + f(process.env.JIRA_API_TOKEN) } });
`,
      errors: [{ messageId: 'basicAuth', line: 3, data: { credential: 'JIRA_API_TOKEN' } }],
    },
    {
      name: 'doubling spread over an import cycle (bounded)',
      file: 'src/a.js',
      code: `import { g } from './b';
export function f(x) { return g(x) + g(x) }
fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + f(process.env.JIRA_API_TOKEN) } });
`,
      files: { 'src/b.js': `import { f } from './a';\nexport function g(x) { return f(x) + f(x) }\n` },
      errors: [{ messageId: 'basicAuth', line: 3 }],
    },
    {
      name: 'headers object imported from a config module that builds it with a helper from a third module',
      file: 'src/call.ts',
      code: `import { headers } from './headers';
export const me = () => fetch('https://acme.atlassian.net/rest/api/3/myself', { headers });
`,
      files: {
        'src/auth.ts': `export const basic = (u: string, t: string) => 'Basic ' + Buffer.from(u + ':' + t).toString('base64');\n`,
        'src/headers.ts': `import { basic } from './auth';\nexport const headers = { Authorization: basic(process.env.USER_EMAIL!, process.env.SECRET!) };\n`,
      },
      errors: [{ messageId: 'basicAuth', line: 2, related: [{ file: 'src/auth.ts', line: 1, message: 'Basic credential built here' }, { file: 'src/headers.ts', line: 2, message: 'token comes from' }] }],
    },
  ],
});

describe('no-api-token-basic-auth extras', () => {
  it('never prints a token and carries endpoint data for the migration report', () => {
    const code = `const auth = Buffer.from('bot@acme.com:${token}').toString('base64');
await fetch('https://acme.atlassian.net/rest/api/3/issue', { method: 'PUT', headers: { Authorization: 'Basic ' + auth } });
`;
    const { findings } = analyseFile('src/a.ts', code, { rules: [rule] });
    assert.strictEqual(findings.length, 1);
    const f = findings[0];
    assert.deepStrictEqual(f?.endpoint, { method: 'PUT', host: 'acme.atlassian.net', path: '/rest/api/3/issue', authKind: 'basic' });
    for (const w of windows(token.slice(6))) assert.ok(!f?.message.includes(w) && !f?.detail.includes(w), 'message or detail leaks the token');
    assert.strictEqual(f?.message, 'API token sent with Basic auth to PUT /rest/api/3/issue.');
    assert.ok(f.detail.includes('PUT https://acme.atlassian.net/rest/api/3/issue') && f.detail.includes('2026-01-01, overdue'), f.detail);
    assert.ok(f.detail.includes('"Personal access tokens"') && f.detail.includes('requestJira'), f.detail);
  });

  it('omits an unknown method and a run-time host', () => {
    const code = `export const call = (method: string) => fetch(\`\${process.env.JIRA_URL}/rest/api/3/myself\`, { method, headers: { Authorization: 'Basic ' + btoa(\`\${u}:\${p}\`) } });\n`;
    const { findings } = analyseFile('src/b.ts', code, { rules: [rule] });
    assert.deepStrictEqual(findings[0]?.endpoint, { path: '/rest/api/3/myself', authKind: 'basic' });
  });

  it('does not parse files with nothing Atlassian-ish', () => {
    const code = `await fetch('https://api.github.com/user', { headers: { Authorization: 'Basic ' + btoa(\`\${u}:\${p}\`) } });\n`;
    assert.strictEqual(analyseFile('src/c.ts', code, { rules: [rule] }).parsed, false);
  });
});
