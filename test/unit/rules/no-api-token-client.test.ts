import * as assert from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import rule from '../../../server/src/core/rules/code/no-api-token-client';
import { runRuleTests } from '../../support/rule-tester';
import { fakeApiToken } from '../../support/secrets';

const token = fakeApiToken();

runRuleTests(rule, {
  valid: [
    {
      name: 'jira.js with OAuth 2.0 (3LO)',
      file: 'src/jira.ts',
      code: `import { Version3Client } from 'jira.js';\n\nexport const client = new Version3Client({\n  host: \`https://api.atlassian.com/ex/jira/\${cloudId}\`,\n  authentication: { oauth2: { accessToken } },\n});\n`,
    },
    {
      name: 'a local class that happens to be called Version3Client',
      file: 'src/fake.ts',
      code: `import 'jira.js';\nclass Version3Client { constructor(readonly opts: unknown) {} }\nconst c = new Version3Client({ host: 'https://acme.atlassian.net', authentication: { basic: { email, apiToken } } });\n`,
    },
    {
      name: 'another library with the same option shape',
      file: 'src/other.ts',
      code: `import { Version3Client } from './my-jira';\nimport 'jira.js/package.json';\nconst c = new Version3Client({ host, authentication: { basic: { email, apiToken } } });\n`,
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
      name: 'namespace import: new jira.ServiceDeskClient',
      file: 'src/jsm.ts',
      code: `import * as jira from 'jira.js';\nexport function jsm(email: string, apiToken: string) {\n  return new jira.ServiceDeskClient({ host: 'https://acme.atlassian.net', authentication: { basic: { email, apiToken } } });\n}\n`,
      errors: [{ messageId: 'basicAuth', line: 3, data: { className: 'jira.ServiceDeskClient' } }],
      fixes: [
        { error: 0, fix: 0, output: `import * as jira from 'jira.js';
import { getAccessToken, getCloudId } from './atlassianOAuth';
export async function jsm(email: string, apiToken: string) {
  return new jira.ServiceDeskClient({ host: \`https://api.atlassian.com/ex/jira/\${await getCloudId('https://acme.atlassian.net')}\`, authentication: { oauth2: { accessToken: await getAccessToken() } } });
}
` },
      ],
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
  ],
});

describe('no-api-token-client endpoint data and messages', () => {
  it('attaches the static host for the migration report and never the token', () => {
    const code = `import { Version3Client } from 'jira.js';\nconst c = new Version3Client({ host: 'https://acme.atlassian.net', authentication: { basic: { email: 'a@acme.com', apiToken: '${token}' } } });\n`;
    const [finding] = analyseFile('src/a.ts', code, { rules: [rule] }).findings;
    assert.ok(finding);
    assert.deepStrictEqual(finding.endpoint, { host: 'acme.atlassian.net', authKind: 'client-library' });
    assert.ok(!finding.message.includes(token.slice(6, 20)));
    assert.strictEqual(
      finding.message,
      'jira.js `Version3Client` is configured with an email and API token (Basic auth). Marketplace apps must not collect, transmit or store Atlassian API tokens (policy "Personal access tokens", enforced since 2026-01-01). Authenticate with OAuth 2.0 (3LO) instead: `authentication: { oauth2: { accessToken } }` with host `https://api.atlassian.com/ex/jira/{cloudId}`, or move the calls to Forge. No automatic fix: the jira.js client is computed once when the module loads, but OAuth access tokens expire and must be fetched per request.',
    );
  });

  it('skips files that never mention a client library without parsing them', () => {
    const result = analyseFile('src/b.ts', `const c = new Version3Client({ authentication: { basic: {} } });\n`, { rules: [rule] });
    assert.strictEqual(result.parsed, false);
  });
});
