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
      name: 'Bitbucket app password inside a logged message',
      file: 'src/bb.js',
      code: `console.log('using ${appPassword}');\n`,
      errors: [{ messageId: 'literal', line: 1, data: { value: 'ATBB' } }],
    },
  ],
});
