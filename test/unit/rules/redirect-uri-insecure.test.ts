import { strict as assert } from 'assert';
import rule from '../../../server/src/core/rules/code/redirect-uri-insecure';
import { analyseFile } from '../../../server/src/core/engine';
import { runRuleTests } from '../../support/rule-tester';
import { randomAlnum, windows } from '../../support/secrets';

/** A Connect descriptor around a base URL; `extra` lines go after it. */
const descriptor = (baseUrl: string, extra = ''): string => `{
  "key": "com.acme.jira.timesheets",
  "baseUrl": "${baseUrl}",${extra}
  "authentication": { "type": "jwt" },
  "lifecycle": { "installed": "/installed" },
  "modules": { "webPanels": [{ "key": "panel", "url": "/panel", "location": "atl.jira.view.issue.right.context" }] }
}
`;

runRuleTests(rule, {
  valid: [
    { name: 'https redirect URI', file: 'src/oauth.ts', code: `const redirectUri = 'https://app.acme.com/oauth/callback';\n` },
    { name: 'loopback http for local development', file: 'src/dev.ts', code: `const REDIRECT_URI = 'http://localhost:3000/callback';\nconst other = { redirect_uri: 'http://127.0.0.1:8080/cb' };\n` },
    { name: 'native app custom scheme', file: 'desktop/auth.js', code: `const callbackURL = 'acme-jira://oauth/callback';\n` },
    { name: 'private-network IP over https is not a raw public IP', file: 'src/intranet.ts', code: `const redirectUri = 'https://10.0.0.12/callback';\n` },
    { name: 'http URL that is not a redirect', file: 'src/links.ts', code: `const homepage = 'http://example.com/';\nconst callbackPath = '/oauth/callback';\n` },
    { name: 'https query parameter', file: 'src/authorize.ts', code: `const url = 'https://auth.atlassian.com/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fapp.acme.com%2Fcb&response_type=code';\n` },
    {
      name: 'Connect descriptor on https; vendor.url and links.homepage on http are web pages, not callbacks',
      file: 'atlassian-connect.json',
      code: descriptor('https://timesheets.acme.com', `\n  "vendor": { "name": "Acme", "url": "http://www.acme.com" },\n  "links": { "homepage": "http://www.acme.com/timesheets" },`),
    },
    { name: 'Connect descriptor for local development on localhost', file: 'atlassian-connect.json', code: descriptor('http://localhost:8000') },
    {
      name: 'ACE config: http://localhost:3000 in development, hosts for dev registration are not callbacks',
      file: 'config.json',
      code: `{\n  // local development\n  "development": { "port": 3000, "localBaseUrl": "http://localhost:3000", "hosts": ["http://admin:admin@jira.internal.example:2990/jira"] },\n  "production": { "port": "$PORT", "localBaseUrl": "https://timesheets.acme.com" }\n}\n`,
    },
    { name: 'tsconfig baseUrl', file: 'tsconfig.json', code: `{\n  "$schema": "http://json.schemastore.org/tsconfig",\n  "compilerOptions": { "baseUrl": ".", "module": "commonjs" }\n}\n` },
    {
      name: 'README: loopback callback for local development',
      file: 'README.md',
      code: `For local development set:\n\n\`\`\`\nREDIRECT_URI=http://localhost:3000/callback\n\`\`\`\n`,
    },
    {
      name: 'README: http links in prose, no redirect key',
      file: 'docs/intro.md',
      code: `The callback flow is described at http://www.acme.com/blog/oauth and our status page is http://status.acme.com.\n`,
    },
  ],
  invalid: [
    {
      name: 'redirectUri constant over http',
      file: 'src/oauth.ts',
      code: `export const redirectUri = 'http://app.acme.com/oauth/callback';\n`,
      errors: [{ messageId: 'insecure', line: 1, data: { uri: 'http://app.acme.com/oauth/callback', name: 'redirectUri' } }],
      output: `export const redirectUri = 'https://app.acme.com/oauth/callback';\n`,
    },
    {
      name: 'passport callbackURL',
      file: 'server/passport.js',
      code: `passport.use(new AtlassianStrategy({ clientID: id, clientSecret: process.env.CLIENT_SECRET, callbackURL: 'http://jira-sync.acme.io/auth/atlassian/callback' }, verify));\n`,
      errors: [{ messageId: 'insecure', line: 1, data: { name: 'callbackURL' } }],
      output: `passport.use(new AtlassianStrategy({ clientID: id, clientSecret: process.env.CLIENT_SECRET, callbackURL: 'https://jira-sync.acme.io/auth/atlassian/callback' }, verify));\n`,
    },
    {
      name: 'authorize URL with an encoded http redirect_uri',
      file: 'src/login.ts',
      code: `const authorize = 'https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc&redirect_uri=http%3A%2F%2Fapp.acme.com%2Fcb&response_type=code';\n`,
      errors: [{ messageId: 'insecure', line: 1, data: { name: 'redirect_uri', uri: 'http://app.acme.com/cb' } }],
      output: `const authorize = 'https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=abc&redirect_uri=https%3A%2F%2Fapp.acme.com%2Fcb&response_type=code';\n`,
    },
    {
      name: 'template redirect with a static http host',
      file: 'src/cb.ts',
      code: 'const callback_url = `http://app.acme.com/cb/${tenant}`;\n',
      errors: [{ messageId: 'insecure', line: 1 }],
      output: 'const callback_url = `https://app.acme.com/cb/${tenant}`;\n',
    },
    {
      name: 'URLSearchParams redirect_uri',
      file: 'src/token.js',
      code: `const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'http://oauth.acme.com/callback' });\n`,
      errors: [{ messageId: 'insecure', line: 1 }],
      output: `const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'https://oauth.acme.com/callback' });\n`,
    },
    {
      name: 'raw public IP',
      file: 'src/ip.ts',
      code: `const redirectUri = 'https://203.0.113.50/oauth/callback';\n`,
      errors: [{ messageId: 'rawIp', line: 1, data: { host: '203.0.113.50' } }],
    },
    {
      name: '.env redirect over http',
      file: '.env.production',
      code: `ATLASSIAN_REDIRECT_URI=http://app.acme.com/callback\n`,
      errors: [{ messageId: 'insecure', line: 1 }],
      output: `ATLASSIAN_REDIRECT_URI=https://app.acme.com/callback\n`,
    },
    {
      name: 'JSON config',
      file: 'config/default.json',
      code: `{ "oauth": { "callbackUrl": "http://sync.acme.com/cb" } }\n`,
      errors: [{ messageId: 'insecure', line: 1 }],
      output: `{ "oauth": { "callbackUrl": "https://sync.acme.com/cb" } }\n`,
    },
    {
      name: 'YAML config with a raw IP over http',
      file: 'deploy/app.yaml',
      code: `oauth:\n  redirect_uri: http://198.51.100.7:8080/callback\n`,
      errors: [{ messageId: 'rawIp', line: 2 }],
    },
    // Atlassian Connect apps.
    {
      name: 'Connect descriptor baseUrl over http',
      file: 'atlassian-connect.json',
      code: descriptor('http://timesheets.acme.com'),
      errors: [{ messageId: 'connectInsecure', line: 3, data: { name: 'baseUrl', uri: 'http://timesheets.acme.com', purpose: 'install callback and shared secret' } }],
      output: descriptor('https://timesheets.acme.com'),
    },
    {
      name: 'Connect links.self over http on another host',
      file: 'atlassian-connect.json',
      code: descriptor('https://timesheets.acme.com', `\n  "links": { "self": "http://descriptors.acme.com/timesheets.json" },`),
      errors: [{ messageId: 'connectInsecure', line: 4, data: { name: 'links.self', purpose: 'serves the descriptor' } }],
      output: descriptor('https://timesheets.acme.com', `\n  "links": { "self": "https://descriptors.acme.com/timesheets.json" },`),
    },
    {
      name: 'Connect webhook over http',
      file: 'atlassian-connect.json',
      code: `{\n  "baseUrl": "{{localBaseUrl}}",\n  "modules": {\n    "webhooks": [{ "event": "jira:issue_created", "url": "http://hooks.acme.com/created" }]\n  }\n}\n`,
      errors: [{ messageId: 'connectInsecure', line: 4, data: { name: 'modules.webhooks[0].url', purpose: 'webhook events' } }],
      output: `{\n  "baseUrl": "{{localBaseUrl}}",\n  "modules": {\n    "webhooks": [{ "event": "jira:issue_created", "url": "https://hooks.acme.com/created" }]\n  }\n}\n`,
    },
    {
      name: 'Connect descriptor on a raw public IP',
      file: 'atlassian-connect.json',
      code: descriptor('http://203.0.113.10:8080'),
      errors: [{ messageId: 'connectRawIp', line: 3, data: { host: '203.0.113.10' } }],
    },
    {
      name: 'ACE config: production localBaseUrl over http',
      file: 'config.json',
      code: `{\n  "development": { "port": 3000, "localBaseUrl": "http://localhost:3000" },\n  // public URL\n  "production": { "port": "$PORT", "localBaseUrl": "http://timesheets.acme.com" }\n}\n`,
      errors: [{ messageId: 'connectInsecure', line: 4, data: { name: 'production.localBaseUrl', purpose: "descriptor's baseUrl" } }],
      output: `{\n  "development": { "port": 3000, "localBaseUrl": "http://localhost:3000" },\n  // public URL\n  "production": { "port": "$PORT", "localBaseUrl": "https://timesheets.acme.com" }\n}\n`,
    },
    // Deployment guides.
    {
      name: 'README env block with an http callback',
      file: 'README.md',
      code: `## Deploy\n\n\`\`\`\nJIRA_REDIRECT_URI=http://jira.acme.com/api/jira/callback\n\`\`\`\n`,
      errors: [{ messageId: 'insecure', line: 4, data: { name: 'JIRA_REDIRECT_URI' } }],
      output: `## Deploy\n\n\`\`\`\nJIRA_REDIRECT_URI=https://jira.acme.com/api/jira/callback\n\`\`\`\n`,
    },
  ],
});

