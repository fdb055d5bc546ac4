import rule from '../../../server/src/core/rules/code/no-secret-logging';
import { runRuleTests } from '../../support/rule-tester';
import { fakeApiToken, fakeAppPassword, fakeClientSecret } from '../../support/secrets';

const atoa = fakeClientSecret();
const apiToken = fakeApiToken();
const appPassword = fakeAppPassword();

runRuleTests(rule, {
  valid: [
    { name: 'logs that a secret is configured', file: 'src/boot.ts', code: `const clientSecret = process.env.CLIENT_SECRET;\nconsole.log('client secret configured:', Boolean(clientSecret));\n` },
    { name: 'logs the length and a presence flag', file: 'src/boot.js', code: `const accessToken = getToken();\nconsole.debug(\`token length \${accessToken.length}\`, { hasToken: !!accessToken });\n` },
    { name: 'logs a redacted value', file: 'src/auth.ts', code: `logger.info('refreshing with', redact(refreshToken));\n` },
    { name: 'logs token expiry and scopes', file: 'src/oauth.ts', code: `console.log('token expires in', tokens.expires_in, 'scopes', tokens.scope);\n` },
    { name: 'a message that mentions secrets but holds none', file: 'src/help.ts', code: `console.warn('Set CLIENT_SECRET in the environment; never commit the secret.');\n` },
    { name: 'a worklog service with tokens but no logger call', file: 'src/worklog.ts', code: `export function worklogToken(worklog: { id: string }) { return \`\${worklog.id}:\${nextPageToken}\`; }\nconst nextPageToken = '';\n` },
    { name: 'a private class member next to a log method name that is not a logger', file: 'src/queue.ts', code: `class Q { private items: string[] = []; error(msg: string) { this.items.push(msg); } }\n` },
    // Real code: hard negatives beside the shapes below.
    { name: 'an output channel given a token length, a presence flag and a set/missing word', file: 'src/extension.ts', code: `import * as vscode from 'vscode';\nconst out = vscode.window.createOutputChannel('Jira');\nexport function report(apiToken: string) {\n  out.appendLine(\`token length \${apiToken.length}\`);\n  out.appendLine(\`token present: \${!!apiToken}\`);\n  out.appendLine(\`token \${apiToken ? 'set' : 'missing'}\`);\n}\n` },
    { name: 'an output channel given a masked token and stars', file: 'src/status.ts', code: `import { window } from 'vscode';\nconst channel = window.createOutputChannel('Jira');\nexport function show(token: string) {\n  channel.appendLine('token: ' + mask(token));\n  channel.appendLine('token: ***');\n}\n` },
    { name: 'an output channel with only URLs and status', file: 'src/fetch.ts', code: `import * as vscode from 'vscode';\nconst log = vscode.window.createOutputChannel('Jira Quick Info');\nexport async function load(url: string, apiToken: string) {\n  const res = await fetch(url, { headers: { Authorization: \`Bearer \${apiToken}\` } });\n  log.appendLine(\`GET \${url} -> \${res.status}\`);\n  log.replace(\`last call: \${url}\`);\n}\n` },
    { name: 'a logged response body and status', file: 'src/issues.ts', code: `import axios from 'axios';\nexport async function issue(key: string, token: string) {\n  const response = await axios.get(\`/rest/api/3/issue/\${key}\`, { headers: { Authorization: \`Bearer \${token}\` } });\n  console.log(response.data, response.status);\n}\n` },
    { name: 'one non-secret answer of a prompt that asked for a token', file: 'src/init.ts', code: `import inquirer from 'inquirer';\nconst answers = await inquirer.prompt([\n  { name: 'projectKey', message: 'Jira project key' },\n  { name: 'apiToken', message: 'Atlassian API token', type: 'password' },\n]);\nconsole.log(answers.projectKey);\n` },
    { name: 'answers of a prompt that asked for no secret', file: 'src/init.js', code: `const { prompt } = require('enquirer');\nasync function main() {\n  const answers = await prompt([{ type: 'input', name: 'projectKey', message: 'Project key' }, { type: 'input', name: 'summary', message: 'Summary' }]);\n  console.log(answers);\n}\nconst apiToken = process.env.JIRA_API_TOKEN;\n` },
    { name: 'headers logged after Authorization was deleted', file: 'src/http.ts', code: `export function debugRequest(token: string) {\n  const headers: Record<string, string> = { Accept: 'application/json' };\n  headers['Authorization'] = \`Bearer \${token}\`;\n  delete headers['Authorization'];\n  console.log(headers);\n}\n` },
    { name: 'a redacted copy of the headers and a copy without Authorization', file: 'src/http-debug.ts', code: `export function debugRequest(token: string) {\n  const headers = { Accept: 'application/json', Authorization: \`Bearer \${token}\` };\n  console.log({ ...headers, Authorization: '[redacted]' });\n  const copy = { ...headers };\n  delete copy.Authorization;\n  console.log(copy);\n}\n` },
    { name: 'append on FormData, URLSearchParams, arrays of strings and DOM nodes', file: 'src/upload.ts', code: `import * as vscode from 'vscode';\nconst channel = vscode.window.createOutputChannel('Uploads');\nexport function upload(el: HTMLElement, token: string) {\n  const form = new FormData();\n  form.append('token', token);\n  const params = new URLSearchParams();\n  params.append('access_token', token);\n  el.append(token);\n  const text = 'Bearer '.concat(token).replace('Bearer ', '');\n  channel.appendLine('uploaded');\n  return { form, params, text };\n}\n` },
    { name: 'a helper that stores its argument and logs a constant', file: 'src/store.ts', code: `import * as fs from 'fs';\nfunction save(token: string) {\n  fs.writeFileSync('/tmp/x', token.length.toString());\n  console.log('saved');\n}\nexport function run(apiToken: string) { save(apiToken); }\n` },
    { name: 'a test logging fakes', file: 'test/auth.test.ts', code: `console.log('token', accessToken);\n` },
  ],
  invalid: [
    {
      name: 'access token in a template',
      file: 'src/oauth.ts',
      code: `export function onToken(accessToken: string) {\n  console.log(\`got token \${accessToken}\`);\n}\n`,
      errors: [{ messageId: 'value', line: 2, data: { name: 'accessToken', logger: 'console', method: 'log' } }],
    },
    {
      name: 'client secret from the environment through a const',
      file: 'src/config.js',
      code: `const secret = process.env.ATLASSIAN_CLIENT_SECRET;\nconsole.info('config', secret);\n`,
      errors: [{ messageId: 'value', line: 2, data: { name: 'ATLASSIAN_CLIENT_SECRET' } }],
    },
    {
      name: 'token response object fields',
      file: 'src/exchange.ts',
      code: `logger.debug('token response', { refreshToken: body.refresh_token, expiresIn: body.expires_in });\n`,
      errors: [{ messageId: 'value', line: 1, data: { name: 'refreshToken', logger: 'logger', method: 'debug' } }],
    },
    {
      name: 'shorthand property',
      file: 'src/x.js',
      code: `function save(client_secret) { console.error({ client_secret }); }\n`,
      errors: [{ messageId: 'value', line: 1, data: { name: 'client_secret' } }],
    },
    {
      name: 'this.logger with a header',
      file: 'src/client.ts',
      code: `class C { logger = console; go(headers: Record<string, string>) { this.logger.warn('auth header', headers.Authorization + ' ' + this.apiToken); } apiToken = ''; }\n`,
      errors: [{ messageId: 'value', line: 1, data: { name: 'apiToken' } }],
    },
    {
      name: 'stored secret read and logged',
      file: 'src/resolver.ts',
      code: `import { kvs } from '@forge/kvs';\nexport async function debug() { console.log(await kvs.getSecret('client-secret')); }\n`,
      errors: [{ messageId: 'value', line: 2 }],
    },
    {
      name: 'ATOA secret inside a troubleshooting string',
      file: 'src/troubleshoot.js',
      code: `console.log('If auth fails, check the secret is ${atoa} in the developer console');\n`,
      errors: [{ messageId: 'literal', line: 1, data: { value: 'ATOA' } }],
    },
    {
      name: 'API token inside a template message',
      file: 'src/debug.ts',
      code: `console.debug(\`calling Jira with ${apiToken} for \${user}\`);\n`,
      errors: [{ messageId: 'literal', line: 1, data: { value: 'ATATT3' } }],
    },
    {
      name: 'client_secret in a logged query string',
      file: 'src/token.js',
      code: `console.log('POST /oauth/token body: grant_type=refresh_token&client_secret=${atoa.slice(4, 40)}');\n`,
      errors: [{ messageId: 'literal', line: 1 }],
    },
    {
      name: 'API key passed to a pino logger',
      file: 'src/jira/client.ts',
      code: `import pino from 'pino';\nconst log = pino();\nexport function init(apiKey: string) {\n  log.info({ apiKey }, 'client ready');\n}\n`,
      errors: [{ messageId: 'value', line: 4, data: { name: 'apiKey', logger: 'log', method: 'info' } }],
    },
    {
      name: 'signing key through an app logger',
      file: 'src/webhooks.ts',
      code: `export function verify(appLogger: { warn(...a: unknown[]): void }, signingKey: string) {\n  appLogger.warn('verifying with', signingKey);\n}\n`,
      errors: [{ messageId: 'value', line: 2, data: { name: 'signingKey', logger: 'appLogger', method: 'warn' } }],
    },
    {
      name: 'a CLI logs the answers of a prompt that asked for the API key (inquirer-style)',
      file: 'src/cli/init.ts',
      code: `import inquirer from 'inquirer';\nexport async function init() {\n  const result = await inquirer.prompt([\n    { name: 'email', message: 'Your Atlassian e-mail' },\n    { name: 'apikey', message: 'Your Atlassian API key', type: 'password', mask: '*' },\n  ]);\n  console.log(result);\n}\n`,
      errors: [{ messageId: 'value', line: 7, data: { name: 'result.apikey', logger: 'console', method: 'log' }, related: [{ line: 5 }] }],
    },
    {
      name: 'a Deno-style prompt with a Secret question type and questions in a const',
      file: 'main.ts',
      code: `import { Input, prompt, Secret } from './deps.ts';\nconst questions = [\n  { name: 'team', message: 'Team', type: Input },\n  { name: 'credential', message: 'Atlassian API key', type: Secret },\n];\nconst answers = await prompt(questions);\nconsole.info(JSON.stringify(answers, null, 2));\n`,
      errors: [{ messageId: 'value', line: 7, data: { name: 'answers.credential', method: 'info' }, related: [{ line: 4 }] }],
    },
    {
      name: 'a VS Code extension writes the PAT to its output channel (module-level let, assigned on activate)',
      file: 'src/extension.ts',
      code: `import * as vscode from 'vscode';\nimport * as fs from 'fs';\nlet apiToken: string;\nlet log: vscode.OutputChannel | undefined;\nfunction readToken(path: string): string {\n  apiToken = fs.readFileSync(path, 'utf8').trim();\n  log?.appendLine(\`PAT \${apiToken}\`);\n  return apiToken;\n}\nexport function activate() {\n  log = vscode.window.createOutputChannel('Jira');\n  readToken('/tmp/pat');\n}\n`,
      errors: [{ messageId: 'value', line: 7, data: { name: 'apiToken', logger: 'log', method: 'appendLine' } }],
    },
    {
      name: 'an untyped output channel variable, assigned later (JavaScript)',
      file: 'extension.js',
      code: `const vscode = require('vscode');\nlet out;\nfunction activate(context) {\n  out = vscode.window.createOutputChannel('Jira Helper');\n  const settings = vscode.workspace.getConfiguration('jira');\n  out.append('Using token ' + settings.get('personalAccessToken') + '\\n');\n}\nmodule.exports = { activate };\n`,
      errors: [{ messageId: 'value', line: 6, data: { name: 'personalAccessToken', logger: 'out', method: 'append' } }],
    },
    {
      name: 'a LogOutputChannel class field logs a bearer token at debug level',
      file: 'src/jiraClient.ts',
      code: `import { window } from 'vscode';\nexport class JiraClient {\n  private readonly channel = window.createOutputChannel('Jira', { log: true });\n  constructor(private readonly accessToken: string) {}\n  async get(url: string) {\n    this.channel.debug('GET', url, 'with', this.accessToken);\n    return fetch(url);\n  }\n}\n`,
      errors: [{ messageId: 'value', line: 6, data: { name: 'accessToken', logger: 'channel', method: 'debug' } }],
    },
    {
      name: 'a channel given as a typed constructor parameter',
      file: 'src/auth.ts',
      code: `import type { OutputChannel } from 'vscode';\nexport class Auth {\n  constructor(private readonly output: OutputChannel) {}\n  signIn(refreshToken: string) {\n    this.output.replace(\`refreshing with \${refreshToken}\`);\n  }\n}\n`,
      errors: [{ messageId: 'value', line: 5, data: { name: 'refreshToken', logger: 'output', method: 'replace' } }],
    },
    {
      name: 'a channel exported by another module of the project',
      file: 'src/commands/login.ts',
      code: `import { output } from '../output';\nexport function login(apiToken: string) {\n  output.appendLine(\`login with \${apiToken}\`);\n}\n`,
      files: { 'src/output.ts': `import * as vscode from 'vscode';\nexport const output = vscode.window.createOutputChannel('Jira');\n` },
      errors: [{ messageId: 'value', line: 3, data: { name: 'apiToken', logger: 'output', method: 'appendLine' } }],
    },
    {
      name: 'an extension-local log() helper wrapping the output channel',
      file: 'src/extension.ts',
      code: `import * as vscode from 'vscode';\nconst channel = vscode.window.createOutputChannel('Jira Issues');\nfunction log(message: string) {\n  channel.appendLine(\`[\${new Date().toISOString()}] \${message}\`);\n}\nexport function connect(token: string, url: string) {\n  log(\`connecting to \${url}\`);\n  log(\`token: \${token}\`);\n}\n`,
      errors: [{ messageId: 'helper', line: 8, data: { name: 'token', helper: 'log', logger: 'channel', method: 'appendLine' } }],
    },
    {
      name: 'a class method helper with rest parameters',
      file: 'src/service.ts',
      code: `import * as vscode from 'vscode';\nexport class Service {\n  private out = vscode.window.createOutputChannel('Jira');\n  private trace(...parts: unknown[]) { this.out.appendLine(parts.join(' ')); }\n  start(personalAccessToken: string) {\n    this.trace('starting', 'with', personalAccessToken);\n  }\n}\n`,
      errors: [{ messageId: 'helper', line: 6, data: { name: 'personalAccessToken', helper: 'this.trace' } }],
    },
    {
      name: 'a logging helper imported from a project module',
      file: 'src/sync.js',
      code: `const { logInfo } = require('./util/logger');\nfunction sync(jiraApiToken) {\n  logInfo('syncing with ' + jiraApiToken);\n}\nmodule.exports = { sync };\n`,
      files: { 'src/util/logger.js': `function logInfo(message) {\n  console.log(\`[info] \${message}\`);\n}\nmodule.exports = { logInfo };\n` },
      errors: [{ messageId: 'helper', line: 3, data: { name: 'jiraApiToken', helper: 'logInfo', logger: 'console', method: 'log' } }],
    },
    {
      name: 'the first characters of a token',
      file: 'src/auth.ts',
      code: `export function debugAuth(apiToken: string) {\n  console.log('using token', apiToken.slice(0, 10) + '...');\n}\n`,
      errors: [{ messageId: 'partial', line: 2, data: { part: 'the first 10 characters of apiToken', logger: 'console', method: 'log' } }],
    },
    {
      name: 'the last characters of a token and a substring in a template',
      file: 'src/oauth.js',
      code: `function onTokens(tokens) {\n  logger.info(\`access token ends with \${tokens.access_token.slice(-4)}\`);\n  logger.debug(\`refresh \${tokens.refresh_token.substring(0, 6)}…\`);\n}\n`,
      errors: [
        { messageId: 'partial', line: 2, data: { part: 'the last 4 characters of access_token' } },
        { messageId: 'partial', line: 3, data: { part: 'the first 6 characters of refresh_token' } },
      ],
    },
    {
      name: 'part of a token through a helper',
      file: 'src/ext.ts',
      code: `import * as vscode from 'vscode';\nconst out = vscode.window.createOutputChannel('Jira');\nconst log = (msg: string) => out.appendLine(msg);\nexport function show(pat: string, apiToken: string) {\n  log('token starts ' + apiToken.substr(0, 8));\n}\n`,
      errors: [{ messageId: 'helper', line: 5, data: { name: 'the first 8 characters of apiToken', helper: 'log' } }],
    },
    {
      name: 'a request config logged inside an axios interceptor',
      file: 'src/client.ts',
      code: `import axios from 'axios';\nconst client = axios.create({ baseURL: process.env.JIRA_URL });\nclient.interceptors.request.use((config) => {\n  config.headers.Authorization = \`Bearer \${getToken()}\`;\n  console.log(config);\n  return config;\n});\n`,
      errors: [{ messageId: 'value', line: 5, data: { name: 'config.headers.Authorization' }, related: [{ line: 4 }] }],
    },
    {
      name: 'request options whose headers hold Authorization',
      file: 'src/jira.js',
      code: `async function search(jql, email, key) {\n  const auth = Buffer.from(email + ':' + key).toString('base64');\n  const options = { method: 'GET', headers: { Authorization: \`Basic \${auth}\`, Accept: 'application/json' } };\n  console.log('request', options);\n  return fetch('/rest/api/3/search?jql=' + jql, options);\n}\n`,
      errors: [{ messageId: 'value', line: 4, data: { name: 'Authorization' } }],
    },
    {
      name: 'a Headers object with Authorization set, and headers rebuilt with a spread',
      file: 'src/headers.ts',
      code: `export function build(token: string, config: { headers: Record<string, string> }) {\n  const headers = new Headers();\n  headers.set('Authorization', \`Bearer \${token}\`);\n  console.debug(headers);\n  config.headers = { ...config.headers, Authorization: \`Bearer \${token}\` };\n  console.debug(config.headers);\n}\n`,
      errors: [
        { messageId: 'value', line: 4, data: { name: 'headers.Authorization' }, related: [{ line: 3 }] },
        { messageId: 'value', line: 6, data: { name: 'config.headers.Authorization' }, related: [{ line: 5 }] },
      ],
    },
    {
      name: 'a settings object typed with a token field, stringified',
      file: 'src/settings.ts',
      code: `interface JiraSettings { baseUrl: string; email: string; apiToken: string }\nexport function dump(settings: JiraSettings) {\n  console.log('settings: ' + JSON.stringify(settings));\n}\n`,
      errors: [{ messageId: 'value', line: 3, data: { name: 'settings.apiToken' } }],
    },
    {
      name: 'a plugin settings field whose token the class reads',
      file: 'src/main.ts',
      code: `export default class JiraPlugin {\n  settings = { host: '', apiToken: '' };\n  async onload() {\n    console.log('loaded settings', this.settings);\n  }\n  headers() { return { Authorization: \`Bearer \${this.settings.apiToken}\` }; }\n}\n`,
      errors: [{ messageId: 'value', line: 4, data: { name: 'apiToken' } }],
    },
    {
      name: 'Bitbucket app password inside a logged message',
      file: 'src/bb.js',
      code: `console.log('using ${appPassword}');\n`,
      errors: [{ messageId: 'literal', line: 1, data: { value: 'ATBB' } }],
    },
  ],
});
