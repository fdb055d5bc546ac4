import rule from '../../../server/src/core/rules/code/no-api-token-literal';
import { runRuleTests } from '../../support/rule-tester';
import { fakeAdminKey, fakeApiToken, fakeAppPassword, fakeLegacyToken } from '../../support/secrets';

const token = fakeApiToken();
const adminKey = fakeAdminKey();
const appPassword = fakeAppPassword();
const legacy = fakeLegacyToken();

runRuleTests(rule, {
  valid: [
    { name: 'identifier that mentions Confluence (gitleaks #1891)', file: 'src/confluence.ts', code: `export async function getPagesInConfluenceSpace(spaceKey: string) {\n  return listPages(spaceKey);\n}\n` },
    { name: 'token read from the environment', file: 'src/jira.ts', code: `const token = process.env.JIRA_API_TOKEN;\n` },
    { name: 'documentation placeholder', file: 'README.md', code: `Set JIRA_API_TOKEN=ATATT3xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in your shell.\n` },
    { name: 'fake token in a test', file: 'test/jira.test.ts', code: `const token = 'ATATT3-your-api-token-goes-here-for-tests';\n` },
    { name: '24 characters with no Atlassian keyword', file: 'src/stripe.ts', code: `const stripeKey = '${legacy}';\n` },
    { name: 'long identifier next to jira', file: 'src/jira.ts', code: `const jiraTokenRefreshHandler = createJiraTokenRefreshHandler();\n` },
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
      name: 'real-looking token even in a test file',
      file: 'test/jira.test.ts',
      code: `const token = '${token}';\n`,
      errors: [{ messageId: 'token' }],
      output: `const token = process.env.ATLASSIAN_API_TOKEN;\n`,
    },
  ],
});
