import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { hasAtlassianDependency, isAceConfig, isForgeManifest, shouldShowStatus } from '../../../client/src/signals';

/** Issue 16 item 15: the status item shows only in workspaces with something for the tool. */
describe('workspace signals for the status item', () => {
  it('recognises Forge manifests, not other tools\' manifest.yml', () => {
    const cases: [string, string, boolean][] = [
      ['forge create', 'modules:\n  jira:issuePanel:\n    - key: panel\napp:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\n', true],
      ['app first, runtime', 'app:\n  runtime:\n    name: nodejs22.x\n  id: ari:cloud:ecosystem::app/1234\npermissions:\n  scopes: []\n', true],
      ['app and modules, no id yet', 'app:\n  runtime:\n    name: nodejs22.x\nmodules:\n  trigger: []\n', true],
      ['Cloud Foundry', 'applications:\n- name: my-app\n  memory: 512M\n  instances: 2\n', false],
      ['a build manifest', 'version: 3\nmodules:\n  - core\n  - web\n', false],
      ['app nested, not top level', 'services:\n  app:\n    image: node\nmodules: []\n', false],
      ['empty', '', false],
    ];
    for (const [name, text, want] of cases) assert.equal(isForgeManifest(text), want, name);
    const examples = path.resolve(__dirname, '..', '..', '..', 'examples');
    const manifests = fs.readdirSync(examples).map((d) => path.join(examples, d, 'manifest.yml')).filter((f) => fs.existsSync(f));
    assert.ok(manifests.length >= 3, 'the Forge examples');
    for (const f of manifests) assert.ok(isForgeManifest(fs.readFileSync(f, 'utf8')), f);
    const legacy = fs.readFileSync(path.join(examples, 'legacy-jira-sync', 'package.json'), 'utf8');
    assert.ok(hasAtlassianDependency(legacy), 'the API-token example depends on jira.js');
  });

  it('recognises ACE config.json (with the template\'s comments), not other config.json files', () => {
    const ace = `{
  // Development: local store and tunnel
  "development": {
    "port": 3000,
    "store": { "adapter": "sequelize", "dialect": "sqlite3" }, // "url": "http://x/y"
  },
  /* production block */
  "production": { "port": "$PORT", "localBaseUrl": "https://app.example.com", },
  "product": "jira"
}`;
    const cases: [string, string, boolean][] = [
      ['ACE template', ace, true],
      ['ACE minimal', '{"development":{"localBaseUrl":"https://x.example.com"}}', true],
      ['app settings', '{"development":{"port":3000,"logLevel":"debug"},"production":{"port":80}}', false],
      ['a tsconfig-like file', '{"compilerOptions":{"strict":true}}', false],
      ['not JSON', 'development = true', false],
      ['an array', '[{"development":{"store":{}}}]', false],
    ];
    for (const [name, text, want] of cases) assert.equal(isAceConfig(text), want, name);
  });

  it('recognises Atlassian packages in package.json, not look-alikes', () => {
    const pkg = (deps: Record<string, string>, section = 'dependencies'): string => JSON.stringify({ name: 'x', [section]: deps });
    const cases: [string, string, boolean][] = [
      ['jira.js', pkg({ axios: '^1', 'jira.js': '^4' }), true],
      ['Forge', pkg({ '@forge/api': '^5' }), true],
      ['Forge dev dependency', pkg({ '@forge/cli': '^10' }, 'devDependencies'), true],
      ['ACE', pkg({ 'atlassian-connect-express': '^11', express: '^4' }), true],
      ['confluence.js', pkg({ 'confluence.js': '^1' }), true],
      ['plain TypeScript project', pkg({ typescript: '^5', express: '^4', react: '^18' }), false],
      ['look-alike names', pkg({ 'my-jira.js-helper': '1', 'forge-std': '1', 'jira': '1' }), false],
      ['no dependencies', '{"name":"x"}', false],
      ['broken JSON', '{"dependencies": {"jira.js"', false],
    ];
    for (const [name, text, want] of cases) assert.equal(hasAtlassianDependency(text), want, name);
  });

  it('shows the item in an Atlassian app, or with findings, or after an audit; hides it otherwise', () => {
    const cases: [string, Parameters<typeof shouldShowStatus>[0], boolean][] = [
      ['plain TS project, nothing found, not audited', { app: undefined, findings: 0, audited: false }, false],
      ['Forge app, clean', { app: 'Forge manifest manifest.yml', findings: 0, audited: false }, true],
      ['no app signal, but a finding in an open file', { app: undefined, findings: 1, audited: false }, true],
      ['no app signal, the user audited', { app: undefined, findings: 0, audited: true }, true],
    ];
    for (const [name, signals, want] of cases) assert.equal(shouldShowStatus(signals), want, name);
  });
});
