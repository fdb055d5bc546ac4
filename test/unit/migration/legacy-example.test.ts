import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { audit } from '../../../server/src/core/workspace';
import { migrateAll } from '../../support/migrate';
import { typecheck, VIRTUAL_ROOT } from '../../support/typecheck';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'legacy-jira-sync');

function readTree(root: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of readTree(root, p)) out.set(k, v);
    else out.set(p, fs.readFileSync(path.join(root, p), 'utf8'));
  }
  return out;
}

describe('migrating examples/legacy-jira-sync (issue 6 "done when")', () => {
  const files = readTree(EXAMPLE);
  const run = migrateAll(files);
  let dir = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-legacy-'));
    for (const [p, text] of run.files) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('offers a fix for every API-token call and applies them (one per credential group)', () => {
    assert.deepEqual(run.applied.map((a) => a.replace(/:.*$/, '')).sort(), ['src/confluence.js', 'src/jiraClient.ts', 'src/jiraJs.ts']);
    assert.ok(run.files.has('src/atlassianOAuth.ts'), 'the helper is created once, in src/');
  });

  it('re-audited from a temp copy: no no-api-token-basic-auth / no-api-token-client finding is left, nothing new', () => {
    const after = audit(dir);
    assert.deepEqual(after.failures, []);
    const left = after.findings.filter((f) => f.ruleId === 'no-api-token-basic-auth' || f.ruleId === 'no-api-token-client');
    assert.deepEqual(left.map((f) => `${f.ruleId} ${f.file}:${f.start.line}`), []);
    // What the action cannot fix (it rewrites calls): the settings form that asks for a token, the README
    // link, the credential file and localStorage writes, and the page asking for a customer's own OAuth
    // app. Those are listed, unchanged.
    assert.deepEqual(after.findings.map((f) => `${f.ruleId} ${f.file}`).sort(), [
      'no-api-token-collection README.md',
      'no-api-token-collection web/settings.tsx',
      'no-api-token-collection web/settings.tsx',
      'no-api-token-storage src/store.ts',
      'no-api-token-storage web/settings.tsx',
      'no-customer-oauth-app web/oauth-settings.tsx',
    ]);
  });

  it('the migrated TypeScript sources and the helper type-check', function () {
    this.timeout(60_000);
    const ts = new Map<string, string>();
    for (const [p, text] of run.files) if (/^src\/.*\.ts$/.test(p)) ts.set(path.join(VIRTUAL_ROOT, 'legacy', p), text);
    assert.ok(ts.size >= 6);
    assert.deepEqual(typecheck(ts), []);
  });

  it('no API token is read by the rewritten request code any more', () => {
    const jiraClient = run.files.get('src/jiraClient.ts') ?? '';
    assert.ok(!/JIRA_API_TOKEN|JIRA_EMAIL|Basic/.test(jiraClient), jiraClient);
    assert.ok(!/CONFLUENCE_API_TOKEN|CONFLUENCE_USER/.test(run.files.get('src/confluence.js') ?? ''));
    assert.ok(!/jiraApiToken|basic:/.test(run.files.get('src/jiraJs.ts') ?? ''));
  });
});
