import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatReport } from '../../server/src/core/report';
import { REPORT_FORMATS } from '../../server/src/core/report/types';
import { audit } from '../../server/src/core/workspace';
import { fakeAdminKey, fakeApiToken, fakeAppPassword, fakeClientSecret, fakeLegacyToken, randomAlnum, windows } from '../support/secrets';
import { buildCliOnce, makeWorkspace, removeWorkspace, runCli } from '../support/workspace';

/** Every 8-character window of any secret found in `output`, with the secret's name. */
function leaks(output: string, secrets: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const w of windows(secret)) if (output.includes(w)) found.push(`${name}: ${w}`);
  }
  return found;
}

function assertNoLeak(what: string, output: string, secrets: Readonly<Record<string, string>>): void {
  const found = leaks(output, secrets);
  assert.deepEqual(found.slice(0, 5), [], `${what} holds part of a secret (${found.length} windows)`);
}

describe('no secret in any output', function () {
  this.timeout(120_000);
  const secrets = {
    apiToken: fakeApiToken(),
    adminKey: fakeAdminKey(),
    appPassword: fakeAppPassword(),
    legacyToken: fakeLegacyToken(),
    clientSecret: fakeClientSecret(),
    angularSecret: fakeClientSecret(),
    genericSecret: randomAlnum(40),
    signingKey: randomAlnum(32),
  };
  const { apiToken, adminKey, appPassword, legacyToken, clientSecret, angularSecret, genericSecret, signingKey } = secrets;
  let root = '';

  before(() => {
    buildCliOnce();
    root = makeWorkspace(
      {
        // Code shapes real integrations use: Basic auth from a constant, a helper, a Bearer admin key.
        'src/jira.ts': [
          `const JIRA_API_TOKEN = '${apiToken}';`,
          "const JIRA_EMAIL = 'bot@acme.com';",
          'function authHeader(): string {',
          '  return `Basic ${Buffer.from(`${JIRA_EMAIL}:${JIRA_API_TOKEN}`).toString("base64")}`;',
          '}',
          'export async function myself(): Promise<unknown> {',
          "  const res = await fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: authHeader() } });",
          '  return res.json();',
          '}',
          '',
        ].join('\n'),
        'src/admin.js': [
          `const orgAdminKey = "${adminKey}";`,
          "fetch('https://api.atlassian.com/admin/v1/orgs', { headers: { Authorization: 'Bearer ' + orgAdminKey } });",
          `const jiraLegacyApiToken = '${legacyToken}';`,
          `const oauth = { client_id: 'abc', client_secret: '${clientSecret}' };`,
          '',
        ].join('\n'),
        // A file that does not parse still must not echo its text.
        'src/broken.ts': `const jiraToken = '${apiToken}' +;\nfunction (\n`,
        '.env': `JIRA_BASE_URL=https://acme.atlassian.net\nJIRA_API_TOKEN=${apiToken}\nJIRA_OLD_API_TOKEN=${legacyToken}\nBITBUCKET_APP_PASSWORD=${appPassword}\n`,
        'config/default.json': JSON.stringify({ jira: { email: 'bot@acme.com', apiToken, adminKey } }, null, 2),
        'config/ci.yml': `bitbucket:\n  user: builder\n  app_password: ${appPassword}\njira:\n  api_token: ${apiToken}\n`,
        'docs/setup.md': `# Setup\n\nJira API token: ${legacyToken}\n\n\`\`\`\nexport JIRA_API_TOKEN=${apiToken}\n\`\`\`\n`,
        // Client-secret shapes (rules 7–10): innocent names, configs, logs, front ends, signing keys.
        'web/src/environments/environment.prod.ts': `export const environment = { production: true, dummyClientSecret: '${angularSecret}' };\n`,
        'web/src/debug.ts': `console.log('If the exchange fails, check the secret ${clientSecret} in the console');\n`,
        'electron/main.js': `const { app } = require('electron');\nconst oauth = { clientSecret: '${genericSecret}' };\n`,
        'server/auth.js': `const jwt = require('jsonwebtoken');\nexports.sign = (u) => jwt.sign(u, '${signingKey}');\nconst body = 'grant_type=client_credentials&client_secret=${genericSecret}';\n`,
        'config/oauth.yml': `oauth:\n  client_secret: ${genericSecret}\n  redirect_uri: http://acme-labs.github.io/cb\n`,
        'config/oauth.json': JSON.stringify({ oauth: { clientSecret: angularSecret } }, null, 2),
        'svc/.env': `ATLASSIAN_CLIENT_SECRET=${clientSecret}\nSIGNING_KEY=${signingKey}\n`,
        'manifest.yml': `app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - read:jira-work\n`,
      },
      'secret-app',
    );
  });
  after(() => removeWorkspace(root));

  it('the leak check detects a secret fragment (it can fail)', () => {
    assert.deepEqual(leaks('nothing here', secrets), []);
    assert.equal(leaks(`token prefix ${apiToken.slice(40, 48)} in a message`, secrets).length, 1);
    assert.ok(leaks(`"${legacyToken}"`, secrets).length > 10);
    assert.throws(() => assertNoLeak('a deliberately leaky string', `x${appPassword.slice(5, 14)}x`, secrets), /holds part of a secret/);
  });

  it('the fixture really is found (so the outputs below carry redacted findings)', () => {
    const result = audit(root);
    const literalFiles = new Set(result.findings.filter((f) => f.ruleId === 'no-api-token-literal').map((f) => f.file));
    for (const file of ['src/jira.ts', 'src/admin.js', '.env', 'config/default.json', 'config/ci.yml', 'docs/setup.md']) {
      assert.ok(literalFiles.has(file), `no token finding in ${file}`);
    }
    const secretFindings = new Set(result.findings.filter((f) => f.category === 'client-secrets').map((f) => `${f.ruleId} ${f.file}`));
    for (const expected of [
      'no-hardcoded-client-secret web/src/environments/environment.prod.ts', 'no-client-secret-in-frontend web/src/environments/environment.prod.ts',
      'no-hardcoded-client-secret web/src/debug.ts', 'no-secret-logging web/src/debug.ts', 'no-client-secret-in-frontend electron/main.js',
      'no-hardcoded-signing-key server/auth.js', 'no-hardcoded-client-secret server/auth.js', 'no-hardcoded-client-secret config/oauth.yml',
      'no-hardcoded-client-secret config/oauth.json', 'no-hardcoded-client-secret svc/.env', 'no-hardcoded-client-secret src/admin.js',
    ]) assert.ok(secretFindings.has(expected), `missing ${expected}: ${[...secretFindings].join(', ')}`);
  });

  for (const format of REPORT_FORMATS) {
    it(`CLI audit --format ${format} (stdout and stderr, --verbose)`, () => {
      const r = runCli(['audit', root, '--format', format, '--verbose']);
      assert.equal(r.status, 1, r.stderr);
      assert.ok(r.stdout.length > 0);
      assertNoLeak(`audit --format ${format} stdout`, r.stdout, secrets);
      assertNoLeak(`audit --format ${format} stderr`, r.stderr, secrets);
    });

    it(`formatReport('${format}') in process`, () => {
      const out = formatReport(format, { ...audit(root), version: '0.0.0' }, { color: true, verbose: true });
      assertNoLeak(`formatReport ${format}`, out, secrets);
    });
  }

  it('CLI audit --output FILE', () => {
    const out = path.join(path.dirname(root), 'report.sarif');
    const r = runCli(['audit', root, '--format', 'sarif', '--output', out]);
    assert.equal(r.status, 1);
    assertNoLeak('the written report', fs.readFileSync(out, 'utf8'), secrets);
    assertNoLeak('stderr', r.stdout + r.stderr, secrets);
  });

  it('CLI rules in every format', () => {
    for (const format of ['text', 'json', 'markdown']) {
      const r = runCli(['rules', '--format', format]);
      assert.equal(r.status, 0);
      assertNoLeak(`rules --format ${format}`, r.stdout + r.stderr, secrets);
    }
  });

  it('a broken config file holding a secret: the error line quotes none of it', () => {
    const broken = makeWorkspace({ 'a.ts': '', '.marketplace-guard.json': `{ "rules": ${apiToken} }` });
    try {
      const r = runCli(['audit', broken]);
      assert.equal(r.status, 2);
      assertNoLeak('config error', r.stdout + r.stderr, secrets);
    } finally {
      removeWorkspace(broken);
    }
  });
});
