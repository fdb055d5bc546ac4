import rule from '../../../server/src/core/rules/code/no-api-token-literal';
import { runRuleTests } from '../../support/rule-tester';
import { fakeAdminKey, fakeApiToken, fakeAppPassword, fakeLegacyToken } from '../../support/secrets';

const token = fakeApiToken();
const adminKey = fakeAdminKey();
const appPassword = fakeAppPassword();
const legacy = fakeLegacyToken();
/** A minified bundle: one line of 20,000 characters. */
const bundle = (inner: string): string => `!function(){var e={};${'e.a=1;'.repeat(1700)}${inner}${'e.b=2;'.repeat(1700)}}();\n`;

runRuleTests(rule, {
  valid: [
    { name: 'identifier that mentions Confluence (gitleaks #1891)', file: 'src/confluence.ts', code: `export async function getPagesInConfluenceSpace(spaceKey: string) {\n  return listPages(spaceKey);\n}\n` },
    { name: 'token read from the environment', file: 'src/jira.ts', code: `const token = process.env.JIRA_API_TOKEN;\n` },
    { name: 'documentation placeholder', file: 'README.md', code: `Set JIRA_API_TOKEN=ATATT3xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in your shell.\n` },
    { name: 'fake token in a test', file: 'test/jira.test.ts', code: `const token = 'ATATT3-your-api-token-goes-here-for-tests';\n` },
    { name: '24 characters with no Atlassian keyword', file: 'src/stripe.ts', code: `const stripeKey = '${legacy}';\n` },
    { name: 'long identifier next to jira', file: 'src/jira.ts', code: `const jiraTokenRefreshHandler = createJiraTokenRefreshHandler();\n` },
    {
      name: 'a 24-character identifier is not a literal, even beside a Jira site',
      file: 'src/config.js',
      code: `module.exports = {\n  apiUrl: 'https://acme.atlassian.net/rest/api/3',\n  apiToken: readJiraToken4FromVaultX,\n};\n`,
    },
    {
      name: 'config module for another API: no Atlassian word in the statement',
      file: 'src/config.js',
      code: `const jiraBase = 'https://acme.atlassian.net';\nmodule.exports = {\n  apiUrl: 'https://api.example.com/v1',\n  apiUsername: 'a@b.c',\n  apiToken: '${legacy}',\n};\n`,
    },
    {
      name: 'GitHub token in an object beside a Jira site',
      file: 'src/settings.ts',
      code: `export const settings = {\n  jiraUrl: 'https://acme.atlassian.net',\n  github: {\n    owner: 'acme',\n    token: '${legacy}',\n  },\n};\n`,
    },
    {
      name: 'Zendesk key under its own name in a file that mentions Jira',
      file: 'src/sync.js',
      code: `// Copies Zendesk tickets into Jira\nconst zendesk = { subdomain: 'acme', zendeskApiToken: '${legacy}' };\n`,
    },
    {
      name: 'documentation placeholder in a config object',
      file: 'src/config.js',
      code: `module.exports = {\n  apiUrl: 'https://acme.atlassian.net/rest/api/3',\n  apiToken: 'YourJiraApiToken1234Here',\n};\n`,
    },
    {
      name: 'hex ids and a commit SHA beside Jira words (no upper case: not a token)',
      file: 'data/jira-sync.json',
      code: `{\n  "jira": {\n    "commit": "4b825dc642cb6eb9a060e54bf8d69288fbee4904",\n    "apiTokenId": "5f8d0d55b54764421b7156c9"\n  }\n}\n`,
    },
    {
      name: 'lockfile-like JSON: integrity hashes of Jira packages',
      file: 'vendor/lock.json',
      code: `{\n  "node_modules/jira-client": {\n    "version": "8.2.2",\n    "integrity": "sha512-${'Ab12Cd34Ef56Gh78'.repeat(5)}==",\n    "tokenized": true\n  }\n}\n`,
    },
    {
      name: '.env: GitHub token in a Jira block',
      file: '.env',
      code: `JIRA_HOST=acme.atlassian.net\nJIRA_EMAIL=a@b.c\nGITHUB_TOKEN=${legacy}\n`,
    },
    {
      name: '.env: a token in a block of its own, away from the Jira keys',
      file: '.env',
      code: `JIRA_HOST=acme.atlassian.net\n\nAPI_TOKEN=${legacy}\n`,
    },
    {
      name: 'YAML: token under another service beside an Atlassian section',
      file: 'config/services.yml',
      code: `jira:\n  site: acme.atlassian.net\nslack:\n  workspace: acme\n  api_token: ${legacy}\n`,
    },
    {
      name: 'obvious fakes in a test file',
      file: 'test/config.test.js',
      code: `const config = {\n  apiUrl: 'https://test.atlassian.net/rest/api/3',\n  apiToken: 'Abc123Abc123Abc123Abc123',\n  password: 'your-api-token',\n};\n`,
    },
    {
      name: 'text file: a 24-character value with no Atlassian word nearby',
      file: 'docs/notes.txt',
      code: `Jira setup is in the wiki.\n\nbuild cache key: ${legacy}\nregistry token = ${legacy}\n`,
    },
    {
      name: 'session and CSRF tokens in an object beside a Jira site',
      file: 'src/session.ts',
      code: `export const state = {\n  jiraUrl: 'https://acme.atlassian.net',\n  csrfToken: '${legacy}',\n  sessionToken: '${legacy}',\n};\n`,
    },
    { name: 'a line of 10,000 spaces after an equals sign', file: 'src/jira.ts', code: `const jira = ${' '.repeat(10_000)}1;\nconst token =${' '.repeat(10_000)}'x';\n` },
  ],
  invalid: [
    {
      name: 'API token bound to a const',
      file: 'src/jira.ts',
      code: `const jiraApiToken = '${token}';\n`,
      errors: [{ messageId: 'token', line: 1, data: { what: 'API token', token: 'ATATT3…' } }],
      output: `const jiraApiToken = process.env.JIRA_API_TOKEN;\n`,
    },
    {
      name: 'API token inside a Basic auth string (no automatic fix)',
      file: 'src/client.js',
      code: `const auth = Buffer.from('me@acme.com:${token}').toString('base64');\n`,
      errors: [{ messageId: 'token', line: 1 }],
    },
    {
      name: 'org admin API key in a template',
      file: 'src/admin.ts',
      code: `const orgKey = \`${adminKey}\`;\n`,
      errors: [{ messageId: 'token', data: { what: 'org admin API key' } }],
      output: `const orgKey = process.env.ORG_KEY;\n`,
    },
    {
      name: 'Bitbucket app password in YAML config',
      file: 'config/ci.yml',
      code: `bitbucket:\n  user: builder\n  app_password: ${appPassword}\n`,
      errors: [{ messageId: 'token', line: 3, data: { what: 'Bitbucket app password' } }],
    },
    {
      name: 'API token in a committed .env file',
      file: '.env',
      code: `JIRA_BASE_URL=https://acme.atlassian.net\nJIRA_API_TOKEN=${token}\n`,
      errors: [{ messageId: 'token', line: 2 }],
      output: `JIRA_BASE_URL=https://acme.atlassian.net\nJIRA_API_TOKEN=\n`,
    },
    {
      name: 'API token in JSON settings',
      file: 'config/default.json',
      code: `{\n  "jira": { "email": "bot@acme.com", "apiToken": "${token}" }\n}\n`,
      errors: [{ messageId: 'token', line: 2 }],
    },
    {
      name: 'API token pasted into Markdown docs',
      file: 'docs/setup.md',
      code: `Run:\n\n    curl -u me@acme.com:${token} https://acme.atlassian.net/rest/api/3/myself\n`,
      errors: [{ messageId: 'token', line: 3 }],
    },
    {
      name: 'legacy 24-character token next to a Jira keyword',
      file: 'src/legacy.js',
      code: `const JIRA_TOKEN = "${legacy}";\n`,
      errors: [{ messageId: 'token', line: 1 }],
      output: `const JIRA_TOKEN = process.env.JIRA_TOKEN;\n`,
    },
    {
      name: 'committed atlassian-connect-express credentials.json: the site is the key of the password\'s object',
      file: 'credentials.json',
      code: `{\n  "hosts": {\n    "acme.atlassian.net": {\n      "product": "jira",\n      "username": "someone@example.com",\n      "password": "${legacy}"\n    }\n  }\n}\n`,
      errors: [{ messageId: 'token', line: 6, data: { what: 'API token', token: `${legacy.slice(0, 6)}…(24 chars)` } }],
    },
    {
      name: 'CommonJS config module: the Atlassian site is a sibling property',
      file: 'config.js',
      code: `module.exports = {\n  apiUrl: "https://acme.atlassian.net/rest/api/3",\n  apiUsername: "a@b.c",\n  apiToken: "${legacy}",\n};\n`,
      errors: [{ messageId: 'token', line: 4 }],
      output: `module.exports = {\n  apiUrl: "https://acme.atlassian.net/rest/api/3",\n  apiUsername: "a@b.c",\n  apiToken: process.env.API_TOKEN,\n};\n`,
    },
    {
      name: 'nested options: the Jira key is on the parent object',
      file: 'src/client.ts',
      code: `export const options = {\n  jira: {\n    host: 'acme',\n    auth: {\n      email: 'a@b.c',\n      apiToken: '${legacy}',\n    },\n  },\n};\n`,
      errors: [{ messageId: 'token', line: 6 }],
      output: `export const options = {\n  jira: {\n    host: 'acme',\n    auth: {\n      email: 'a@b.c',\n      apiToken: process.env.API_TOKEN,\n    },\n  },\n};\n`,
    },
    {
      name: 'statement spread over lines: a client constructor with the site',
      file: 'src/jira.js',
      code: `const client = new JiraApi({\n  protocol: 'https',\n  host: 'acme.atlassian.net',\n  username: 'a@b.c',\n  password: '${legacy}',\n});\n`,
      errors: [{ messageId: 'token', line: 5 }],
      output: `const client = new JiraApi({\n  protocol: 'https',\n  host: 'acme.atlassian.net',\n  username: 'a@b.c',\n  password: process.env.PASSWORD,\n});\n`,
    },
    {
      name: 'YAML: a token among the siblings of an Atlassian site',
      file: 'config/default.yml',
      code: `server:\n  port: 3000\ntracker:\n  url: https://acme.atlassian.net\n  credentials:\n    user: a@b.c\n    api_token: ${legacy}\n`,
      errors: [{ messageId: 'token', line: 7 }],
    },
    {
      name: '.env: a JIRA_ key in the same block',
      file: '.env.production',
      code: `PORT=3000\n\nJIRA_HOST=acme.atlassian.net\nJIRA_EMAIL=a@b.c\nAPI_TOKEN=${legacy}\n`,
      errors: [{ messageId: 'token', line: 5 }],
      output: `PORT=3000\n\nJIRA_HOST=acme.atlassian.net\nJIRA_EMAIL=a@b.c\nAPI_TOKEN=\n`,
    },
    {
      name: '.properties file: a token in the Confluence block',
      file: 'src/main/resources/app.properties',
      code: `# Confluence export\nconfluence.url=https://acme.atlassian.net/wiki\nconfluence.user=a@b.c\nconfluence.password=${legacy}\n`,
      errors: [{ messageId: 'token', line: 4 }],
    },
    {
      name: 'deployment guide in Markdown with a pasted API token',
      file: 'DEPLOY.md',
      code: `# Deploy\n\nSet these on the server:\n\n    JIRA_EMAIL=ops@acme.com\n    JIRA_API_TOKEN=${token}\n`,
      errors: [{ messageId: 'token', line: 6, data: { what: 'API token', token: 'ATATT3…' } }],
    },
    {
      name: 'plain text notes with a token',
      file: 'notes/jira.txt',
      code: `jira login for the sync bot\n${token}\n`,
      errors: [{ messageId: 'token', line: 2 }],
    },
    {
      name: 'HTML page with a token in an inline script',
      file: 'public/index.html',
      code: `<!doctype html>\n<script>\n  const auth = btoa('a@b.c:${token}');\n</script>\n`,
      errors: [{ messageId: 'token', line: 3 }],
    },
    {
      name: 'minified bundle (one 20,000-character line): found, no fix offered',
      file: 'public/bundle.min.js',
      code: bundle(`e.t="${token}";`),
      errors: [{ messageId: 'token', line: 1 }],
    },
    {
      name: '.netrc entry for a Jira site',
      file: '.netrc',
      code: `machine acme.atlassian.net login a@b.c password ${legacy}\n`,
      errors: [{ messageId: 'token', line: 1 }],
    },
    {
      name: 'real-looking token even in a test file',
      file: 'test/jira.test.ts',
      code: `const token = '${token}';\n`,
      errors: [{ messageId: 'token' }],
      output: `const token = process.env.ATLASSIAN_API_TOKEN;\n`,
    },
  ],
});
