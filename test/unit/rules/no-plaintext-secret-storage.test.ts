import rule from '../../../server/src/core/rules/code/no-plaintext-secret-storage';
import { runRuleTests } from '../../support/rule-tester';

const forge = { forgeRoots: [''] };

runRuleTests(rule, {
  valid: [
    { name: 'tokens with kvs.setSecret', file: 'src/tokens.ts', ...forge, code: `import { kvs } from '@forge/kvs';\nexport const save = (accountId: string, accessToken: string) => kvs.setSecret(\`oauth:\${accountId}\`, accessToken);\n` },
    { name: 'non-secret settings with kvs.set', file: 'src/settings.ts', ...forge, code: `import { kvs } from '@forge/kvs';\nexport const save = (projectKey: string) => kvs.set('default-project', { projectKey });\n` },
    { name: 'token expiry timestamp', file: 'src/expiry.js', ...forge, code: `import { kvs } from '@forge/kvs';\nexport const save = (t) => kvs.set('token-expires-at', t);\n` },
    { name: 'UI preferences in localStorage', file: 'web/src/prefs.ts', code: `localStorage.setItem('theme', 'dark');\n` },
    { name: 'OAuth state nonce in sessionStorage', file: 'web/src/login.ts', code: `sessionStorage.setItem('oauth-state', crypto.randomUUID());\n` },
    { name: 'test seeding storage', file: 'src/__tests__/tokens.test.ts', ...forge, code: `import { kvs } from '@forge/kvs';\nkvs.set('access-token', 'abc');\n` },
  ],
  invalid: [
    {
      name: 'refresh token with kvs.set and its read (both switched)',
      file: 'src/auth/store.ts',
      ...forge,
      code: `import { kvs } from '@forge/kvs';\nexport async function save(refreshToken: string) {\n  await kvs.set('refresh-token', refreshToken);\n}\nexport const load = () => kvs.get<string>('refresh-token');\n`,
      errors: [{ messageId: 'plaintext', line: 3, data: { what: 'refresh token', api: 'kvs.set' } }],
      output: `import { kvs } from '@forge/kvs';\nexport async function save(refreshToken: string) {\n  await kvs.setSecret('refresh-token', refreshToken);\n}\nexport const load = () => kvs.getSecret<string>('refresh-token');\n`,
    },
    {
      name: 'legacy storage.set from @forge/api (import of kvs added, delete switched)',
      file: 'src/oauth.js',
      ...forge,
      code: `import { storage } from '@forge/api';\nconst KEY = 'github-access-token';\nexport const save = (t) => storage.set(KEY, t);\nexport const read = () => storage.get(KEY);\nexport const forget = () => storage.delete(KEY);\n`,
      errors: [{ messageId: 'plaintext', line: 3, data: { what: 'access token', api: 'storage.set' } }],
      output: `import { storage } from '@forge/api';\nimport { kvs } from '@forge/kvs';\nconst KEY = 'github-access-token';\nexport const save = (t) => kvs.setSecret(KEY, t);\nexport const read = () => kvs.getSecret(KEY);\nexport const forget = () => kvs.deleteSecret(KEY);\n`,
    },
    {
      name: 'token object by value name',
      file: 'src/connect.ts',
      ...forge,
      code: `import { kvs } from '@forge/kvs';\nexport async function connect(accountId: string, tokens: { access_token: string }) {\n  const accessToken = tokens.access_token;\n  await kvs.set(\`user:\${accountId}\`, accessToken);\n}\n`,
      errors: [{ messageId: 'plaintext', line: 4, data: { name: 'accessToken' } }],
      output: `import { kvs } from '@forge/kvs';\nexport async function connect(accountId: string, tokens: { access_token: string }) {\n  const accessToken = tokens.access_token;\n  await kvs.setSecret(\`user:\${accountId}\`, accessToken);\n}\n`,
    },
    {
      name: 'object with token fields',
      file: 'src/save.js',
      ...forge,
      code: `import { kvs } from '@forge/kvs';\nexport const save = (id, res) => kvs.set(\`conn:\${id}\`, { accessToken: res.access_token, refreshToken: res.refresh_token });\n`,
      errors: [{ messageId: 'plaintext', line: 2 }],
      output: `import { kvs } from '@forge/kvs';\nexport const save = (id, res) => kvs.setSecret(\`conn:\${id}\`, { accessToken: res.access_token, refreshToken: res.refresh_token });\n`,
    },
    {
      name: 'client secret entered on an admin page, kept in kvs.set',
      file: 'src/admin.ts',
      ...forge,
      code: `import { kvs } from '@forge/kvs';\nexport const saveConfig = (clientSecret: string) => kvs.set('client-secret', clientSecret);\n`,
      errors: [{ messageId: 'plaintext', line: 2, data: { what: 'secret' } }],
      output: `import { kvs } from '@forge/kvs';\nexport const saveConfig = (clientSecret: string) => kvs.setSecret('client-secret', clientSecret);\n`,
    },
    {
      name: 'access token in localStorage',
      file: 'web/src/auth.ts',
      code: `export function onLogin(accessToken: string) {\n  localStorage.setItem('access_token', accessToken);\n}\n`,
      errors: [{ messageId: 'browser', line: 2, data: { api: 'localStorage.setItem' } }],
    },
    {
      name: 'refresh token in sessionStorage by value name',
      file: 'web/src/session.js',
      code: `export const keep = (refreshToken) => window.sessionStorage.setItem('rt', refreshToken);\n`,
      errors: [{ messageId: 'browser', line: 1, data: { what: 'refresh token' } }],
    },
    {
      name: 'JSON of the token response in localStorage',
      file: 'web/src/store.js',
      code: `export const keep = (tokens) => localStorage.setItem('oauth', JSON.stringify(tokens));\n`,
      errors: [{ messageId: 'browser', line: 1 }],
    },
  ],
});
