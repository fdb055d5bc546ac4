import rule from '../../../server/src/core/rules/code/no-client-secret-in-frontend';
import { runRuleTests } from '../../support/rule-tester';
import { fakeClientSecret } from '../../support/secrets';

const atoa = fakeClientSecret();

runRuleTests(rule, {
  valid: [
    {
      name: 'Custom UI calls a resolver; the secret stays in the back end',
      file: 'static/app/src/App.jsx',
      resourceRoots: ['static/app'],
      code: `import { invoke } from '@forge/bridge';\nexport const connect = () => invoke('exchangeToken', { code });\n`,
    },
    {
      name: 'back-end resolver reads the secret from the environment',
      file: 'src/resolvers/index.ts',
      forgeRoots: [''],
      code: `export const exchange = () => ({ client_secret: process.env.CLIENT_SECRET });\n`,
    },
    {
      name: 'server sends only the client id to the page',
      file: 'server/app.js',
      code: `app.get('/config', (req, res) => res.json({ clientId: process.env.CLIENT_ID, clientSecretConfigured: Boolean(process.env.CLIENT_SECRET) }));\n`,
    },
    { name: 'public env var that is not a secret', file: 'web/src/api.ts', code: `const clientId = import.meta.env.VITE_CLIENT_ID; // no secret here\n` },
    { name: 'empty secret field in a front-end form model', file: 'web/src/form.tsx', code: `import { createRoot } from 'react-dom/client';\nconst initial = { clientSecret: '' };\n` },
    { name: 'server-only .env', file: '.env', code: `CLIENT_SECRET=\nVITE_CLIENT_ID=abc\n` },
  ],
  invalid: [
    {
      name: 'Custom UI resource folder reads the secret',
      file: 'static/app/src/auth.js',
      resourceRoots: ['static/app'],
      code: `const clientSecret = process.env.CLIENT_SECRET;\nexport const exchange = (code) => fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify({ client_secret: clientSecret, code }) });\n`,
      errors: [
        { messageId: 'frontEnd', line: 1, data: { reason: 'Custom UI resource' } },
        { messageId: 'frontEnd', line: 2 },
      ],
    },
    {
      name: '@forge/bridge module with an ATOA literal under any name',
      file: 'ui/src/config.ts',
      code: `import { view } from '@forge/bridge';\nexport const cfg = { key: '${atoa}' };\n`,
      errors: [{ messageId: 'frontEnd', line: 2, data: { name: 'key', reason: '@forge/bridge' } }],
    },
    {
      name: "a 'use client' module",
      file: 'app/connect/page.tsx',
      code: `'use client';\nexport function Connect() { return fetch('/x', { body: process.env.ATLASSIAN_CLIENT_SECRET }); }\n`,
      errors: [{ messageId: 'frontEnd', line: 2, data: { reason: "'use client'" } }],
    },
    {
      name: 'Angular environment file',
      file: 'src/environments/environment.ts',
      code: `export const environment = { production: false, dummyClientSecret: '${atoa}' };\n`,
      errors: [{ messageId: 'frontEnd', line: 1, data: { name: 'dummyClientSecret', reason: 'Angular environment file' } }],
    },
    {
      name: 'Electron main process',
      file: 'desktop/main.js',
      code: `const { app, BrowserWindow } = require('electron');\nconst oauth = { clientId: 'abc', clientSecret: '${atoa}' };\n`,
      errors: [{ messageId: 'frontEnd', line: 2, data: { reason: 'Electron' } }],
    },
    {
      name: 'browser extension background script',
      file: 'extension/background.js',
      code: `chrome.runtime.onMessage.addListener(() => {});\nconst CLIENT_SECRET = '${atoa}';\n`,
      errors: [{ messageId: 'frontEnd', line: 2, data: { reason: 'browser-extension' } }],
    },
    {
      name: 'committed compiled bundle',
      file: 'public/app.bundle.js',
      code: `var n={clientSecret:"${atoa}"};\n`,
      errors: [{ messageId: 'frontEnd', line: 1, data: { reason: 'committed build bundle' } }],
    },
    {
      name: 'Vite public env name with SECRET',
      file: 'web/src/oauth.ts',
      code: `const secret = import.meta.env.VITE_ATLASSIAN_CLIENT_SECRET;\n`,
      errors: [{ messageId: 'publicEnv', line: 1, data: { name: 'VITE_ATLASSIAN_CLIENT_SECRET', prefix: 'VITE_' } }],
    },
    {
      name: 'NEXT_PUBLIC_ secret in .env.local',
      file: '.env.local',
      code: `NEXT_PUBLIC_CLIENT_ID=abc\nNEXT_PUBLIC_CLIENT_SECRET=xyz\n`,
      errors: [{ messageId: 'publicEnv', line: 2, data: { prefix: 'NEXT_PUBLIC_' } }],
    },
    {
      name: 'REACT_APP_ secret read by name in a string',
      file: 'src/config.js',
      code: `const s = process.env['REACT_APP_OAUTH_SECRET'];\n`,
      errors: [{ messageId: 'publicEnv', line: 1, data: { prefix: 'REACT_APP_' } }],
    },
    {
      name: 'secret from process.env written into the HTML page',
      file: 'server/index.js',
      code: `const clientSecret = process.env.CLIENT_SECRET;\napp.get('/', (req, res) => {\n  res.send(\`<script>window.OAUTH = { id: 'abc', secret: '\${clientSecret}' };</script>\`);\n});\n`,
      errors: [{ messageId: 'response', line: 3, data: { name: 'clientSecret', api: 'res.send' } }],
    },
    {
      name: 'secret in a JSON response and a rendered view',
      file: 'server/routes.ts',
      code: `router.get('/cfg', (req, res) => res.status(200).json({ clientId, clientSecret: config.clientSecret }));\nrouter.get('/app', (req, res) => res.render('app', { oauth: JSON.stringify({ client_secret: process.env.CLIENT_SECRET }) }));\n`,
      errors: [
        { messageId: 'response', line: 1, data: { api: 'res.json' } },
        { messageId: 'response', line: 2, data: { api: 'res.render' } },
      ],
    },
    {
      name: 'Koa ctx.body',
      file: 'server/koa.js',
      code: `router.get('/c', (ctx) => { ctx.body = { secret: process.env.OAUTH_CLIENT_SECRET }; });\n`,
      errors: [{ messageId: 'response', line: 1 }],
    },
  ],
});
