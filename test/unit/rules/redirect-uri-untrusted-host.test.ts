import { strict as assert } from 'assert';
import rule from '../../../server/src/core/rules/code/redirect-uri-untrusted-host';
import { analyseFile } from '../../../server/src/core/engine';
import { runRuleTests } from '../../support/rule-tester';

const owned = { config: { rules: {}, ownedDomains: ['acme.com'], exclude: [] } };

/** An atlassian-connect-express config.json as its template writes it: comments, one object per environment. */
const aceConfig = (development: string, production: string): string => `{
  // This is the development configuration, used by \`npm start\`.
  "development": {
    "port": 3000,
    "errorTemplate": true,
    "localBaseUrl": "${development}",
    "store": { "adapter": "sequelize", "dialect": "sqlite3", "storage": "store.db" }
  },
  // The production configuration, enabled by NODE_ENV=production.
  "production": {
    "port": "$PORT",
    // This is the public URL to your production app.
    "localBaseUrl": "${production}",
    "store": { "type": "postgres", "url": "$DATABASE_URL" },
    "whitelist": ["*.atlassian.net", "*.jira.com"]
  },
  "product": "jira"
}
`;

/** A Connect descriptor; `extra` lines go after the base URL. */
const descriptor = (baseUrl: string, extra = ''): string => `{
  "key": "com.acme.jira.timesheets",
  "name": "Timesheets for Jira",
  "vendor": { "name": "Acme", "url": "http://www.acme.com" },
  "baseUrl": "${baseUrl}",${extra}
  "authentication": { "type": "jwt" },
  "lifecycle": { "installed": "/installed", "uninstalled": "/uninstalled" },
  "scopes": ["READ"],
  "modules": {
    "generalPages": [{ "key": "timesheets", "url": "/timesheets", "name": { "value": "Timesheets" } }]
  }
}
`;

