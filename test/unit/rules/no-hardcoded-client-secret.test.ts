import rule from '../../../server/src/core/rules/code/no-hardcoded-client-secret';
import { runRuleTests } from '../../support/rule-tester';
import { fakeClientSecret, randomAlnum } from '../../support/secrets';

const atoa = fakeClientSecret();
const generic = randomAlnum(40);
const forge = { forgeRoots: [''] };
/** A minified bundle: one line of 20,000 characters. */
const bundle = (inner: string): string => `!function(){var e={};${'e.a=1;'.repeat(1700)}${inner}${'e.b=2;'.repeat(1700)}}();\n`;

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
    {
      name: 'Markdown: placeholders and a named secret are left to the config rules',
      file: 'docs/oauth.md',
      code: `Set \`ATLASSIAN_CLIENT_SECRET=ATOA-your-client-secret-here\` and keep \`ATOAxxxxxxxxxxxxxxxxxxxxxxxx\` out of git.\n\n    client_secret=${generic}\n`,
    },
    { name: 'text fixture with an obvious fake under test/', file: 'test/fixtures/oauth.txt', code: `ATOAfakeClientSecretForTests0000000000\n` },
    { name: 'an ATOA-looking identifier inside a word is not a secret', file: 'docs/glossary.txt', code: `The DATOAPIResponseWrapperFactoryBuilder class.\n` },
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
      // Compiled into the browser bundle: process.env there would ship the secret all the same.
      errors: [{ messageId: 'atoa', line: 3, data: { name: 'dummyClientSecret', value: 'ATOA', fixNote: 'No automatic fix: this code is an Angular environment file (compiled into the browser bundle)' } }],
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
      // Issue 16, item 15: no parentheses where precedence needs none…
      name: 'Forge JavaScript: the kvs read needs no parentheses in a declaration',
      file: 'src/resolvers/token.js',
      ...forge,
      code: `export async function secrets() {\n  const clientSecret = '${generic}';\n  return { clientSecret };\n}\n`,
      errors: [{ messageId: 'hardcoded', line: 2 }],
      fixes: [{ fix: 1, output: `import { kvs } from '@forge/kvs';\nexport async function secrets() {\n  const clientSecret = await kvs.getSecret('client-secret');\n  return { clientSecret };\n}\n` }],
    },
    {
      // …and parentheses where it does: a member access on the read.
      name: 'Forge JavaScript: the kvs read takes parentheses before a member access',
      file: 'src/resolvers/trimmed.js',
      ...forge,
      code: `export async function secrets() {\n  const trimmed = '${atoa}'.trim();\n  return { trimmed };\n}\n`,
      errors: [{ messageId: 'atoaText', line: 2 }],
      fixes: [{ fix: 1, output: `import { kvs } from '@forge/kvs';\nexport async function secrets() {\n  const trimmed = (await kvs.getSecret('client-secret')).trim();\n  return { trimmed };\n}\n` }],
    },
    {
      name: 'Forge: inside an async resolver, both actions',
      file: 'src/resolvers/token.ts',
      ...forge,
      code: `import api from '@forge/api';\nexport async function refresh(refreshToken: string) {\n  const body = new URLSearchParams({ grant_type: 'refresh_token', client_secret: '${generic}', refresh_token: refreshToken });\n  return api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body });\n}\n`,
      errors: [{ messageId: 'hardcoded', line: 3 }],
      fixes: [
        { fix: 0, output: `import api from '@forge/api';\nexport async function refresh(refreshToken: string) {\n  const body = new URLSearchParams({ grant_type: 'refresh_token', client_secret: process.env.CLIENT_SECRET ?? '', refresh_token: refreshToken });\n  return api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body });\n}\n` },
        { fix: 1, output: `import api from '@forge/api';\nimport { kvs } from '@forge/kvs';\nexport async function refresh(refreshToken: string) {\n  const body = new URLSearchParams({ grant_type: 'refresh_token', client_secret: await kvs.getSecret<string>('client-secret') ?? '', refresh_token: refreshToken });\n  return api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body });\n}\n` },
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
      errors: [{ messageId: 'atoaText', line: 2 }],
    },
    {
      name: 'deployment guide in Markdown with a pasted 3LO secret',
      file: 'DEPLOY.md',
      code: `# Deploy\n\nIn the hosting dashboard set:\n\n- \`ATLASSIAN_CLIENT_ID\`: abc\n- \`ATLASSIAN_CLIENT_SECRET\`: ${atoa}\n`,
      errors: [{ messageId: 'atoaText', line: 6, data: { value: 'ATOA', where: 'documentation' } }],
    },
    {
      name: 'plain text environment notes',
      file: 'RAILWAY_VARIABLES.txt',
      code: `CLIENT_ID=abc\nCLIENT_SECRET=${atoa}\n`,
      errors: [{ messageId: 'atoaText', line: 2, data: { where: 'a text file' } }],
    },
    {
      name: 'minified bundle (one 20,000-character line): read as text, not parsed',
      file: 'dist/app.min.js',
      code: bundle(`e.cs="${atoa}";`),
      errors: [{ messageId: 'atoaText', line: 1, data: { where: 'source code' } }],
    },
    {
      name: 'ATOA secret in a YAML comment',
      file: 'deploy/values.yml',
      code: `oauth:\n  client_id: abc\n  # old secret: ${atoa}\n  client_secret: \${CLIENT_SECRET}\n`,
      errors: [{ messageId: 'atoaText', line: 3, data: { where: 'a configuration file' } }],
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
