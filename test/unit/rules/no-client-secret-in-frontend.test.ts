import rule from '../../../server/src/core/rules/code/no-client-secret-in-frontend';
import { runRuleTests } from '../../support/rule-tester';
import { fakeClientSecret } from '../../support/secrets';

const atoa = fakeClientSecret();

/** A package.json with these dependencies (name → version). */
const pkg = (deps: readonly string[], dev: readonly string[] = []): string =>
  JSON.stringify({ name: 'app', private: true, dependencies: Object.fromEntries(deps.map((d) => [d, '^1.0.0'])), devDependencies: Object.fromEntries(dev.map((d) => [d, '^1.0.0'])) }, null, 2);
/** Another module of the project: the analysed file is read with the workspace around it. */
const sibling = { 'src/lib/util.ts': `export const noop = () => undefined;\n` };
const tauriApp = { ...sibling, 'package.json': pkg(['@tauri-apps/api', 'js-cookie'], ['@sveltejs/kit', '@sveltejs/adapter-static', 'svelte', 'vite']) };
const vueApp = { ...sibling, 'package.json': pkg(['vue', 'axios'], ['@vue/cli-service']) };
const kitServer = { ...sibling, 'package.json': pkg([], ['@sveltejs/kit', '@sveltejs/adapter-node', 'svelte', 'vite']) };
const kitStatic = { ...sibling, 'package.json': pkg([], ['@sveltejs/kit', '@sveltejs/adapter-static', 'svelte']) };
const electronApp = { ...sibling, 'package.json': pkg(['electron-store'], ['electron', 'electron-vite', 'react-dom']) };
const reactAndExpress = { ...sibling, 'package.json': pkg(['express', 'react-dom', 'axios']) };

