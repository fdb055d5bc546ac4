import * as assert from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import rule from '../../../server/src/core/rules/code/no-api-token-client';
import { runRuleTests } from '../../support/rule-tester';
import { fakeApiToken } from '../../support/secrets';

const token = fakeApiToken();

/** A project class that sends the token it is given with Basic auth (CommonJS, destructured options). */
const TRACKER_SERVICE = `const axios = require('axios');
module.exports = class TrackerService {
  constructor({ apiUsername, apiToken, apiUrl }) {
    this._apiUsername = apiUsername;
    this._apiToken = apiToken;
    this._apiUrl = apiUrl;
  }
  send(url) {
    return axios({ url: \`\${this._apiUrl}\${url}\`, headers: { Authorization: \`Basic \${Buffer.from(\`\${this._apiUsername}:\${this._apiToken}\`).toString('base64')}\` } });
  }
};
`;
/** The same shape for GitHub: a hard negative. */
const GITHUB_SERVICE = TRACKER_SERVICE.replace('TrackerService', 'GitHubService').replace('${this._apiUrl}${url}', 'https://api.github.com${url}');
/** An axios wrapper subclass that passes auth through super(), with Jira REST paths. */
const JIRA_API = `import axios, { AxiosInstance, CreateAxiosDefaults } from 'axios';
class Api {
  protected api: AxiosInstance;
  constructor(config: CreateAxiosDefaults) { this.api = axios.create(config); }
}
export class JiraApi extends Api {
  constructor(username: string, password: string, baseURL: string) {
    super({ baseURL, auth: { username, password } });
  }
  getIssue(key: string) { return this.api.get(\`/rest/api/3/issue/\${key}\`); }
}
`;
/** pretend's builder in a helper function another module calls. */
const PRETEND_HELPER = `import { Pretend } from 'pretend';
export interface Jira { serverInfo(): Promise<unknown> }
export function createClient(endpoint: string, username: string, password: string): Jira {
  return Pretend.builder().basicAuthentication(username, password).target(JiraBlueprint, endpoint);
}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'jira.js with OAuth 2.0 (3LO)',
      file: 'src/jira.ts',
      code: `import { Version3Client } from 'jira.js';\n\nexport const client = new Version3Client({\n  host: \`https://api.atlassian.com/ex/jira/\${cloudId}\`,\n  authentication: { oauth2: { accessToken } },\n});\n`,
    },
    {
      name: 'a local class given jira.js-style basic authentication for GitHub',
      file: 'src/fake.ts',
      code: `import 'jira.js';\nclass Version3Client { constructor(readonly opts: unknown) {} }\nconst c = new Version3Client({ host: 'https://api.github.com', authentication: { basic: { email, apiToken } } });\n`,
    },
    {
      name: 'jira-client with an OAuth bearer token through the API gateway',
      file: 'src/legacy.js',
      code: `const JiraApi = require('jira-client');\nconst jira = new JiraApi({ protocol: 'https', host: 'api.atlassian.com', base: \`/ex/jira/\${cloudId}\`, bearer: accessToken, apiVersion: '3' });\n`,
    },
    {
      name: 'confluence.js with oauth2 chosen through a conditional',
      file: 'src/confluence.ts',
      code: `import { ConfluenceClient } from 'confluence.js';\nconst auth = token ? { oauth2: { accessToken: token } } : undefined;\nexport const c = new ConfluenceClient({ host, authentication: auth });\n`,
    },
    {
      name: 'jira.js in a test file with placeholder credentials',
      file: 'test/jira.test.ts',
      code: `import { Version3Client } from 'jira.js';\nconst client = new Version3Client({ host: 'https://your-domain.atlassian.net', authentication: { basic: { email: 'test@example.com', apiToken: 'your-api-token' } } });\n`,
    },
    {
      name: 'jira.js without authentication (anonymous)',
      file: 'src/public.ts',
      code: `import { Version2Client } from 'jira.js';\nconst client = new Version2Client({ host: 'https://jira.example.org' });\n`,
    },
    {
      name: 'jira-connector with OAuth 1.0a',
      file: 'src/connector.js',
      code: `const JiraClient = require('jira-connector');\nconst jira = new JiraClient({ host: 'acme.atlassian.net', oauth: { consumer_key, private_key, token, token_secret } });\n`,
    },
    // Project wrappers (SPEC rule 2 "Real code"): hard negatives beside the positives below.
    {
      name: 'project class that sends Basic auth to GitHub, given a GitHub token',
      file: 'app.js',
      code: `const GitHubService = require('./core/GitHubService');
const github = new GitHubService({ apiUsername: 'bot', apiToken: process.env.GITHUB_TOKEN, apiUrl: '' });
`,
      files: { 'core/GitHubService.js': GITHUB_SERVICE },
    },
    {
      name: 'project Jira class constructed without the token argument',
      file: 'src/provider.ts',
      code: `import { JiraApi } from './api/jira';
export const make = (url: string) => new JiraApi;
`,
      files: { 'src/api/jira.ts': JIRA_API },
    },
    {
      name: 'a helper that only returns a Basic header (rule 1 reports the request that sends it)',
      file: 'src/issues.ts',
      code: `import { getAuthHeader } from './authHeader';
export const headers = { Authorization: getAuthHeader(process.env.JIRA_USER!, process.env.JIRA_API_TOKEN!) };
`,
      files: { 'src/authHeader.ts': `export const getAuthHeader = (user: string, token: string) => \`Basic \${Buffer.from(\`\${user}:\${token}\`).toString('base64')}\`;\n` },
    },
    {
      name: 'wrapper given an obvious placeholder',
      file: 'src/provider.ts',
      code: `import { JiraApi } from './api/jira';
export const demo = new JiraApi('me@example.com', 'your-api-token', 'https://your-domain.atlassian.net');
`,
      files: { 'src/api/jira.ts': JIRA_API },
    },
    {
      name: 'own class with OAuth 2.0 authentication options (jira.js style)',
      file: 'src/wiki.ts',
      code: `import { ConfluenceClient } from 'confluence.js';
class Wiki extends ConfluenceClient {}
export const wiki = new Wiki({ host: 'https://api.atlassian.com/ex/confluence/abc', authentication: { oauth2: { accessToken: process.env.ACCESS_TOKEN } } });
`,
    },
  ],
  invalid: [
    {
      name: 'jira.js Version3Client with email + API token (the README shape)',
      file: 'src/jira.ts',
      code: `import { Version3Client } from 'jira.js';\n\nconst client = new Version3Client({\n  host: 'https://acme.atlassian.net',\n  authentication: {\n    basic: {\n      email: process.env.JIRA_EMAIL!,\n      apiToken: process.env.JIRA_API_TOKEN!,\n    },\n  },\n});\n`,
      errors: [{ messageId: 'basicAuth', line: 6, data: { library: 'jira.js', className: 'Version3Client', credential: 'an email and API token' } }],
    },
    {
      name: 'config object declared elsewhere in the file, with a spread',
      file: 'src/client.ts',
      code: `import { Version2Client, type Config } from 'jira.js';\nconst base = { host: 'https://acme.atlassian.net' };\nconst auth = { basic: { email, apiToken } };\nconst config = { ...base, authentication: auth };\nexport const jira = new Version2Client(config);\n`,
      errors: [{ messageId: 'basicAuth', line: 3, data: { className: 'Version2Client' } }],
    },
    {
      name: 'CommonJS destructuring require, AgileClient, username + password',
      file: 'src/agile.js',
      code: `const { AgileClient } = require('jira.js');\nmodule.exports = new AgileClient({\n  host: process.env.JIRA_HOST,\n  authentication: { basic: { username: 'bot', password: process.env.JIRA_PASSWORD } },\n});\n`,
      errors: [{ messageId: 'basicAuth', line: 4, data: { className: 'AgileClient', credential: 'a username and password' } }],
    },
    {
      name: 'namespace import: new jira.ServiceDeskClient in an exported factory (not fixed: callers elsewhere)',
      file: 'src/jsm.ts',
      code: `import * as jira from 'jira.js';\nexport function jsm(email: string, apiToken: string) {\n  return new jira.ServiceDeskClient({ host: 'https://acme.atlassian.net', authentication: { basic: { email, apiToken } } });\n}\n`,
      errors: [{ messageId: 'basicAuth', line: 3, data: { fixNote: ' No automatic fix: jsm() would become async, and it is exported: callers in other files would receive a Promise. Make it async and await it at each caller, then apply the fix.', className: 'jira.ServiceDeskClient' } }],
    },
    {
      name: 'renamed import and basic auth chosen by a fallback',
      file: 'src/dual.ts',
      code: `import { Version3Client as Jira } from 'jira.js';\nconst authentication = useOAuth ? { oauth2: { accessToken } } : { basic: { email, apiToken } };\nconst client = new Jira({ host, authentication });\n`,
      errors: [{ messageId: 'basicAuth', line: 2, data: { className: 'Jira' } }],
    },
    {
      name: 'jira.js personal access token',
      file: 'src/pat.ts',
      code: `import { Version2Client } from 'jira.js';\nconst client = new Version2Client({ host: 'https://acme.atlassian.net', authentication: { personalAccessToken: process.env.JIRA_PAT } });\n`,
      errors: [{ messageId: 'personalAccessToken', line: 2, data: { credential: 'authentication.personalAccessToken' } }],
    },
    {
      name: 'confluence.js ConfluenceClient with basic auth (fix points at /ex/confluence/)',
      file: 'src/wiki.mjs',
      code: `import { ConfluenceClient } from 'confluence.js';\n\nconst client = new ConfluenceClient({\n  host: 'https://acme.atlassian.net',\n  authentication: { basic: { email: 'bot@acme.com', apiToken: '${token}' } },\n});\n`,
      errors: [{ messageId: 'basicAuth', line: 5, data: { library: 'confluence.js', fix: '/ex/confluence/{cloudId}' } }],
    },
    {
      name: 'jira-client through require (README shape)',
      file: 'src/legacy.js',
      code: `var JiraApi = require('jira-client');\n\nvar jira = new JiraApi({\n  protocol: 'https',\n  host: 'acme.atlassian.net',\n  username: process.env.JIRA_USER,\n  password: process.env.JIRA_API_TOKEN,\n  apiVersion: '2',\n  strictSSL: true\n});\n`,
      errors: [{ messageId: 'basicAuth', line: 7, data: { library: 'jira-client', className: 'JiraApi', credential: 'a username and API token', fix: "bearer: accessToken" } }],
    },
    {
      name: 'jira-client as an ES default import under another name',
      file: 'src/sync.ts',
      code: `import JiraClient from 'jira-client';\nexport const jira = new JiraClient({ host: 'acme.atlassian.net', username: user, password: pass });\n`,
      errors: [{ messageId: 'basicAuth', line: 2, data: { className: 'JiraClient', credential: 'a username and password' } }],
    },
    {
      name: 'jira-client with a PAT as bearer',
      file: 'src/dc.js',
      code: `const JiraApi = require('jira-client').default;\nconst jira = new JiraApi({ host: 'jira.acme.com', bearer: process.env.JIRA_PAT });\n`,
      errors: [{ messageId: 'personalAccessToken', line: 2 }],
    },
    {
      name: 'jira-connector basic_auth with email + api_token',
      file: 'src/connector.js',
      code: `const JiraClient = require('jira-connector');\nconst jira = new JiraClient({\n  host: 'acme.atlassian.net',\n  basic_auth: { email: 'bot@acme.com', api_token: process.env.JIRA_TOKEN },\n});\n`,
      errors: [{ messageId: 'basicAuth', line: 4, data: { library: 'jira-connector', credential: 'an email and API token' } }],
    },
    {
      name: 'jira-connector basic_auth with base64',
      file: 'src/connector2.js',
      code: `import JiraClient from 'jira-connector';\nconst jira = new JiraClient({ host: 'acme.atlassian.net', basic_auth: { base64: encoded } });\n`,
      errors: [{ messageId: 'basicAuth', line: 2, data: { credential: 'pre-encoded Basic credentials' } }],
    },
    {
      name: 'typed options object exported for another file',
      file: 'src/jira-config.ts',
      code: `import type { Config } from 'jira.js';\n\nexport const jiraConfig: Config = {\n  host: 'https://acme.atlassian.net',\n  authentication: { basic: { email: 'bot@acme.com', apiToken: process.env.JIRA_API_TOKEN! } },\n};\n`,
      errors: [{ messageId: 'basicAuth', line: 5, data: { className: 'Config' } }],
    },
    {
      name: 'dynamic import in a React component (TSX)',
      file: 'src/JiraPanel.tsx',
      code: `export async function load(email: string, apiToken: string) {\n  const { Version3Client } = await import('jira.js');\n  const client = new Version3Client({ host: 'https://acme.atlassian.net', authentication: { basic: { email, apiToken } } });\n  return <div>{String(client)}</div>;\n}\n`,
      errors: [{ messageId: 'basicAuth', line: 3 }],
      fixes: [
        { error: 0, fix: 0, output: `import { getAccessToken, getCloudId } from './atlassianOAuth';

export async function load(email: string, apiToken: string) {
  const { Version3Client } = await import('jira.js');
  const client = new Version3Client({ host: \`https://api.atlassian.com/ex/jira/\${await getCloudId('https://acme.atlassian.net')}\`, authentication: { oauth2: { accessToken: await getAccessToken() } } });
  return <div>{String(client)}</div>;
}
` },
      ],
    },
    {
      name: 'one options object shared by two clients is one finding',
      file: 'src/clients.ts',
      code: `import { Version2Client, AgileClient } from 'jira.js';\nconst options = {\n  host: 'https://acme.atlassian.net',\n  authentication: { basic: { email: 'bot@acme.com', apiToken: process.env.JIRA_API_TOKEN! } },\n};\nexport const jira = new Version2Client(options);\nexport const agile = new AgileClient(options);\n`,
      errors: [{ messageId: 'basicAuth', line: 4, data: { className: 'Version2Client' } }],
    },
    {
      name: 'integration test with environment credentials is still reported',
      file: 'test/e2e/jira.test.ts',
      code: `import { Version3Client } from 'jira.js';\nconst client = new Version3Client({ host: 'https://acme.atlassian.net', authentication: { basic: { email: process.env.E2E_EMAIL!, apiToken: process.env.E2E_TOKEN! } } });\n`,
      errors: [{ messageId: 'basicAuth', line: 2 }],
    },
    // Project wrappers (SPEC rule 2 "Real code").
    {
      name: 'CommonJS app constructs a project service class with the token from a config module',
      file: 'app.js',
      code: `const config = require('./config');
const TrackerService = require('./core/TrackerService');
const tracker = new TrackerService({
  apiUsername: config.apiUsername,
  apiToken: config.apiToken,
  apiUrl: config.apiUrl,
});
`,
      files: { 'core/TrackerService.js': TRACKER_SERVICE, 'config.js': `module.exports = { apiUrl: process.env.JIRA_URL, apiUsername: process.env.JIRA_USER, apiToken: process.env.JIRA_TOKEN };\n` },
      errors: [{ messageId: 'wrapperClient', line: 3, data: { className: 'TrackerService', site: 'core/TrackerService.js:9' }, related: [{ line: 9, file: 'core/TrackerService.js', message: 'sent with Basic auth' }, { line: 5, message: 'token passed here' }] }],
    },
    {
      name: 'axios wrapper subclass constructed with the stored Jira email and token',
      file: 'src/provider/jira.ts',
      code: `import { JiraApi } from '../api/jira';
import { Config } from '../config';
export function provide(config: Config) {
  return new JiraApi(config.jira.email, config.jira.token, config.jira.apiUrl);
}
`,
      files: { 'src/api/jira.ts': JIRA_API },
      errors: [{ messageId: 'wrapperClient', line: 4, data: { className: 'JiraApi', credential: 'config.jira.token' } }],
    },
    {
      name: 'helper that builds a pretend client, called with the password from settings',
      file: 'src/commands/connect.ts',
      code: `import { createClient } from '../api';
export function connect(settings: { url: string; user: string; password: string }) {
  return createClient(settings.url, settings.user, settings.password);
}
`,
      files: { 'src/api.ts': PRETEND_HELPER },
      errors: [{ messageId: 'wrapperClient', line: 3, data: { className: 'createClient' } }],
    },
    {
      name: 'subclass of a confluence.js client given jira.js-style basic authentication',
      file: 'src/wiki.ts',
      code: `import { ConfluenceClient } from 'confluence.js';
class Wiki extends ConfluenceClient {}
export const wiki = new Wiki({ host: process.env.WIKI_URL, authentication: { basic: { email: process.env.WIKI_EMAIL, apiToken: process.env.WIKI_TOKEN } } });
`,
      errors: [{ messageId: 'basicAuth', line: 3, data: { className: 'Wiki' } }],
    },
    {
      name: 'a local class that happens to be called Version3Client, given an API token for an Atlassian site',
      file: 'src/fake.ts',
      code: `import 'jira.js';\nclass Version3Client { constructor(readonly opts: unknown) {} }\nconst c = new Version3Client({ host: 'https://acme.atlassian.net', authentication: { basic: { email, apiToken } } });\n`,
      errors: [{ messageId: 'basicAuth', line: 3, data: { library: 'jira.js-style' } }],
    },
    {
      name: 'a client from another module, given the jira.js option shape',
      file: 'src/other.ts',
      code: `import { Version3Client } from './my-jira';\nimport 'jira.js/package.json';\nconst c = new Version3Client({ host, authentication: { basic: { email, apiToken } } });\n`,
      errors: [{ messageId: 'basicAuth', line: 3, data: { library: 'jira.js-style' } }],
    },
  ],
});