runRuleTests(rule, {
  valid: [
    { name: 'own domain', file: 'src/oauth.ts', code: `const redirectUri = 'https://app.acme.com/callback';\n` },
    { name: 'own domain with ownedDomains set', file: 'src/oauth2.ts', ...owned, code: `const redirectUri = 'https://jira.app.acme.com/callback';\n` },
    { name: 'loopback and native scheme', file: 'src/native.ts', ...owned, code: `const a = { redirect_uri: 'http://localhost:5173/cb' };\nconst callbackURL = 'com.acme.jira:/oauth2redirect';\n` },
    { name: 'a github.io docs link that is not a redirect', file: 'src/help.ts', code: `const docs = 'https://acme.github.io/jira-sync/';\n` },
    { name: 'VERCEL_URL used for something else', file: 'src/meta.ts', code: `const siteUrl = \`https://\${process.env.VERCEL_URL}\`; // og:url\n` },
    { name: 'redirect to the production domain from env', file: 'src/prod.ts', code: `const redirectUri = \`\${process.env.APP_BASE_URL}/api/auth/callback\`;\n` },
    // Atlassian Connect: hosts the partner owns, templates, and pages that receive nothing.
    {
      name: 'Connect descriptor on the partner domain; vendor and homepage links on github.io are web pages, not callbacks',
      file: 'atlassian-connect.json',
      code: descriptor('https://timesheets.acme.com', `\n  "links": { "self": "https://timesheets.acme.com/atlassian-connect.json", "homepage": "https://acme.github.io/timesheets", "documentation": "https://acme-docs.netlify.app" },`),
    },
    { name: 'Connect descriptor with the ACE template baseUrl', file: 'atlassian-connect.json', code: descriptor('{{localBaseUrl}}') },
    {
      name: 'ACE config: localhost in development, own domain in production',
      file: 'config.json',
      code: aceConfig('http://localhost:3000', 'https://timesheets.acme.com'),
    },
    { name: 'tsconfig baseUrl', file: 'tsconfig.json', code: `{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }\n` },
    {
      name: 'a JSON file with baseUrl and modules that is no Connect descriptor',
      file: 'config/api.json',
      code: `{ "baseUrl": "https://jira-proxy.herokuapp.com", "modules": ["issues", "sprints"] }\n`,
    },
    {
      name: 'Forge manifest (its remotes are judged by the egress rules)',
      file: 'manifest.yml',
      code: `app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\nremotes:\n  - key: backend\n    baseUrl: https://acme-backend.herokuapp.com\n`,
    },
    // Documentation and text files.
    {
      name: 'README: loopback callback for local development',
      file: 'README.md',
      code: `## Local development\n\n\`\`\`\nREDIRECT_URI=http://localhost:3000/callback\n\`\`\`\n`,
    },
    {
      name: 'README: prose mentioning herokuapp.com with no redirect key',
      file: 'docs/DEPLOY.md',
      code: `Our demo runs at https://acme-timesheets.herokuapp.com and the OAuth callback lives on our own domain.\nAfter login we redirect to https://acme.github.io/timesheets/welcome.\n`,
    },
    {
      name: 'README: redirect URI on the partner domain',
      file: 'README.md',
      code: `| Variable | Value |\n|---|---|\n| \`JIRA_REDIRECT_URI\` | \`https://timesheets.acme.com/api/jira/callback\` |\n`,
    },
  ],
  invalid: [
    {
      name: 'github.io callback (non-Forge 3LO service)',
      file: 'src/config.ts',
      code: `export const callbackURL = 'https://acme-labs.github.io/jira-sync/callback.html';\n`,
      errors: [{ messageId: 'sharedHost', line: 1, data: { suffix: 'github.io', name: 'callbackURL' } }],
    },
    {
      name: 'vercel.app redirect_uri in the token exchange',
      file: 'api/token.js',
      code: `const body = { grant_type: 'authorization_code', redirect_uri: 'https://jira-helper-git-main-acme.vercel.app/api/callback' };\n`,
      errors: [{ messageId: 'sharedHost', line: 1, data: { suffix: 'vercel.app' } }],
    },
    {
      name: 'built from VERCEL_BRANCH_URL',
      file: 'app/api/auth/route.ts',
      code: `const redirectUri = \`https://\${process.env.VERCEL_BRANCH_URL}/api/auth/callback\`;\n`,
      errors: [{ messageId: 'preview', line: 1, data: { variable: 'VERCEL_BRANCH_URL' } }],
    },
    {
      name: 'NEXT_PUBLIC_VERCEL_URL through a const',
      file: 'lib/oauth.ts',
      code: `const host = process.env.NEXT_PUBLIC_VERCEL_URL;\nexport const redirect_uri = \`https://\${host}/callback\`;\n`,
      errors: [{ messageId: 'preview', line: 2, data: { variable: 'NEXT_PUBLIC_VERCEL_URL' } }],
    },
    {
      name: 'ngrok tunnel in the authorize URL',
      file: 'src/authorize.ts',
      code: `const url = 'https://auth.atlassian.com/authorize?client_id=abc&redirect_uri=https%3A%2F%2F4f2a-203-0-113-9.ngrok-free.app%2Fcallback&response_type=code';\n`,
      errors: [{ messageId: 'sharedHost', line: 1, data: { suffix: 'ngrok-free.app' } }],
    },
    {
      name: 'herokuapp.com in .env',
      file: '.env',
      code: `OAUTH_CALLBACK_URL=https://jira-sync-prod.herokuapp.com/auth/callback\n`,
      errors: [{ messageId: 'sharedHost', line: 1, data: { suffix: 'herokuapp.com' } }],
    },
    {
      name: 'S3 website host in YAML',
      file: 'config/oauth.yml',
      code: `redirectUri: http://acme-jira-ui.s3-website-us-east-1.amazonaws.com/cb\n`,
      errors: [{ messageId: 'sharedHost', line: 1, data: { suffix: 'S3 website' } }],
    },
    {
      name: 'netlify.app in JSON, outside ownedDomains (error)',
      file: 'config/prod.json',
      ...owned,
      code: `{ "redirect_uri": "https://acme-jira.netlify.app/callback" }\n`,
      errors: [{ messageId: 'sharedHost', line: 1 }],
    },
    {
      name: 'a domain outside ownedDomains',
      file: 'src/oauth3.ts',
      ...owned,
      code: `const redirectUri = 'https://acme-jira-sync.io/callback';\n`,
      errors: [{ messageId: 'notOwned', line: 1, data: { owned: 'acme.com' } }],
    },
    // Atlassian Connect apps.
    {
      name: 'Connect descriptor baseUrl on an ngrok tunnel (links.self on the same host is judged once)',
      file: 'atlassian-connect.json',
      code: descriptor('https://7c1e-198-51-100-23.ngrok-free.app', `\n  "links": { "self": "https://7c1e-198-51-100-23.ngrok-free.app/atlassian-connect.json" },`),
      errors: [{ messageId: 'connectSharedHost', line: 5, data: { name: 'baseUrl', suffix: 'ngrok-free.app', purpose: 'install callback and shared secret' } }],
    },
    {
      name: 'Connect descriptor baseUrl on herokuapp.com, in a descriptor with another name',
      file: 'descriptors/atlassian-connect.prod.json',
      code: descriptor('https://acme-timesheets.herokuapp.com'),
      errors: [{ messageId: 'connectSharedHost', line: 5, data: { uri: 'https://acme-timesheets.herokuapp.com', suffix: 'herokuapp.com' } }],
    },
    {
      name: 'Connect webhook and installed callback on shared hosts, app on its own domain',
      file: 'atlassian-connect.json',
      code: `{
  "key": "com.acme.jira.sync",
  "baseUrl": "https://sync.acme.com",
  "lifecycle": { "installed": "https://acme-sync.glitch.me/installed" },
  "modules": {
    "webhooks": [{ "event": "jira:issue_updated", "url": "https://acme-sync-hooks.onrender.com/issue-updated" }]
  }
}
`,
      errors: [
        { messageId: 'connectSharedHost', line: 4, data: { name: 'lifecycle.installed', suffix: 'glitch.me', purpose: 'install callback' } },
        { messageId: 'connectSharedHost', line: 6, data: { name: 'modules.webhooks[0].url', suffix: 'onrender.com', purpose: 'webhook events' } },
      ],
    },
    {
      name: 'ACE config: development on ngrok, production on herokuapp.com',
      file: 'config.json',
      code: aceConfig('https://4f2a91c0.ngrok.io', 'https://acme-timesheets.herokuapp.com'),
      errors: [
        { messageId: 'connectSharedHost', line: 6, data: { name: 'development.localBaseUrl', suffix: 'ngrok.io' } },
        { messageId: 'connectSharedHost', line: 13, data: { name: 'production.localBaseUrl', suffix: 'herokuapp.com', purpose: "descriptor's baseUrl" } },
      ],
    },
    {
      name: 'ACE config: the template placeholder on herokuapp.com is claimable as written',
      file: 'app/config.json',
      code: aceConfig('http://localhost:3000', 'https://your-subdomain.herokuapp.com'),
      errors: [{ messageId: 'connectSharedHost', line: 13, data: { suffix: 'herokuapp.com' } }],
    },
    {
      name: 'Connect baseUrl outside ownedDomains (error)',
      file: 'atlassian-connect.json',
      ...owned,
      code: descriptor('https://timesheets.acme-apps.io'),
      errors: [{ messageId: 'connectNotOwned', line: 5, data: { owned: 'acme.com', name: 'baseUrl' } }],
    },
    // Deployment guides and other text files.
    {
      name: 'README list: JIRA_REDIRECT_URI set to a placeholder on vercel.app',
      file: 'README.md',
      code: `### 2. Import to Vercel\n\nAdd the variables from \`.env.local\` plus:\n- \`NEXT_PUBLIC_APP_URL\` → your production URL\n- \`JIRA_REDIRECT_URI\` → \`https://your-app.vercel.app/api/jira/callback\`\n`,
      errors: [{ messageId: 'sharedHost', line: 5, data: { name: 'JIRA_REDIRECT_URI', suffix: 'vercel.app', uri: 'https://your-app.vercel.app/api/jira/callback' } }],
    },
    {
      name: 'README env table row',
      file: 'docs/configuration.md',
      code: `| Name | Required | Example |\n| --- | --- | --- |\n| \`OAUTH_CALLBACK_URL\` | yes | https://jira-sync.onrender.com/auth/callback |\n`,
      errors: [{ messageId: 'sharedHost', line: 3, data: { name: 'OAUTH_CALLBACK_URL', suffix: 'onrender.com' } }],
    },
    {
      name: 'README .env code block and YAML-style key',
      file: 'DEPLOYMENT.md',
      code: `\`\`\`bash\nexport JIRA_REDIRECT_URI="https://acme-jira.herokuapp.com/oauth/callback"\n\`\`\`\n\n\`\`\`yaml\nredirect_uri: https://<your-app>.up.railway.app/callback\n\`\`\`\n`,
      errors: [
        { messageId: 'sharedHost', line: 2, data: { suffix: 'herokuapp.com' } },
        { messageId: 'sharedHost', line: 6, data: { name: 'redirect_uri', suffix: 'up.railway.app' } },
      ],
    },
    {
      name: 'guide: set the Callback URL in the developer console',
      file: 'docs/setup.md',
      code: `3. Set the **Callback URL** to \`https://acme-jira.netlify.app/.netlify/functions/callback\`.\n`,
      errors: [{ messageId: 'sharedHost', line: 1, data: { name: 'Callback URL', suffix: 'netlify.app' } }],
    },
    {
      name: 'guide: authorize URL with a tunnel redirect_uri',
      file: 'docs/oauth.md',
      code: `Open <https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc&redirect_uri=https%3A%2F%2F5b1d.ngrok.app%2Fcb&response_type=code> to test.\n`,
      errors: [{ messageId: 'sharedHost', line: 1, data: { name: 'redirect_uri', suffix: 'ngrok.app' } }],
    },
    {
      name: 'Vue component read as text',
      file: 'src/components/JiraLogin.vue',
      code: `<script>\nexport default {\n  data: () => ({ redirectUri: 'https://acme-labs.github.io/jira-board/callback' }),\n};\n</script>\n`,
      errors: [{ messageId: 'sharedHost', line: 3, data: { name: 'redirectUri', suffix: 'github.io' } }],
    },
  ],
});

describe('redirect-uri-untrusted-host severity', () => {
  const run = (withOwned: boolean): string[] =>
    analyseFile('src/a.ts', `const redirectUri = 'https://acme.github.io/cb';\n`, {
      rules: [rule],
      config: { rules: {}, ownedDomains: withOwned ? ['acme.com'] : [], exclude: [] },
    }).findings.map((f) => f.severity);
  it('is a warning without ownedDomains and an error outside them', () => {
    assert.deepEqual(run(false), ['warning']);
    assert.deepEqual(run(true), ['error']);
  });
  it('a severity the user set wins', () => {
    const f = analyseFile('src/a.ts', `const redirectUri = 'https://acme.github.io/cb';\n`, {
      rules: [rule],
      config: { rules: { 'redirect-uri-untrusted-host': 'info' }, ownedDomains: ['acme.com'], exclude: [] },
    }).findings;
    assert.deepEqual(f.map((x) => x.severity), ['info']);
  });
});