describe('redirect-uri-insecure: what a user sees', () => {
  const run = (file: string, code: string) => analyseFile(file, code, { rules: [rule] }).findings;

  it('never prints a credential held in the URI', () => {
    const password = randomAlnum(20);
    const token = randomAlnum(32);
    const code = `{ "oauth": { "callbackUrl": "http://svc:${password}@sync.acme.com/cb?token=${token}&tenant=7" } }\n`;
    const findings = run('config/default.json', code);
    assert.equal(findings.length, 1);
    const message = `${findings[0]?.message ?? ''} ${findings[0]?.detail ?? ''}`;
    assert.match(message, /http:\/\/svc:.+@sync\.acme\.com\/cb\?token=.+&tenant=7/);
    for (const w of [...windows(password), ...windows(token)]) assert.ok(!message.includes(w), `message shows part of a secret: ${message}`);
  });

  it('reports a guide as a warning and a config file as an error', () => {
    assert.deepEqual(run('docs/deploy.md', `- \`REDIRECT_URI\`: \`http://jira.acme.com/callback\`\n`).map((f) => f.severity), ['warning']);
    assert.deepEqual(run('.env', `REDIRECT_URI=http://jira.acme.com/callback\n`).map((f) => f.severity), ['error']);
  });

  it('says what a Connect URL receives', () => {
    const [f] = run('atlassian-connect.json', descriptor('http://timesheets.acme.com'));
    assert.equal(f?.message, 'Connect baseUrl http://timesheets.acme.com uses plain http://.');
    assert.match(f.detail, /^The URL is http:\/\/timesheets\.acme\.com\. It receives each site's install callback and shared secret, unencrypted, to a non-loopback host\. Policy "Redirect URI security"/);
  });
});
