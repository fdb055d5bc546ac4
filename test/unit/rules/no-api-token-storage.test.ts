import * as assert from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import rule from '../../../server/src/core/rules/code/no-api-token-storage';
import { runRuleTests } from '../../support/rule-tester';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

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
    // Hard negatives beside the real-code shapes below: same code, another service, OAuth, no token.
    {
      name: 'VS Code command storing a GitHub user and password after a GitHub password box',
      file: 'src/commands/github-login.ts',
      code: lines(
        `export async function githubLogin(context: vscode.ExtensionContext) {`,
        `  const user = await vscode.window.showInputBox({ placeHolder: 'GitHub user' });`,
        `  const password = await vscode.window.showInputBox({ password: true, placeHolder: 'GitHub password' });`,
        `  await context.globalState.update('gh-credentials', \`\${user}:\${password}\`);`,
        `}`,
        `export const JIRA_KEY = /[A-Z]+-\\d+/;`,
      ),
    },
    {
      name: 'OAuth access and refresh tokens kept by a Jira command (no-plaintext-secret-storage judges those)',
      file: 'src/commands/jira-oauth.ts',
      code: lines(
        `export async function connectJira(context: vscode.ExtensionContext, code: string) {`,
        `  const tokens = await exchangeCode(code);`,
        `  const token = tokens.access_token;`,
        `  await context.secrets.store('jira', token);`,
        `  await context.globalState.update('jira-refresh', tokens.refresh_token);`,
        `  await context.globalState.update('jira-auth', { token: tokens.access_token, expiresAt });`,
        `  await context.globalState.update('jira-sync', { token: page.nextPageToken });`,
        `}`,
      ),
    },
    {
      name: 'storing only the Jira email and site URL',
      file: 'src/commands/jira-site.ts',
      code: lines(
        `export async function setupJiraSite(context: vscode.ExtensionContext, email: string, siteUrl: string) {`,
        `  await context.globalState.update('jira', { email, siteUrl });`,
        `  localStorage.setItem('jira-site', siteUrl);`,
        `}`,
      ),
    },
    {
      name: 'Zendesk and Slack credentials in a file that also talks to Jira',
      file: 'src/notify.js',
      code: lines(
        `const site = 'https://acme.atlassian.net';`,
        `localStorage.setItem('zendesk', btoa(email + '/token:' + zendeskToken));`,
        `res.cookie('slackToken', token);`,
        `Cookies.set('githubToken', token);`,
      ),
    },
    {
      name: 'a token stored under a key for another product of the same app (third-party service)',
      file: 'src/storage.js',
      code: lines(
        `// Posts uptime alerts as Jira comments`,
        `export async function rememberMonitor(monitorId, token) {`,
        `  await storage.setSecret(\`uptimebot:monitor:\${monitorId}:token\`, token);`,
        `}`,
      ),
    },
    {
      name: 'Obsidian settings for another service, saved with saveData',
      file: 'src/main.ts',
      code: lines(
        `interface TodoistSettings { todoistToken: string; folder: string }`,
        `export default class TodoistSync extends Plugin {`,
        `  settings!: TodoistSettings;`,
        `  async saveSettings() { await this.saveData(this.settings); }`,
        `  async pushToJira() {}`,
        `}`,
      ),
    },
    {
      name: 'a config writer whose type holds no token',
      file: 'src/config.ts',
      code: lines(
        `import fs from 'fs';`,
        `export interface JiraConfig { email: string; apiUrl: string; projectKey: string }`,
        `export interface Config { jira: JiraConfig; releaseName: string }`,
        `export function writeConfig(file: string, config: Config) {`,
        `  fs.writeFileSync(file, JSON.stringify(config));`,
        `}`,
      ),
    },
    {
      name: 'a config writer for another service\'s token',
      file: 'src/github-config.ts',
      code: lines(
        `import fs from 'fs';`,
        `interface GithubConfig { owner: string; token: string }`,
        `interface Config { github: GithubConfig; jiraProject: string }`,
        `export function writeConfig(file: string, config: Config) {`,
        `  fs.writeFileSync(file, JSON.stringify(config));`,
        `}`,
      ),
    },
    {
      name: 'a test writing a config with obvious placeholders',
      file: 'test/config.test.ts',
      code: lines(
        `import fs from 'fs';`,
        `fs.writeFileSync('config.json', JSON.stringify({ jira: { email: 'you@example.com', token: 'your-api-token' } }));`,
      ),
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
    // Real-code shapes: credentials built by concatenation, typed config objects, cookies, base64 copies.
    {
      name: 'VS Code "setup credentials" command: user + separator + Jira password into globalState',
      file: 'src/commands/connect.ts',
      code: lines(
        `import * as vscode from 'vscode';`,
        `import { SEPARATOR } from '../constants';`,
        `export class ConnectCommand {`,
        `  constructor(private context: vscode.ExtensionContext, private siteUrl: string) {}`,
        `  async run(): Promise<void> {`,
        `    const user = await vscode.window.showInputBox({ placeHolder: 'Your JIRA username' });`,
        `    const password = await vscode.window.showInputBox({ password: true, placeHolder: 'Your JIRA password' });`,
        `    await this.context.globalState.update(\`jira-login:\${this.siteUrl}\`,`,
        `      \`\${user}\${SEPARATOR}\${password}\`);`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'stored', line: 8, data: { name: 'password', api: 'this.context.globalState.update' } }],
    },
    {
      name: 'VS Code workspaceState and secrets: a { username, password } object in a Jira command',
      file: 'src/commands/login.ts',
      code: lines(
        `vscode.commands.registerCommand('jira.login', async () => {`,
        `  await context.workspaceState.update('credentials', { username, password });`,
        `  await context.secrets.store('jira', JSON.stringify({ username, password }));`,
        `});`,
      ),
      errors: [
        { messageId: 'stored', line: 2, data: { name: 'password', api: 'context.workspaceState.update' } },
        { messageId: 'storedEncrypted', line: 3, data: { api: 'context.secrets.store' } },
      ],
    },
    {
      name: 'Obsidian saveData of settings with a generic token field, in a plugin named for Jira',
      file: 'src/main.ts',
      code: lines(
        `interface MyPluginSettings { host: string; token: string }`,
        `export default class JiraIssuePlugin extends Plugin {`,
        `  settings!: MyPluginSettings;`,
        `  async saveSettings() {`,
        `    await this.saveData(this.settings);`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'stored', line: 5, data: { name: 'token', api: 'this.saveData()' } }],
    },
    {
      name: 'Obsidian saveData of settings typed in another module (password beside a Jira host)',
      file: 'src/main.ts',
      files: { 'src/settings.ts': `export interface SyncSettings { jiraHost: string; username: string; password: string }\n` },
      code: lines(
        `import type { SyncSettings } from './settings';`,
        `export default class SyncPlugin extends Plugin {`,
        `  settings!: SyncSettings;`,
        `  async saveSettings() { await this.saveData(this.settings); }`,
        `}`,
      ),
      errors: [{ messageId: 'stored', line: 4, data: { name: 'password' } }],
    },
    {
      name: 'CLI settings writer: a class whose inherited jira field holds a token, written as JSON',
      file: 'src/config.ts',
      code: lines(
        `import fs from 'fs';`,
        `export class JiraSection { email!: string; token!: string; siteUrl!: string; }`,
        `export class BaseSettings { jira: JiraSection = new JiraSection(); tagPrefix = 'v'; }`,
        `export class Settings extends BaseSettings {`,
        `  constructor(public filePath: string) { super(); }`,
        `  merge = (from: object, to: BaseSettings) => Object.assign(to, from);`,
        `}`,
        `export function writeSettings(settings: Settings) {`,
        `  const target = new BaseSettings();`,
        `  fs.writeFileSync(`,
        `    settings.filePath,`,
        `    JSON.stringify(settings.merge(settings, target)),`,
        `  );`,
        `}`,
      ),
      errors: [{ messageId: 'stored', line: 10, data: { name: 'jira.token', api: 'fs.writeFileSync' } }],
    },
    {
      name: 'config type imported from a relative module (type-only), two levels down',
      file: 'src/store.ts',
      files: {
        'src/types.ts': `import type { JiraAuth } from './jira';\nexport interface CliConfig { jira: JiraAuth; output: string }\n`,
        'src/jira.ts': `export type JiraAuth = { email: string; token: string };\n`,
      },
      code: lines(
        `import { promises as fsp } from 'fs';`,
        `import type { CliConfig } from './types';`,
        `export async function persist(file: string, config: CliConfig) {`,
        `  await fsp.writeFile(file, JSON.stringify(config, null, 2));`,
        `}`,
      ),
      errors: [{ messageId: 'stored', line: 4, data: { name: 'jira.token', api: 'fsp.writeFile' } }],
    },
    {
      name: 'a JSON file named for Jira in the home folder, with a generic token field',
      file: 'src/auth.ts',
      code: lines(
        `import * as fs from 'fs';`,
        `import * as os from 'os';`,
        `import * as path from 'path';`,
        `const FILE = path.join(os.homedir(), '.jirarc');`,
        `export function remember(email: string, token: string) {`,
        `  fs.writeFileSync(FILE, JSON.stringify({ email, token }));`,
        `}`,
      ),
      errors: [{ messageId: 'stored', line: 6, data: { name: 'token' } }],
    },
    {
      name: 'cookies: Express res.cookie, js-cookie with a base64 copy, document.cookie',
      file: 'src/session.ts',
      code: lines(
        `const SITE = 'https://acme.atlassian.net';`,
        `res.cookie('apiToken', req.body.apiToken, { httpOnly: true });`,
        `Cookies.set('jira', btoa(email + ':' + token));`,
        `document.cookie = 'jiraToken=' + token;`,
      ),
      errors: [
        { messageId: 'stored', line: 2, data: { name: 'apiToken', api: 'res.cookie' } },
        { messageId: 'stored', line: 3, data: { name: 'token', api: 'Cookies.set' } },
        { messageId: 'stored', line: 4, data: { name: 'jiraToken' } },
      ],
    },
    {
      name: 'a base64 "encoded" email:token copy in localStorage',
      file: 'src/web/auth.js',
      code: `localStorage.setItem('jira', btoa(email + ':' + token));\n`,
      errors: [{ messageId: 'stored', line: 1, data: { name: 'token', api: 'localStorage.setItem' } }],
    },
    {
      name: 'a VS Code configuration object kept in a variable, updated by a Jira function',
      file: 'src/configs.ts',
      code: lines(
        `let wsConfig = vscode.workspace.getConfiguration('lens');`,
        `export async function saveJiraBearer(token: string) {`,
        `  await wsConfig.update('bearerToken', token, vscode.ConfigurationTarget.Global);`,
        `}`,
      ),
      errors: [{ messageId: 'stored', line: 3, data: { name: 'token', api: 'wsConfig.update' } }],
    },
  ],
});

describe('no-api-token-storage message', () => {
  it('says that encrypting does not help, and never prints the value', () => {
    const code = `await kvs.setSecret('jiraApiToken', 'value-that-is-not-shown');\n`;
    const [f] = analyseFile('src/a.ts', code, { rules: [rule] }).findings;
    assert.ok(f);
    assert.strictEqual(f.message, 'API token (jiraApiToken) stored, encrypted, with `kvs.setSecret`.');
    assert.match(f.detail, /^Encrypted storage does not make it compliant/);
    assert.ok(!f.message.includes('value-that-is-not-shown') && !f.detail.includes('value-that-is-not-shown'));
  });
});
