import * as assert from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import rule from '../../../server/src/core/rules/code/no-api-token-storage';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    {
      name: 'OAuth refresh token in Forge secret storage (another rule)',
      file: 'src/auth.ts',
      code: `import { kvs } from '@forge/kvs';\nconst JIRA = 'https://acme.atlassian.net';\nawait kvs.setSecret('jiraRefreshToken', tokens.refresh_token);\nawait kvs.setSecret(\`oauth:\${accountId}\`, { accessToken, refreshToken });\n`,
    },
    {
      name: 'a Jira issue key',
      file: 'src/link.ts',
      code: `import { kvs } from '@forge/kvs';\nawait kvs.set(\`jira-issue:\${pageId}\`, { jiraIssueKey: 'ABC-1', jiraProjectKey: 'ABC' });\nlocalStorage.setItem('lastJiraIssueKey', key);\n`,
    },
    {
      name: 'a GitHub token',
      file: 'src/github.ts',
      code: `const site = 'https://acme.atlassian.net';\nawait context.secrets.store('githubToken', token);\nlocalStorage.setItem('gh_api_token', t);\n`,
    },
    {
      name: 'reading a stored token is not storing it',
      file: 'src/read.ts',
      code: `import { kvs } from '@forge/kvs';\nconst token = await kvs.getSecret('jiraApiToken');\nconst legacy = localStorage.getItem('jiraApiToken');\n`,
    },
    {
      name: 'clearing a stored token',
      file: 'src/logout.js',
      code: `localStorage.removeItem('jiraApiToken');\nawait kvs.delete('jiraApiToken');\nthis.settings.jiraApiToken = '';\nawait this.saveSettings();\n`,
    },
    {
      name: 'generic apiToken in a file that is not about Atlassian',
      file: 'src/openai.ts',
      code: `// sends summaries to jira later\nawait store.set('apiToken', value);\nawait kvs.setSecret('apiToken', value);\n`,
    },
    {
      name: 'a Map and HTTP headers are not storage',
      file: 'src/headers.ts',
      code: `const jiraApiToken = process.env.JIRA_API_TOKEN;\nconst m = new Map();\nm.set('jiraApiToken', jiraApiToken);\nheaders.set('X-Jira-Token', jiraApiToken);\n`,
    },
    {
      name: 'pagination token from the Jira search API',
      file: 'src/sync.ts',
      code: `await kvs.set('jiraNextPageToken', page.nextPageToken);\nawait storage.set('jira-sync-cursor', cursor);\n`,
    },
    {
      name: 'test files seed fake tokens',
      file: 'test/storage.test.ts',
      code: `await kvs.set('jiraApiToken', 'fake-token');\n`,
    },
  ],
  invalid: [
    {
      name: 'Forge kvs.set of an API token',
      file: 'src/resolvers/index.ts',
      code: `import Resolver from '@forge/resolver';\nimport { kvs } from '@forge/kvs';\nconst resolver = new Resolver();\nresolver.define('saveToken', async ({ payload, context }) => {\n  await kvs.set(\`jira-api-token:\${context.accountId}\`, payload.token);\n});\n`,
      errors: [{ messageId: 'stored', line: 5, data: { name: 'jira-api-token:_', api: 'kvs.set' } }],
    },
    {
      name: 'Forge kvs.setSecret: encrypted is still storage',
      file: 'src/resolvers/settings.js',
      code: `import { kvs } from '@forge/kvs';\nexport async function save(req) {\n  await kvs.setSecret('jiraApiToken', req.payload.value);\n}\n`,
      errors: [{ messageId: 'storedEncrypted', line: 3, data: { api: 'kvs.setSecret' } }],
    },
    {
      name: 'legacy @forge/api storage with a credentials object',
      file: 'src/index.js',
      code: `import { storage } from '@forge/api';\nconst SITE = 'https://acme.atlassian.net';\nawait storage.set('credentials', { email, apiToken: payload.apiToken });\nawait storage.setSecret('creds', { email, apiToken });\n`,
      errors: [{ messageId: 'stored', line: 3, data: { name: 'apiToken' } }, { messageId: 'storedEncrypted', line: 4 }],
    },
    {
      name: 'Jira issue property holding a token',
      file: 'src/props.ts',
      code: `import { properties } from '@forge/api';\nawait properties.onJiraIssue(issueId).set('sync-config', { confluenceApiToken: token, space });\n`,
      errors: [{ messageId: 'stored', line: 2, data: { name: 'confluenceApiToken' } }],
    },
    {
      name: 'localStorage and sessionStorage in a Custom UI front end (TSX)',
      file: 'static/app/src/Settings.tsx',
      code: `export function Settings() {\n  const save = (t: string) => {\n    window.localStorage.setItem('jira_api_token', t);\n    sessionStorage.setItem('token', atlassianToken);\n  };\n  return <button onClick={() => save(value)}>Save</button>;\n}\n`,
      errors: [{ messageId: 'stored', line: 3, data: { api: 'window.localStorage.setItem' } }, { messageId: 'stored', line: 4, data: { name: 'atlassianToken' } }],
    },
    {
      name: 'localStorage property assignment',
      file: 'src/legacy.js',
      code: `localStorage.jiraToken = token;\n`,
      errors: [{ messageId: 'stored', line: 1 }],
    },
    {
      name: 'Obsidian settings: assignment then saveSettings()',
      file: 'src/settings-tab.ts',
      code: `new Setting(containerEl)\n  .setName('API token')\n  .addText((text) =>\n    text.setValue(this.plugin.settings.jiraApiToken).onChange(async (value) => {\n      this.plugin.settings.jiraApiToken = value;\n      await this.plugin.saveSettings();\n    }),\n  );\n`,
      errors: [{ messageId: 'stored', line: 5, data: { api: 'this.plugin.saveSettings()' } }],
    },
    {
      name: 'Obsidian main file: settings interface with a token, saved with saveData',
      file: 'src/main.ts',
      code: `interface JiraSyncSettings {\n  host: string;\n  jiraApiToken: string;\n}\nexport default class JiraSync extends Plugin {\n  settings!: JiraSyncSettings;\n  async saveSettings() {\n    await this.saveData(this.settings);\n  }\n}\n`,
      errors: [{ messageId: 'stored', line: 8, data: { name: 'jiraApiToken', api: 'this.saveData()' } }],
    },
    {
      name: 'VS Code secrets.store, globalState.update and configuration update',
      file: 'src/extension.ts',
      code: `export async function activate(context: vscode.ExtensionContext) {\n  await context.secrets.store('jiraApiToken', token);\n  await context.globalState.update('atlassian.apiToken', token);\n  await vscode.workspace.getConfiguration('jira').update('apiToken', token, true);\n}\n`,
      errors: [
        { messageId: 'storedEncrypted', line: 2, data: { api: 'context.secrets.store' } },
        { messageId: 'stored', line: 3 },
        { messageId: 'stored', line: 4, data: { name: 'jira.apiToken' } },
      ],
    },
    {
      name: 'credentials file written with fs (JSON.stringify)',
      file: 'src/config.js',
      code: `const fs = require('fs');\nconst os = require('os');\nconst path = require('path');\nconst base = 'https://acme.atlassian.net';\nfs.writeFileSync(path.join(os.homedir(), 'credentials.json'), JSON.stringify({ email, apiToken }, null, 2));\n`,
      errors: [{ messageId: 'stored', line: 5, data: { name: 'apiToken', api: 'fs.writeFileSync' } }],
    },
    {
      name: 'Atlassian credentials file written with fs.promises',
      file: 'src/login.mjs',
      code: `import { promises as fsp } from 'fs';\nawait fsp.writeFile(join(homedir(), '.jira-credentials'), \`\${email}:\${token}\\n\`, { mode: 0o600 });\n`,
      errors: [{ messageId: 'stored', line: 2, data: { name: '.jira-credentials' } }],
    },
    {
      name: '.env written by a setup wizard',
      file: 'scripts/setup.ts',
      code: `import { appendFileSync } from 'node:fs';\nappendFileSync('.env', \`JIRA_API_TOKEN=\${answers.token}\\n\`);\n`,
      errors: [{ messageId: 'stored', line: 2, data: { name: 'JIRA_API_TOKEN' } }],
    },
    {
      name: 'keytar.setPassword with a Jira service name',
      file: 'src/keychain.ts',
      code: `import keytar from 'keytar';\nconst SERVICE = 'jira-cli';\nawait keytar.setPassword(SERVICE, email, token);\n`,
      errors: [{ messageId: 'storedEncrypted', line: 3, data: { name: 'jira-cli' } }],
    },
    {
      name: 'conf / electron-store',
      file: 'src/store.js',
      code: `const Store = require('electron-store');\nconst store = new Store();\nstore.set('jiraToken', token);\nconfig.set({ confluencePat: pat });\n`,
      errors: [{ messageId: 'stored', line: 3 }, { messageId: 'stored', line: 4, data: { name: 'confluencePat' } }],
    },
    {
      name: 'browser extension storage',
      file: 'extension/options.js',
      code: `chrome.storage.sync.set({ jiraHost: host, jiraApiToken: tokenInput.value });\n`,
      errors: [{ messageId: 'stored', line: 1, data: { name: 'jiraApiToken' } }],
    },
    {
      name: 'database writes in a Connect-style back end',
      file: 'server/routes/install.ts',
      code: `const base = 'https://acme.atlassian.net/rest/api/3/';\nawait prisma.installation.create({ data: { clientKey, apiToken: req.body.apiToken } });\nawait Tenant.findOneAndUpdate({ clientKey }, { $set: { jira_api_token: token } });\nuser.jiraPassword = req.body.password;\nawait user.save();\n`,
      errors: [
        { messageId: 'stored', line: 2, data: { name: 'apiToken', api: 'prisma.installation.create' } },
        { messageId: 'stored', line: 3, data: { name: 'jira_api_token' } },
        { messageId: 'stored', line: 4, data: { name: 'jiraPassword', api: 'user.save()' } },
      ],
    },
    {
      name: 'token kept in a cookie',
      file: 'src/session.js',
      code: 'document.cookie = `jira_token=${token}; path=/; max-age=31536000`;\n',
      errors: [{ messageId: 'stored', line: 1, data: { api: 'document.cookie' } }],
    },
  ],
});

describe('no-api-token-storage message', () => {
  it('says that encrypting does not help, and never prints the value', () => {
    const code = `await kvs.setSecret('jiraApiToken', 'value-that-is-not-shown');\n`;
    const [f] = analyseFile('src/a.ts', code, { rules: [rule] }).findings;
    assert.ok(f);
    assert.match(f.message, /Encrypted storage does not make it compliant/);
    assert.ok(!f.message.includes('value-that-is-not-shown'));
  });
});