describe('no-api-token-client endpoint data and messages', () => {
  it('attaches the static host for the migration report and never the token', () => {
    const code = `import { Version3Client } from 'jira.js';\nconst c = new Version3Client({ host: 'https://acme.atlassian.net', authentication: { basic: { email: 'a@acme.com', apiToken: '${token}' } } });\n`;
    const [finding] = analyseFile('src/a.ts', code, { rules: [rule] }).findings;
    assert.ok(finding);
    assert.deepStrictEqual(finding.endpoint, { host: 'acme.atlassian.net', authKind: 'client-library' });
    assert.ok(!finding.message.includes(token.slice(6, 20)));
    assert.strictEqual(finding.message, 'jira.js `Version3Client` configured with an API token (Basic auth).');
    assert.ok(!finding.detail.includes(token.slice(6, 20)));
    assert.match(finding.detail, /enforced since 2026-01-01, overdue\)\. Fix: authenticate with OAuth 2\.0 \(3LO\), `authentication: \{ oauth2: \{ accessToken \} \}` with host `https:\/\/api\.atlassian\.com\/ex\/jira\/\{cloudId\}`/);
    assert.match(finding.detail, /No automatic fix: the jira\.js client is computed once when the module loads/);
  });

  it('skips files that mention no client library, authentication option or project module without parsing them', () => {
    const result = analyseFile('src/b.ts', `const c = new Version3Client({ auth: { basic: {} } });\n`, { rules: [rule] });
    assert.strictEqual(result.parsed, false);
  });
});
