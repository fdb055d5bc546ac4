import rule from '../../../server/src/core/rules/code/no-hardcoded-signing-key';
import { runRuleTests } from '../../support/rule-tester';
import { randomAlnum } from '../../support/secrets';

const key = randomAlnum(32);
const forge = { forgeRoots: [''] };

runRuleTests(rule, {
  valid: [
    { name: 'jsonwebtoken key from the environment', file: 'src/jwt.ts', code: `import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({ sub: 'x' }, process.env.JWT_SECRET as string);\n` },
    { name: 'HMAC key from a parameter', file: 'src/hmac.js', code: `const crypto = require('crypto');\nexports.sig = (secret, body) => crypto.createHmac('sha256', secret).update(body).digest('hex');\n` },
    { name: 'placeholder key in a README-style sample', file: 'src/sample.js', code: `const jwt = require('jsonwebtoken');\njwt.sign({}, 'your-secret-key');\n` },
    { name: 'fake key in a test', file: 'src/__tests__/jwt.test.ts', code: `import jwt from 'jsonwebtoken';\njwt.sign({}, 'test-signing-key');\n` },
    { name: 'a sign() that is not jsonwebtoken', file: 'src/pdf.ts', code: `import { sign } from './pdf';\nsign(doc, 'Approved by the release manager');\n` },
    { name: 'webhook token from Forge secret storage', file: 'src/hook.ts', code: `import { kvs } from '@forge/kvs';\nexport async function headers() {\n  return { 'X-Automation-Webhook-Token': (await kvs.getSecret<string>('webhook-token')) ?? '' };\n}\n` },
  ],
  invalid: [
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
        { fix: 1, output: `import api from '@forge/api';\nimport { kvs } from '@forge/kvs';\nexport async function trigger(url: string) {\n  return api.fetch(url, { method: 'POST', headers: { 'X-Automation-Webhook-Token': (await kvs.getSecret<string>('automation-webhook-token')) ?? '' } });\n}\n` },
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
