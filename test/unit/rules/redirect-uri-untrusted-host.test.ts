import { strict as assert } from 'assert';
import rule from '../../../server/src/core/rules/code/redirect-uri-untrusted-host';
import { analyseFile } from '../../../server/src/core/engine';
import { runRuleTests } from '../../support/rule-tester';

const owned = { config: { rules: {}, ownedDomains: ['acme.com'], exclude: [] } };

runRuleTests(rule, {
  valid: [
    { name: 'own domain', file: 'src/oauth.ts', code: `const redirectUri = 'https://app.acme.com/callback';\n` },
    { name: 'own domain with ownedDomains set', file: 'src/oauth2.ts', ...owned, code: `const redirectUri = 'https://jira.app.acme.com/callback';\n` },
    { name: 'loopback and native scheme', file: 'src/native.ts', ...owned, code: `const a = { redirect_uri: 'http://localhost:5173/cb' };\nconst callbackURL = 'com.acme.jira:/oauth2redirect';\n` },
    { name: 'a github.io docs link that is not a redirect', file: 'src/help.ts', code: `const docs = 'https://acme.github.io/jira-sync/';\n` },
    { name: 'VERCEL_URL used for something else', file: 'src/meta.ts', code: `const siteUrl = \`https://\${process.env.VERCEL_URL}\`; // og:url\n` },
    { name: 'redirect to the production domain from env', file: 'src/prod.ts', code: `const redirectUri = \`\${process.env.APP_BASE_URL}/api/auth/callback\`;\n` },
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
