import rule from '../../../server/src/core/rules/code/redirect-uri-insecure';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'https redirect URI', file: 'src/oauth.ts', code: `const redirectUri = 'https://app.acme.com/oauth/callback';\n` },
    { name: 'loopback http for local development', file: 'src/dev.ts', code: `const REDIRECT_URI = 'http://localhost:3000/callback';\nconst other = { redirect_uri: 'http://127.0.0.1:8080/cb' };\n` },
    { name: 'native app custom scheme', file: 'desktop/auth.js', code: `const callbackURL = 'acme-jira://oauth/callback';\n` },
    { name: 'private-network IP over https is not a raw public IP', file: 'src/intranet.ts', code: `const redirectUri = 'https://10.0.0.12/callback';\n` },
    { name: 'http URL that is not a redirect', file: 'src/links.ts', code: `const homepage = 'http://example.com/';\nconst callbackPath = '/oauth/callback';\n` },
    { name: 'https query parameter', file: 'src/authorize.ts', code: `const url = 'https://auth.atlassian.com/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fapp.acme.com%2Fcb&response_type=code';\n` },
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
  ],
});