/** A refresh-token request whose secret comes from the user's settings at run time. */
const refreshFromSettings = `import { loadConfig } from './config';
export async function refresh(refreshToken: string) {
  const config = loadConfig();
  const body = {
    grant_type: 'refresh_token',
    client_id: config.jira.clientId,
    client_secret: config.jira.clientSecret,
    refresh_token: refreshToken,
  };
  return fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify(body) });
}
`;

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
    // Project-level front ends: the server code beside them stays quiet.
    {
      name: 'Express server of a front-end repository reads the secret from the environment (server folder)',
      file: 'src/server/index.js',
      files: { ...sibling, 'package.json': pkg(['react-dom', 'react'], ['vite']) },
      code: `const params = new URLSearchParams({ grant_type: 'authorization_code', client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET, code });\n`,
    },
    {
      name: 'a package that depends on a server framework is not a front end, even with react-dom',
      file: 'src/oauth.js',
      files: reactAndExpress,
      code: `export const body = (code) => ({ grant_type: 'authorization_code', client_secret: process.env.CLIENT_SECRET, code });\n`,
    },
    {
      name: 'the back end is its own package beside the web app',
      file: 'backend/src/auth.ts',
      files: { ...sibling, 'package.json': pkg(['vue']), 'backend/package.json': pkg(['fastify']) },
      code: `export const tokenBody = (code: string) => ({ grant_type: 'authorization_code', client_secret: process.env.CLIENT_SECRET, code });\n`,
    },
    {
      name: 'SvelteKit +server.ts endpoint does the code exchange',
      file: 'src/routes/auth/callback/+server.ts',
      files: kitStatic,
      code: `import { CLIENT_SECRET } from '$env/static/private';\nexport const GET = ({ url }) => fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify({ grant_type: 'authorization_code', client_secret: CLIENT_SECRET, code: url.searchParams.get('code') }) });\n`,
    },
    {
      name: 'SvelteKit +page.server.ts',
      file: 'src/routes/login/+page.server.ts',
      files: kitStatic,
      code: `export const oauth = { clientId: process.env.ATLASSIAN_CLIENT_ID, clientSecret: process.env.ATLASSIAN_CLIENT_SECRET };\n`,
    },
    {
      name: 'SvelteKit module that imports private env is server code',
      file: 'src/lib/oauth.ts',
      files: kitStatic,
      code: `import { ATLASSIAN_CLIENT_SECRET } from '$env/static/private';\nexport const body = (code: string) => ({ grant_type: 'authorization_code', client_secret: ATLASSIAN_CLIENT_SECRET, code });\n`,
    },
    {
      name: 'SvelteKit (server adapter) src/lib module with no sign of the page: it may serve +page.server only',
      file: 'src/lib/atlassian.ts',
      files: kitServer,
      code: `export const exchange = (code: string, secret: string) => fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify({ grant_type: 'authorization_code', client_secret: secret, code }) });\n`,
    },
    {
      name: 'SvelteKit src/lib/server module',
      file: 'src/lib/server/oauth.ts',
      files: tauriApp,
      code: `export const body = { client_secret: process.env.CLIENT_SECRET };\n`,
    },
    {
      name: 'Next.js API route (a server framework in the package)',
      file: 'src/app/api/jira/callback/route.ts',
      files: { ...sibling, 'package.json': pkg(['next', 'react', 'react-dom']) },
      code: `export async function GET(req: Request) {\n  const body = new URLSearchParams({ grant_type: 'authorization_code', client_secret: process.env.ATLASSIAN_CLIENT_SECRET ?? '' });\n  return fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body });\n}\n`,
    },
    {
      name: 'PKCE public client in a Tauri web view sends only client_id and code_verifier',
      file: 'src/lib/auth.ts',
      files: tauriApp,
      code: `export const exchange = (code: string, verifier: string) => fetch('https://auth.example.com/oauth/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, code_verifier: verifier, code }) });\n`,
    },
    {
      name: 'Tauri web view hands the code to the Rust side, which holds the secret',
      file: 'src/lib/connect.ts',
      files: tauriApp,
      code: `import { invoke } from '@tauri-apps/api/tauri';\n// the Rust command reads client_secret from the OS keychain\nexport const connect = (code: string) => invoke('exchange_code', { code });\n`,
    },
    {
      name: 'a front-end settings page only checks that the field is filled',
      file: 'src/views/settings.ts',
      files: vueApp,
      code: `export const ready = (settings: { clientId: string; clientSecret: string }) => settings.clientId !== '' && settings.clientSecret !== '';\n`,
    },
    {
      name: 'a Node CLI package (no front-end dependency) sends the secret',
      file: 'src/auth.ts',
      files: { ...sibling, 'package.json': pkg(['commander', 'node-fetch']) },
      code: `export const body = { grant_type: 'client_credentials', client_secret: process.env.CLIENT_SECRET };\n`,
    },
    {
      name: 'a library built with Vite (no index.html page) is not a front end',
      file: 'src/oauth.ts',
      files: { ...sibling, 'package.json': pkg([], ['vite', 'vitest']) },
      code: `export const tokenRequest = (o: { clientSecret: string; code: string }) => ({ grant_type: 'authorization_code', client_secret: o.clientSecret, code: o.code });\n`,
    },
    {
      name: 'a test of the web app',
      file: 'src/lib/jira.test.ts',
      files: tauriApp,
      code: `const body = { grant_type: 'refresh_token', client_secret: 'test-secret' };\n`,
    },
    {
      name: 'cookies that hold no secret',
      file: 'src/lib/session.ts',
      files: tauriApp,
      code: `import Cookies from 'js-cookie';\nCookies.set('oauth_state', state);\ndocument.cookie = \`theme=\${theme}\`;\nres.cookie('session', sessionId, { httpOnly: true });\n// client_secret stays on the server\n`,
    },
    {
      name: 'Expo Router API route (+api.ts) runs on the server',
      file: 'app/api/token+api.ts',
      files: { ...sibling, 'package.json': pkg(['expo', 'expo-router', 'react-native']) },
      code: `export async function POST(req: Request) {\n  return fetch(TOKEN_URL, { method: 'POST', body: JSON.stringify({ grant_type: 'authorization_code', client_secret: process.env.CLIENT_SECRET }) });\n}\n`,
    },
    {
      name: 'next.config env without a secret',
      file: 'next.config.mjs',
      code: `export default { env: { ATLASSIAN_CLIENT_ID: process.env.ATLASSIAN_CLIENT_ID } };\n// ATLASSIAN_CLIENT_SECRET is read by the API routes only\n`,
    },
    {
      name: 'a Vite define with public values only',
      file: 'vite.config.ts',
      code: `export default defineConfig({ define: { __APP_VERSION__: JSON.stringify(version), 'import.meta.env.CLIENT_ID': JSON.stringify(process.env.CLIENT_ID) } });\n// the client secret lives in the API's environment\n`,
    },
    {
      name: 'webpack DefinePlugin of a Node server bundle',
      file: 'webpack.config.js',
      files: { ...sibling, 'package.json': pkg(['express'], ['webpack']) },
      code: `module.exports = { target: 'node', plugins: [new webpack.DefinePlugin({ 'process.env.CLIENT_SECRET': JSON.stringify(process.env.CLIENT_SECRET) })] };\n`,
    },
  ],
  invalid: [
    {
      name: 'next.config env is inlined into the browser bundle too',
      file: 'next.config.js',
      code: `module.exports = {\n  reactStrictMode: true,\n  env: { ATLASSIAN_CLIENT_ID: process.env.ATLASSIAN_CLIENT_ID, ATLASSIAN_CLIENT_SECRET: process.env.ATLASSIAN_CLIENT_SECRET },\n};\n`,
      errors: [{ messageId: 'bundled', line: 3, data: { name: 'ATLASSIAN_CLIENT_SECRET', api: '`env`' } }],
    },
    {
      name: 'Expo app module (no src/ folder) sends the secret',
      file: 'lib/jira.ts',
      files: { ...sibling, 'package.json': pkg(['expo', 'react-native', 'react']) },
      code: `export const refresh = (t: string, s: { clientSecret: string }) =>\n  fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify({ grant_type: 'refresh_token', client_secret: s.clientSecret, refresh_token: t }) });\n`,
      errors: [{ messageId: 'frontEnd', line: 2, data: { reason: 'React Native app' } }],
    },
    {
      name: 'browser extension helper module (the package says extension; the module uses no chrome API)',
      file: 'src/lib/oauth.ts',
      files: { ...sibling, 'package.json': pkg(['webextension-polyfill'], ['vite']) },
      code: `export const body = (code: string) => new URLSearchParams({ grant_type: 'authorization_code', client_id: ID, client_secret: SECRET, code });\n`,
      errors: [{ messageId: 'frontEnd', line: 1, data: { reason: 'browser extension' } }],
    },
    {
      name: 'Tauri web view (SvelteKit) sends the secret from the user settings in a refresh_token grant',
      file: 'src/lib/scripts/jira.ts',
      files: tauriApp,
      code: refreshFromSettings,
      errors: [{ messageId: 'frontEnd', line: 7, data: { name: 'client_secret', reason: 'Tauri web view' } }],
    },
    {
      name: 'Tauri known by its src-tauri folder: URLSearchParams body built with append',
      file: 'ui/src/oauth.js',
      files: { ...sibling, 'ui/package.json': pkg(['svelte']), 'ui/src-tauri/tauri.conf.json': '{ "build": { "distDir": "../build" } }\n' },
      code: `export async function exchange(code, settings) {\n  const form = new URLSearchParams();\n  form.append('grant_type', 'authorization_code');\n  form.append('client_secret', settings.secret);\n  return fetch(TOKEN_URL, { method: 'POST', body: form });\n}\n`,
      errors: [{ messageId: 'frontEnd', line: 4, data: { reason: 'Tauri web view' } }],
    },
    {
      name: 'Vue CLI env module exports a VUE_APP_ secret',
      file: 'env.js',
      code: `export const clientId = process.env.VUE_APP_JIRA_CLIENT_ID\nexport const clientSecret = process.env.VUE_APP_JIRA_CLIENT_SECRET\n`,
      errors: [{ messageId: 'publicEnv', line: 2, data: { name: 'VUE_APP_JIRA_CLIENT_SECRET', prefix: 'VUE_APP_' } }],
    },
    {
      name: 'VUE_APP_ secret in .env.production',
      file: '.env.production',
      code: `VUE_APP_CLIENT_ID=abc\nVUE_APP_OAUTH_CLIENT_SECRET=set-in-ci\n`,
      errors: [{ messageId: 'publicEnv', line: 2, data: { prefix: 'VUE_APP_' } }],
    },
    {
      name: 'SvelteKit public env import',
      file: 'src/lib/auth.ts',
      code: `import { PUBLIC_ATLASSIAN_CLIENT_ID, PUBLIC_ATLASSIAN_CLIENT_SECRET } from '$env/static/public';\n`,
      errors: [{ messageId: 'publicEnv', line: 1, data: { name: 'PUBLIC_ATLASSIAN_CLIENT_SECRET', prefix: 'PUBLIC_' } }],
    },
    {
      name: 'Vue single-page app sends the secret in the token exchange',
      file: 'src/services/oauth.ts',
      files: vueApp,
      code: `import axios from 'axios';\nimport { clientId, clientSecret } from '../../env';\nexport const exchange = (code: string) =>\n  axios.post('https://auth.atlassian.com/oauth/token', { grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code });\n`,
      errors: [{ messageId: 'frontEnd', line: 4, data: { reason: 'Vue front end' } }],
    },
    {
      name: 'a Vite app without a UI framework (index.html page): env read and query-string secret',
      file: 'src/main.ts',
      files: { ...sibling, 'package.json': pkg([], ['vite', 'typescript']), 'index.html': '<script type="module" src="/src/main.ts"></script>\n' },
      code: `const secret = import.meta.env.ATLASSIAN_CLIENT_SECRET;\nconst url = \`\${TOKEN_URL}?grant_type=client_credentials&client_secret=\${encodeURIComponent(secret)}\`;\n`,
      errors: [
        { messageId: 'frontEnd', line: 1, data: { name: 'ATLASSIAN_CLIENT_SECRET', reason: 'Vite front end' } },
        { messageId: 'frontEnd', line: 2, data: { name: 'client_secret' } },
      ],
    },
    {
      name: 'SvelteKit universal load (+page.ts) runs in the browser too',
      file: 'src/routes/connect/+page.ts',
      files: kitServer,
      code: `export const load = async ({ fetch, url }) => {\n  const res = await fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify({ grant_type: 'authorization_code', client_secret: SECRET, code: url.searchParams.get('code') }) });\n  return { tokens: await res.json() };\n};\n`,
      errors: [{ messageId: 'frontEnd', line: 2, data: { reason: 'SvelteKit front end' } }],
    },
    {
      name: 'SvelteKit src/lib module that keeps its config in localStorage',
      file: 'src/lib/jira.ts',
      files: kitServer,
      code: `const cfg = JSON.parse(localStorage.getItem('jira') ?? '{}');\nexport const tokenBody = (code: string) => ({ grant_type: 'authorization_code', client_id: cfg.clientId, clientSecret: cfg.clientSecret, code });\n`,
      errors: [{ messageId: 'frontEnd', line: 2, data: { name: 'clientSecret', reason: 'SvelteKit' } }],
    },
    {
      name: 'Electron main-process module that does not import electron itself',
      file: 'src/main/jira/token.ts',
      files: electronApp,
      code: `import { CLIENT_ID, CLIENT_SECRET } from './constants';\nexport const exchange = (code: string) =>\n  fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code }) });\n`,
      errors: [{ messageId: 'frontEnd', line: 3, data: { reason: 'Electron' } }],
    },
    {
      name: 'a client secret kept in a browser cookie (document.cookie, js-cookie, res.cookie)',
      file: 'web/settings.js',
      code: `document.cookie = \`client_secret=\${form.secret}; path=/\`;\nCookies.set('clientSecret', form.secret, { expires: 30 });\napp.get('/login', (req, res) => { res.cookie('oauth', process.env.OAUTH_CLIENT_SECRET); });\n`,
      errors: [
        { messageId: 'cookie', line: 1, data: { api: 'document.cookie' } },
        { messageId: 'cookie', line: 2, data: { name: 'clientSecret', api: 'Cookies.set' } },
        { messageId: 'cookie', line: 3, data: { name: 'OAUTH_CLIENT_SECRET', api: 'res.cookie' } },
      ],
    },
    {
      name: 'Vite define inlines the secret into the bundle',
      file: 'vite.config.ts',
      code: `export default defineConfig({\n  define: {\n    'process.env.CLIENT_ID': JSON.stringify(process.env.CLIENT_ID),\n    'process.env.CLIENT_SECRET': JSON.stringify(process.env.CLIENT_SECRET ?? ''),\n  },\n});\n`,
      errors: [{ messageId: 'bundled', line: 4, data: { name: 'process.env.CLIENT_SECRET', api: '`define`' } }],
    },
    {
      name: 'webpack DefinePlugin of a React front end, under an innocent key',
      file: 'webpack.config.js',
      files: { ...sibling, 'package.json': pkg(['react', 'react-dom'], ['webpack']) },
      code: `module.exports = {\n  plugins: [new webpack.DefinePlugin({ __OAUTH__: JSON.stringify({ id: process.env.CLIENT_ID, secret: process.env.ATLASSIAN_CLIENT_SECRET }) })],\n};\n`,
      errors: [{ messageId: 'bundled', line: 2, data: { name: 'ATLASSIAN_CLIENT_SECRET', api: 'DefinePlugin' } }],
    },
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
