import rule from '../../../server/src/core/rules/code/no-hardcoded-client-secret';
import { runRuleTests } from '../../support/rule-tester';
import { fakeClientSecret, randomAlnum } from '../../support/secrets';

const atoa = fakeClientSecret();
const generic = randomAlnum(40);
const forge = { forgeRoots: [''] };

runRuleTests(rule, {
  valid: [
    { name: 'secret read from the environment', file: 'src/oauth.ts', code: `const clientSecret = process.env.CLIENT_SECRET;\n` },
    { name: 'empty placeholder', file: 'src/oauth.ts', code: `export const config = { clientId: 'abc', clientSecret: '' };\n` },
    { name: 'documentation placeholder', file: 'src/oauth.js', code: `const CLIENT_SECRET = 'your-client-secret';\n` },
    { name: 'angle-bracket placeholder and xxx', file: 'src/oauth.js', code: `const a = { client_secret: '<secret>' };\nconst b = { client_secret: 'xxxxxxxxxxxxxxxx' };\nconst c = { clientSecret: 'changeme' };\n` },
    { name: 'template variable in YAML config', file: 'config/app.yml', code: `oauth:\n  client_id: abc\n  client_secret: \${CLIENT_SECRET}\n` },
    { name: 'fake value in a test', file: 'test/oauth.test.ts', code: `const clientSecret = 'test-client-secret-123';\n` },
    { name: 'label and env-var name are not secrets', file: 'src/form.tsx', code: `const clientSecretLabel = 'Client secret (from the developer console)';\nconst CLIENT_SECRET_ENV = 'ATLASSIAN_CLIENT_SECRET';\n` },
    { name: 'empty value in .env.example', file: '.env.example', code: `CLIENT_ID=\nCLIENT_SECRET=\n` },
    { name: 'placeholder ATOA value in docs config', file: 'config/sample.json', code: `{ "clientSecret": "ATOAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }\n` },
  ],
  invalid: [
    {
      name: 'token exchange body with a hardcoded client_secret (non-Forge: env + .env.example)',
      file: 'server/oauth.ts',
      code: `export async function exchange(code: string) {\n  return fetch('https://auth.atlassian.com/oauth/token', {\n    method: 'POST',\n    body: JSON.stringify({ grant_type: 'authorization_code', client_id: 'abc', client_secret: '${generic}', code }),\n  });\n}\n`,
      errors: [{ messageId: 'hardcoded', line: 4, data: { name: 'client_secret', value: 'Az7' } }],
      output: `export async function exchange(code: string) {\n  return fetch('https://auth.atlassian.com/oauth/token', {\n    method: 'POST',\n    body: JSON.stringify({ grant_type: 'authorization_code', client_id: 'abc', client_secret: process.env.CLIENT_SECRET ?? '', code }),\n  });\n}\n`,
    },
    {
      name: 'ATOA secret under an innocent name in an Angular environment file',
      file: 'src/environments/environment.prod.ts',
      code: `export const environment = {\n  production: true,\n  dummyClientSecret: '${atoa}',\n};\n`,
      errors: [{ messageId: 'atoa', line: 3, data: { name: 'dummyClientSecret', value: 'ATOA' } }],
      fixes: [{
        output: `export const environment = {\n  production: true,\n  dummyClientSecret: process.env.CLIENT_SECRET ?? '',\n};\n`,
        files: { '.env.example': 'CLIENT_SECRET=\n' },
      }],
    },
    {
      name: 'Forge: module-level const (encrypted variable only: no await there)',
      file: 'src/oauth.js',
      ...forge,
      code: `const CLIENT_SECRET = '${generic}';\nexport const creds = () => ({ CLIENT_SECRET });\n`,
      errors: [{ messageId: 'hardcoded', line: 1 }],
      output: `const CLIENT_SECRET = process.env.CLIENT_SECRET;\nexport const creds = () => ({ CLIENT_SECRET });\n`,
    },
    {
      name: 'Forge: inside an async resolver, both actions',
      file: 'src/resolvers/token.ts',
      ...forge,
      code: `import api from '@forge/api';\nexport async function refresh(refreshToken: string) {\n  const body = new URLSearchParams({ grant_type: 'refresh_token', client_secret: '${generic}', refresh_token: refreshToken });\n  return api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body });\n}\n`,
      errors: [{ messageId: 'hardcoded', line: 3 }],
      fixes: [
        { fix: 0, output: `import api from '@forge/api';\nexport async function refresh(refreshToken: string) {\n  const body = new URLSearchParams({ grant_type: 'refresh_token', client_secret: process.env.CLIENT_SECRET ?? '', refresh_token: refreshToken });\n  return api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body });\n}\n` },
        { fix: 1, output: `import api from '@forge/api';\nimport { kvs } from '@forge/kvs';\nexport async function refresh(refreshToken: string) {\n  const body = new URLSearchParams({ grant_type: 'refresh_token', client_secret: (await kvs.getSecret<string>('client-secret')) ?? '', refresh_token: refreshToken });\n  return api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body });\n}\n` },
      ],
    },
    {
      name: 'query string in a form body',
      file: 'bot/auth.js',
      code: `const body = 'grant_type=client_credentials&client_id=abc&client_secret=${generic}';\n`,
      errors: [{ messageId: 'hardcoded', line: 1, data: { name: 'client_secret' } }],
      output: 'const body = `grant_type=client_credentials&client_id=abc&client_secret=${process.env.CLIENT_SECRET}`;\n',
    },
    {
      name: 'default after process.env',
      file: 'electron/main.js',
      code: `const { app } = require('electron');\nconst clientSecret = process.env.ATLASSIAN_CLIENT_SECRET || '${generic}';\n`,
      errors: [{ messageId: 'hardcoded', line: 2 }],
      output: `const { app } = require('electron');\nconst clientSecret = process.env.ATLASSIAN_CLIENT_SECRET;\n`,
    },
    {
      name: 'URLSearchParams.append',
      file: 'src/token.mjs',
      code: `const params = new URLSearchParams();\nparams.append('client_secret', '${generic}');\n`,
      errors: [{ messageId: 'hardcoded', line: 2 }],
      output: `const params = new URLSearchParams();\nparams.append('client_secret', process.env.CLIENT_SECRET);\n`,
    },
    {
      name: 'committed .env',
      file: '.env',
      code: `ATLASSIAN_CLIENT_ID=abc\nATLASSIAN_CLIENT_SECRET=${atoa}\n`,
      errors: [{ messageId: 'atoa', line: 2, data: { name: 'ATLASSIAN_CLIENT_SECRET' } }],
      output: `ATLASSIAN_CLIENT_ID=abc\nATLASSIAN_CLIENT_SECRET=\n`,
    },
    {
      name: 'JSON config',
      file: 'config/production.json',
      code: `{\n  "oauth": {\n    "clientId": "abc",\n    "clientSecret": "${generic}"\n  }\n}\n`,
      errors: [{ messageId: 'hardcoded', line: 4, data: { name: 'clientSecret' } }],
    },
    {
      name: 'YAML config',
      file: 'deploy/values.yaml',
      code: `oauth:\n  consumer_secret: "${generic}"\n`,
      errors: [{ messageId: 'hardcoded', line: 2, data: { name: 'consumer_secret' } }],
    },
    {
      name: 'ATOA value inside a console.log troubleshooting string (template)',
      file: 'src/debug.ts',
      code: `const code = 'x';\nconsole.log(\`exchanging \${code} with secret ${atoa} now\`);\n`,
      errors: [{ messageId: 'atoa', line: 2 }],
    },
    {
      name: 'real-looking ATOA value even in a test file',
      file: 'test/oauth.spec.js',
      code: `const secret = '${atoa}';\n`,
      errors: [{ messageId: 'atoa' }],
      output: `const secret = process.env.SECRET;\n`,
    },
  ],
});
