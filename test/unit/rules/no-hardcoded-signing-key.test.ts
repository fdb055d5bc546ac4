import { looksRandom } from '../../../server/src/core/analysis/secrets';
import rule from '../../../server/src/core/rules/code/no-hardcoded-signing-key';
import { runRuleTests } from '../../support/rule-tester';
import { randomBytes } from 'crypto';
import { randomAlnum } from '../../support/secrets';

/** A fresh random value, drawn again in the rare case it spells a placeholder word (`test`, `your`, …). */
function generated(make: () => string): string {
  for (;;) {
    const v = make();
    if (looksRandom(v)) return v;
  }
}
const key = generated(() => randomAlnum(32));
/** Generated the way deployment guides tell people to: `openssl rand -hex 32`, `openssl rand -base64 32`. */
const hexKey = generated(() => randomBytes(32).toString('hex'));
const b64Key = generated(() => `${randomBytes(32).toString('base64').replace(/[+/=]/g, '')}Aa1`);
const forge = { forgeRoots: [''] };

runRuleTests(rule, {
  valid: [
    { name: 'jsonwebtoken key from the environment', file: 'src/jwt.ts', code: `import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({ sub: 'x' }, process.env.JWT_SECRET as string);\n` },
    { name: 'HMAC key from a parameter', file: 'src/hmac.js', code: `const crypto = require('crypto');\nexports.sig = (secret, body) => crypto.createHmac('sha256', secret).update(body).digest('hex');\n` },
    { name: 'placeholder key in a README-style sample', file: 'src/sample.js', code: `const jwt = require('jsonwebtoken');\njwt.sign({}, 'your-secret-key');\n` },
    { name: 'fake key in a test', file: 'src/__tests__/jwt.test.ts', code: `import jwt from 'jsonwebtoken';\njwt.sign({}, 'test-signing-key');\n` },
    { name: 'a sign() that is not jsonwebtoken', file: 'src/pdf.ts', code: `import { sign } from './pdf';\nsign(doc, 'Approved by the release manager');\n` },
    { name: 'webhook token from Forge secret storage', file: 'src/hook.ts', code: `import { kvs } from '@forge/kvs';\nexport async function headers() {\n  return { 'X-Automation-Webhook-Token': (await kvs.getSecret<string>('webhook-token')) ?? '' };\n}\n` },
    { name: 'deployment guide with placeholders', file: 'docs/DEPLOY.md', code: `## Secrets\n\n\`\`\`\nJWT_SECRET=your-jwt-secret-here\nTOKEN_ENCRYPTION_KEY=<output of openssl rand -hex 32>\nSESSION_SECRET=\${SESSION_SECRET}\n\`\`\`\nSet JWT_SECRET to a random value before deploying.\n` },
    { name: 'compose file reading the key from the environment', file: 'docker-compose.yml', code: `services:\n  app:\n    environment:\n      JWT_SECRET: \${JWT_SECRET}\n      ENCRYPTION_KEY: \${ENCRYPTION_KEY:?set it}\n` },
    { name: 'a path to a key file, not a key', file: '.env.production', code: `JWT_SECRET_FILE=/run/secrets/jwt\nSIGNING_KEY_PATH=./keys/signing.pem\n` },
    { name: 'generated-looking key in a test fixture', file: 'test/fixtures/.env', code: `JWT_SECRET=${hexKey}\n` },
    { name: 'storage key name, not a key', file: 'src/session.ts', code: `export const sessionKey = 'user-session-storage-key';\nexport const cookieKey = 'my_app_session_cookie';\n` },
    { name: 'secret words in prose', file: 'README.md', code: `The app signs install callbacks; keep the JWT secret and the encryption key out of Git.\n` },
  ],
  invalid: [
    {
      name: 'generated keys pasted into a deployment guide code block',
      file: 'DEPLOYMENT.md',
      code: `## Generated secrets\n\n\`\`\`\nJWT_SECRET=${hexKey}\nJIRA_ENCRYPTION_KEY=${b64Key}\nAPP_JWT_SECRET_KEY=${key}\nTOKEN_ENC_KEY=${b64Key}\n\`\`\`\n`,
      errors: [
        { messageId: 'named', line: 4, data: { name: 'JWT_SECRET', where: 'documentation' } },
        { messageId: 'named', line: 5, data: { name: 'JIRA_ENCRYPTION_KEY', where: 'documentation' } },
        { messageId: 'named', line: 6, data: { name: 'APP_JWT_SECRET_KEY' } },
        { messageId: 'named', line: 7, data: { name: 'TOKEN_ENC_KEY' } },
      ],
    },
    {
      name: 'a table row of environment variables in a guide',
      file: 'docs/setup.md',
      code: `| Variable | Value |\n| --- | --- |\n| \`WEBHOOK_SECRET\` | \`${hexKey}\` |\n`,
      errors: [{ messageId: 'named', line: 3, data: { name: 'WEBHOOK_SECRET' } }],
    },
    {
      name: 'committed .env: the fix removes the value',
      file: '.env',
      code: `PORT=3000\nSESSION_SECRET=${hexKey}\n`,
      errors: [{ messageId: 'named', line: 2, data: { name: 'SESSION_SECRET', where: 'a configuration file' } }],
      output: `PORT=3000\nSESSION_SECRET=\n`,
    },
    {
      name: 'JSON config',
      file: 'config/production.json',
      code: `{\n  "port": 8080,\n  "jwtSecret": "${key}"\n}\n`,
      errors: [{ messageId: 'named', line: 3, data: { name: 'jwtSecret' } }],
    },
    {
      name: 'YAML config',
      file: 'deploy/values.yaml',
      code: `app:\n  encryptionKey: ${b64Key}\n`,
      errors: [{ messageId: 'named', line: 2, data: { name: 'encryptionKey' } }],
    },
    {
      name: 'a config object in code, used by another module',
      file: 'server/config.js',
      code: `module.exports = {\n  port: 3000,\n  jwtSecret: '${key}',\n};\n`,
      errors: [{ messageId: 'named', line: 3, data: { name: 'jwtSecret', where: 'source code' } }],
      output: `module.exports = {\n  port: 3000,\n  jwtSecret: process.env.JWT_SECRET,\n};\n`,
    },
    {
      name: 'jsonwebtoken sign with a const key',
      file: 'server/auth.ts',
      code: `import jwt from 'jsonwebtoken';\nconst JWT_SECRET = '${key}';\nexport const issue = (sub: string) => jwt.sign({ sub }, JWT_SECRET, { expiresIn: '1h' });\n`,
      errors: [{ messageId: 'key', line: 2, data: { api: 'jsonwebtoken sign' } }],
      fixes: [{ output: `import jwt from 'jsonwebtoken';\nconst JWT_SECRET = process.env.JWT_SECRET ?? '';\nexport const issue = (sub: string) => jwt.sign({ sub }, JWT_SECRET, { expiresIn: '1h' });\n`, files: { '.env.example': 'JWT_SECRET=\n' } }],
    },
    {
      name: 'named verify import',
      file: 'server/verify.js',
      code: `const { verify } = require('jsonwebtoken');\nmodule.exports = (t) => verify(t, '${key}');\n`,
      errors: [{ messageId: 'key', line: 2, data: { api: 'jsonwebtoken verify' } }],
      output: `const { verify } = require('jsonwebtoken');\nmodule.exports = (t) => verify(t, process.env.SIGNING_KEY);\n`,
    },
    {
      name: 'jose SignJWT with TextEncoder',
      file: 'src/session.mjs',
      code: `import { SignJWT } from 'jose';\nconst secret = new TextEncoder().encode('${key}');\nexport const make = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(secret);\n`,
      errors: [{ messageId: 'key', line: 2, data: { api: 'jose SignJWT.sign' } }],
      output: `import { SignJWT } from 'jose';\nconst secret = new TextEncoder().encode(process.env.SIGNING_KEY);\nexport const make = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(secret);\n`,
    },
    {
      name: 'jose jwtVerify',
      file: 'src/check.mjs',
      code: `import { jwtVerify } from 'jose';\nexport const check = (t) => jwtVerify(t, new TextEncoder().encode('${key}'));\n`,
      errors: [{ messageId: 'key', line: 2, data: { api: 'jose jwtVerify' } }],
      output: `import { jwtVerify } from 'jose';\nexport const check = (t) => jwtVerify(t, new TextEncoder().encode(process.env.SIGNING_KEY));\n`,
    },
    {
      name: 'createHmac in Forge code (webhook signature check)',
      file: 'src/webtrigger.js',
      ...forge,
      code: `import crypto from 'crypto';\nexport const valid = (body, sig) => crypto.createHmac('sha256', '${key}').update(body).digest('hex') === sig;\n`,
      errors: [{ messageId: 'key', line: 2, data: { api: 'crypto.createHmac' } }],
      output: `import crypto from 'crypto';\nexport const valid = (body, sig) => crypto.createHmac('sha256', process.env.SIGNING_KEY).update(body).digest('hex') === sig;\n`,
    },
    {
      name: 'createCipheriv key',
      file: 'src/crypt.js',
      code: `const crypto = require('crypto');\nconst ENCRYPTION_KEY = '${key}';\nexports.enc = (iv) => crypto.createCipheriv('aes-256-cbc', Buffer.from(ENCRYPTION_KEY), iv);\n`,
      errors: [{ messageId: 'key', line: 2, data: { api: 'crypto.createCipheriv' } }],
      output: `const crypto = require('crypto');\nconst ENCRYPTION_KEY = process.env.ENCRYPTION_KEY;\nexports.enc = (iv) => crypto.createCipheriv('aes-256-cbc', Buffer.from(ENCRYPTION_KEY), iv);\n`,
    },
    {
      name: 'constant Jira Automation webhook token (Forge, inside async: both actions)',
      file: 'src/automation.ts',
      ...forge,
      code: `import api from '@forge/api';\nexport async function trigger(url: string) {\n  return api.fetch(url, { method: 'POST', headers: { 'X-Automation-Webhook-Token': '${key}' } });\n}\n`,
      errors: [{ messageId: 'webhookToken', line: 3, data: { header: 'X-Automation-Webhook-Token' } }],
      fixes: [
        { fix: 0, output: `import api from '@forge/api';\nexport async function trigger(url: string) {\n  return api.fetch(url, { method: 'POST', headers: { 'X-Automation-Webhook-Token': process.env.AUTOMATION_WEBHOOK_TOKEN ?? '' } });\n}\n` },
        { fix: 1, output: `import api from '@forge/api';\nimport { kvs } from '@forge/kvs';\nexport async function trigger(url: string) {\n  return api.fetch(url, { method: 'POST', headers: { 'X-Automation-Webhook-Token': await kvs.getSecret<string>('automation-webhook-token') ?? '' } });\n}\n` },
      ],
    },
    {
      name: 'jwt.verify with an inline key in a handler',
      file: 'server/middleware.js',
      code: `const jwt = require('jsonwebtoken');\napp.use((req, res, next) => { req.user = jwt.verify(req.headers.authorization, '${key}'); next(); });\n`,
      errors: [{ messageId: 'key', line: 2 }],
      output: `const jwt = require('jsonwebtoken');\napp.use((req, res, next) => { req.user = jwt.verify(req.headers.authorization, process.env.SIGNING_KEY); next(); });\n`,
    },
  ],
});
