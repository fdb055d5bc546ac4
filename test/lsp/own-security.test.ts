import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { AuditSummary, ExportReportResult, FindingsResult } from '../../server/src/protocol';
import { makeRuntimeHook, NETWORK_MODULES, type HookRecord } from '../support/runtime-hook';
import { fakeAdminKey, fakeApiToken, fakeAppPassword, fakeClientSecret, windows } from '../support/secrets';
import { buildCliOnce, CLI, REPO_ROOT } from '../support/workspace';
import { buildServer, makeWorkspace, TestClient } from './harness';

/**
 * The tool's own security (issue 7, SPEC §7 "no network access at run time; no secret in any output").
 * The real bundles run with a preload hook that records every module request, every file compiled
 * as a module, every child process, `fetch` and socket connect. The workspace is full of traps: files
 * that, if executed or required, would write a marker next to themselves.
 */

const TRAP = (name: string): string =>
  `require('fs').writeFileSync(require('path').join(__dirname, 'EXECUTED-${name}'), 'x');\nmodule.exports = {};\n`;

const secrets = { apiToken: fakeApiToken(), adminKey: fakeAdminKey(), appPassword: fakeAppPassword(), clientSecret: fakeClientSecret() };

function trapWorkspace(): string {
  const { apiToken, adminKey, appPassword, clientSecret } = secrets;
  return makeWorkspace({
    'index.js': TRAP('index'),
    'src/app.ts': `${TRAP('app')}const jiraApiToken = '${apiToken}';\nfetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa('me:' + jiraApiToken) } });\n`,
    'src/admin.mjs': `import fs from 'fs';\nfs.writeFileSync(new URL('./EXECUTED-admin', import.meta.url), 'x');\nexport const k = '${adminKey}';\n`,
    '.marketplace-guard.js': TRAP('config-js'),
    'marketplace-guard.config.js': TRAP('config-js2'),
    'eslint.config.js': TRAP('eslint'),
    '.secretlintrc.js': TRAP('secretlint'),
    'node_modules/evil/index.js': TRAP('dep'),
    'package.json': JSON.stringify({ name: 'trap', main: 'index.js', scripts: { postinstall: 'node index.js', test: 'node index.js' } }),
    'config/ci.yml': `bitbucket:\n  app_password: ${appPassword}\n`,
    '.env': `JIRA_API_TOKEN=${apiToken}\nCLIENT_SECRET=${clientSecret}\n`,
    'manifest.yml': 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - read:jira-work\n',
  });
}

function markers(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) visit(path.join(dir, e.name));
      else if (e.name.startsWith('EXECUTED-')) out.push(path.relative(root, path.join(dir, e.name)));
    }
  };
  visit(root);
  return out;
}

function assertClean(records: readonly HookRecord[], root: string, what: string): void {
  assert.ok(records.some((r) => r.kind === 'compile'), `${what}: the hook recorded nothing (is it loaded?)`);
  const network = records.filter((r) => r.kind === 'request' && NETWORK_MODULES.has(r.value)).map((r) => r.value);
  assert.deepEqual(network, [], `${what} loaded a network module`);
  const compiled = records.filter((r) => r.kind === 'compile').map((r) => r.value);
  const foreign = compiled.filter((f) => !f.startsWith(path.join(REPO_ROOT, 'dist') + path.sep) && !f.endsWith(`${path.sep}hook.js`));
  assert.deepEqual(foreign, [], `${what} compiled a module that is not its bundle`);
  assert.deepEqual(compiled.filter((f) => f.startsWith(root)), [], `${what} required a workspace file`);
  const requested = records.filter((r) => r.kind === 'request' && (r.value.startsWith(root) || r.value.startsWith('.')));
  assert.deepEqual(requested, [], `${what} asked for a workspace module`);
  assert.deepEqual(records.filter((r) => r.kind === 'spawn' || r.kind === 'fetch' || r.kind === 'connect'), [], `${what} spawned or connected`);
  assert.deepEqual(markers(root), [], `${what} executed a workspace file`);
}

function assertNoSecret(what: string, output: string): void {
  for (const [name, secret] of Object.entries(secrets)) {
    const hit = windows(secret).find((w) => output.includes(w));
    assert.equal(hit === undefined, true, `${what} holds part of ${name}`);
  }
}

