import { strict as assert } from 'assert';
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALL_RULES } from '../../server/src/core/rules';
import { TestClient } from '../lsp/harness';
import { readReport } from '../support/ci-reports';
import { fakeApiToken } from '../support/secrets';
import { REPO_ROOT } from '../support/workspace';

/**
 * Issue 17: the npm package as a CI or another editor gets it. `npm pack` (its `prepack` builds the
 * bundles), the tarball installed offline into a temporary prefix, then its bins run from there:
 * `marketplace-guard audit` and `rules`, and `marketplace-guard-server --stdio` over LSP. Takes about a
 * minute on a shared machine (the production build and the install).
 */
describe('npm package (npm pack → npm install → bins)', function () {
  this.timeout(600_000);
  let tmp = '';
  let tarball = '';
  let prefix = '';
  let installed = '';
  const npm = (args: string[], cwd: string): SpawnSyncReturns<string> => {
    // No registry: the package must install from its tarball alone.
    const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' } });
    assert.equal(r.status, 0, `npm ${args.join(' ')}:\n${r.stderr}`);
    return r;
  };
  const bin = (name: string): string => path.join(prefix, 'node_modules', '.bin', name);
  const run = (name: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
    spawnSync(bin(name), args, {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`, ...env },
    });

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-npm-'));
    npm(['pack', '--pack-destination', tmp], REPO_ROOT);
    const packed = fs.readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
    assert.equal(packed.length, 1, packed.join(', '));
    tarball = path.join(tmp, packed[0] ?? '');
    prefix = path.join(tmp, 'prefix');
    fs.mkdirSync(prefix);
    npm(['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], tmp);
    installed = path.join(prefix, 'node_modules', 'marketplace-guard');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('holds the bundles, the rule pages, the README and no sources, tests or source maps', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) walk(abs);
        else files.push(path.relative(installed, abs).split(path.sep).join('/'));
      }
    };
    walk(installed);
    const expected = ['README.md', 'dist/audit-worker.js', 'dist/cli.js', 'dist/server.js', 'package.json', ...ALL_RULES.map((r) => `docs/rules/${r.id}.md`)];
    const optional = /^(LICENSE|CHANGELOG\.md)$/;
    assert.deepEqual(files.filter((f) => !optional.test(f)).sort(), expected.sort());
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(pkg['dependencies'], undefined, 'everything is bundled: no runtime dependency');
    // .npmignore chooses the npm files: vsce refuses a package.json "files" next to .vscodeignore.
    assert.equal(pkg['files'], undefined);
    assert.deepEqual(pkg['bin'], { 'marketplace-guard': 'dist/cli.js', 'marketplace-guard-server': 'dist/server.js' });
  });

  it('marketplace-guard audit on the example app: exit 1, 11 errors', () => {
    const app = path.join(tmp, 'legacy-jira-sync');
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'legacy-jira-sync'), app, { recursive: true });
    const r = run('marketplace-guard', ['audit', app]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /✖ 11 findings \(11 errors, 0 warnings, 0 info\) in 7 files/);
    // Worker threads (dist/audit-worker.js) and a CI format, from the installed package.
    const out = path.join(tmp, 'report.xml');
    const threaded = run('marketplace-guard', ['audit', app, '--format', 'junit', '--output', out], { MARKETPLACE_GUARD_THREADS: '2' });
    assert.equal(threaded.status, 1, threaded.stderr);
    assert.deepEqual(readReport('junit', out), { findings: 11, errors: 11 });
  });

  it('marketplace-guard rules lists every rule', () => {
    const r = run('marketplace-guard', ['rules']);
    assert.equal(r.status, 0, r.stderr);
    const ids = r.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(ids, ALL_RULES.map((r) => r.id));
  });

  it('marketplace-guard-server --stdio answers over LSP, and its rule pages are installed beside it', async () => {
    const folder = fs.mkdtempSync(path.join(tmp, 'ws-'));
    const token = fakeApiToken();
    const text = `export const jiraApiToken = '${token}';\n`;
    fs.mkdirSync(path.join(folder, 'src'));
    fs.writeFileSync(path.join(folder, 'src', 'jira.ts'), text);
    const client = await TestClient.start(folder, undefined, undefined, { command: bin('marketplace-guard-server'), args: [] });
    try {
      const { diagnostics } = await client.open('src/jira.ts', text);
      assert.deepEqual(diagnostics.map((d) => d.code), ['no-api-token-literal']);
      assert.ok(fs.existsSync(path.join(installed, 'docs', 'rules', 'no-api-token-literal.md')));
    } finally {
      await client.stop();
    }
  });
});