describe("the tool's own security", function () {
  this.timeout(120_000);
  let root = '';
  before(() => {
    buildCliOnce();
    root = trapWorkspace();
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the trap works: running a trap file leaves a marker (the check can fail)', () => {
    const probe = makeWorkspace({ 'x.js': TRAP('probe') });
    try {
      spawnSync(process.execPath, [path.join(probe, 'x.js')]);
      assert.deepEqual(markers(probe), ['EXECUTED-probe']);
    } finally {
      fs.rmSync(probe, { recursive: true, force: true });
    }
  });

  it('CLI: audit in every format and a .js --config load no network module, run no workspace file, print no secret', () => {
    const hook = makeRuntimeHook();
    try {
      // Two threads: the worker bundle (dist/audit-worker.js) is checked as well.
      const env = { ...process.env, MG_HOOK_OUT: hook.out, NO_COLOR: '1', MARKETPLACE_GUARD_THREADS: '2' };
      for (const format of ['text', 'json', 'sarif', 'markdown']) {
        const r = spawnSync(process.execPath, ['--require', hook.hook, CLI, 'audit', root, '--format', format, '--verbose'], { cwd: root, env, encoding: 'utf8' });
        assert.equal(r.status, 1, r.stderr);
        assertNoSecret(`audit --format ${format}`, r.stdout + r.stderr);
      }
      // A config that is JavaScript is read as JSON text, never required.
      const js = spawnSync(process.execPath, ['--require', hook.hook, CLI, 'audit', root, '--config', path.join(root, '.marketplace-guard.js')], { cwd: root, env, encoding: 'utf8' });
      assert.equal(js.status, 2);
      assert.match(js.stderr, /is not valid JSON/);
      const records = hook.read();
      assert.ok(records.some((r) => r.kind === 'compile' && r.value.endsWith('audit-worker.js')), 'the worker thread did not run');
      assertClean(records, root, 'dist/cli.js');
    } finally {
      hook.dispose();
    }
  });

  it('language server: open, edit, workspace audit and every export load no network module, run no workspace file, send no secret', async () => {
    buildServer(); // before the hook goes into the environment: the build is not under test
    const hook = makeRuntimeHook();
    const saved = process.env['NODE_OPTIONS'];
    const savedOut = process.env['MG_HOOK_OUT'];
    // The harness spawns the server with this process's environment.
    process.env['NODE_OPTIONS'] = `${saved ? `${saved} ` : ''}--require ${hook.hook}`;
    process.env['MG_HOOK_OUT'] = hook.out;
    let client: TestClient | undefined;
    try {
      client = await TestClient.start(root);
      process.env['NODE_OPTIONS'] = saved;
      if (saved === undefined) delete process.env['NODE_OPTIONS'];
      const app = await client.open('src/app.ts', fs.readFileSync(path.join(root, 'src/app.ts'), 'utf8'));
      assert.ok(app.diagnostics.length > 0);
      await client.changeAndWait(app.uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edited\n' }]);
      const summary: AuditSummary = await client.connection.sendRequest('marketplaceGuard/auditWorkspace', {});
      assert.ok(summary.errors > 0, JSON.stringify(summary));
      const findings: FindingsResult = await client.connection.sendRequest('marketplaceGuard/findings', {});
      let outputs = JSON.stringify(findings);
      for (const format of ['json', 'sarif', 'markdown']) {
        const report: ExportReportResult = await client.connection.sendRequest('marketplaceGuard/exportReport', { format });
        outputs += report.text;
      }
      outputs += JSON.stringify(client.published) + client.logs.join('\n') + JSON.stringify(client.notifications) + client.stderr;
      assertNoSecret('the language server', outputs);
      await client.stop();
      client = undefined;
      assertClean(hook.read(), root, 'dist/server.js');
    } finally {
      await client?.stop();
      if (saved === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = saved;
      if (savedOut === undefined) delete process.env['MG_HOOK_OUT'];
      else process.env['MG_HOOK_OUT'] = savedOut;
      hook.dispose();
    }
  });
});
