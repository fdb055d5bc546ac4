import { strict as assert } from 'assert';
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { AuditSummary } from '../../../server/src/protocol';
import { TestClient, makeWorkspace as makeLspWorkspace } from '../../lsp/harness';
import { fakeApiToken } from '../../support/secrets';
import { buildCliOnce, CLI, makeWorkspace, REPO_ROOT, removeWorkspace } from '../../support/workspace';

/**
 * Issue 14, reads that never end and links out of the root. A repository can hold FIFOs, links to
 * `/dev/zero` or `/proc/self/pagemap` (stat says 0 bytes), links to `/etc` or `/`: the audit reads
 * only regular files inside the root and says, for each other entry, why it passed it over. Every
 * input is generated here (nothing of the kind is committed); every run is a child process with a
 * timeout and a heap cap, so a read that blocks or never ends fails the test instead of hanging CI.
 */

const CAP = 60_000;

/** FIFOs need `mkfifo` (Linux, macOS); elsewhere the cases that use one are skipped, saying why. */
function fifoSupport(): boolean {
  if (process.platform === 'win32') return false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-fifo-'));
  try {
    return spawnSync('mkfifo', [path.join(dir, 'probe')]).status === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function mkfifo(p: string): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  const r = spawnSync('mkfifo', [p], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mkfifo ${p}: ${r.stderr}`);
}

function link(target: string, at: string): void {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at);
}

/** The CLI bundle, bounded: a hang is killed at the cap and reported by `bounded()`. */
function cli(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--max-old-space-size=512', CLI, ...args], {
    encoding: 'utf8',
    timeout: CAP,
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

function bounded(r: SpawnSyncReturns<string>): void {
  assert.equal(r.signal, null, `killed by ${String(r.signal)} (a read that never ended?)\n${r.stderr}`);
}

/** `skipped <path>: <reason>` lines of `--verbose`. */
function skippedOf(stderr: string): Map<string, string> {
  return new Map([...stderr.matchAll(/^skipped (.+?): (.+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''] as const));
}

interface JsonFinding {
  ruleId: string;
  file: string;
  range: { start: { line: number } };
}

function findingsOf(text: string): JsonFinding[] {
  const json: unknown = JSON.parse(text);
  if (typeof json !== 'object' || json === null || !('findings' in json) || !Array.isArray(json.findings)) throw new Error('not a JSON report');
  return json.findings as JsonFinding[];
}

const BASIC_CALL = "export const me = () => fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { ...h(), Authorization: 'Basic ' + btoa('bot@acme.com:' + process.env.JIRA_API_TOKEN) } });\n";
const MANIFEST = 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - read:jira-work\n';

describe('hostile inputs: reads that never end, links out of the root (CLI bundle, capped)', function () {
  this.timeout(4 * CAP);
  const fifos = fifoSupport();
  const token = fakeApiToken();
  const pagemap = fs.existsSync('/proc/self/pagemap');
  let root = '';
  let run: SpawnSyncReturns<string> | undefined;
  let findings: JsonFinding[] = [];
  let skipped = new Map<string, string>();
  let socket: net.Server | undefined;

  before(async function () {
    if (process.platform === 'win32') this.skip(); // no FIFOs, devices or /proc to link to
    buildCliOnce();
    root = makeWorkspace({
      'manifest.yml': MANIFEST,
      '.gitignore': 'private/\n',
      'src/ordinary.ts': "const h = () => ({});\n" + BASIC_CALL,
      // Imports a FIFO and a link to /dev/zero: following `h` into them must not block or fill memory.
      'src/uses-pipe.ts': `import { h } from './pipe';\n${BASIC_CALL}`,
      'src/uses-zero.ts': `import { h } from './zero';\n${BASIC_CALL}`,
      'private/token.ts': `export const jiraToken = '${token}';\n`,
    });
    if (fifos) {
      // Next to manifest.yml, the Custom UI lookup reads manifest.yaml by name.
      mkfifo(path.join(root, 'manifest.yaml'));
      mkfifo(path.join(root, 'src', 'pipe.ts'));
    }
    link('/dev/zero', path.join(root, 'evil.json'));
    link('/dev/zero', path.join(root, 'src', 'zero.ts'));
    if (pagemap) link('/proc/self/pagemap', path.join(root, 'data.json'));
    link('/etc', path.join(root, 'etc'));
    link('/', path.join(root, 'all'));
    // Links that stay inside the root are still followed: a file into an ignored folder, and a folder.
    link('../private/token.ts', path.join(root, 'src', 'linked.ts'));
    link('private', path.join(root, 'lib'));
    // A Unix socket named like a config file.
    const sock = net.createServer();
    await new Promise<void>((resolve) => sock.listen(path.join(root, 'agent.json'), resolve));
    socket = sock;
    const out = path.join(path.dirname(root), 'report.json');
    run = cli(['audit', root, '--format', 'json', '--output', out, '--verbose']);
    if (run.signal === null && fs.existsSync(out)) findings = findingsOf(fs.readFileSync(out, 'utf8'));
    skipped = skippedOf(run.stderr);
  });
  after(async () => {
    await new Promise<void>((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
    if (root) removeWorkspace(root);
  });

  const found = (): string[] => findings.map((f) => `${f.file}:${f.range.start.line}:${f.ruleId}`);

  it('ends within its cap and exits 1 (findings), not killed, not a crash', () => {
    assert.ok(run);
    bounded(run);
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it('a FIFO named manifest.yaml and a FIFO imported by a module are skipped as FIFOs', function () {
    if (!fifos) this.skip(); // mkfifo is missing on this system
    assert.equal(skipped.get('manifest.yaml'), 'not a regular file (FIFO)');
    assert.equal(skipped.get('src/pipe.ts'), 'not a regular file (FIFO)');
  });

  it('a socket with an analysed name is skipped as a socket', () => {
    assert.equal(skipped.get('agent.json'), 'not a regular file (socket)');
  });

  it('links to /dev/zero, /proc/self/pagemap, /etc and / are skipped as leading outside the folder', () => {
    const outside = 'symbolic link to outside the audited folder';
    for (const p of ['evil.json', 'src/zero.ts', 'etc', 'all', ...(pagemap ? ['data.json'] : [])]) {
      assert.equal(skipped.get(p), outside, `${p}: ${String(skipped.get(p))}`);
    }
  });

  it('nothing outside the root is reported or listed', () => {
    assert.ok(run);
    bounded(run);
    assert.ok(findings.length > 0 && skipped.size > 0, run.stderr);
    const paths = [...findings.map((f) => f.file), ...skipped.keys()];
    assert.deepEqual(paths.filter((p) => /^(?:etc|all)\//.test(p) || p.startsWith('..') || path.isAbsolute(p)), []);
  });

  it('the findings of every other file are intact, through the FIFO and /dev/zero imports', () => {
    for (const f of ['src/ordinary.ts:2:no-api-token-basic-auth', 'src/uses-pipe.ts:2:no-api-token-basic-auth', 'src/uses-zero.ts:2:no-api-token-basic-auth']) {
      assert.ok(found().includes(f), `${f} missing in\n${found().join('\n')}`);
    }
  });

  it('links that stay inside the root are followed: a file into an ignored folder, and a folder', () => {
    assert.ok(found().includes('src/linked.ts:1:no-api-token-literal'), found().join('\n'));
    assert.ok(found().includes('lib/token.ts:1:no-api-token-literal'), found().join('\n'));
    assert.equal(skipped.get('private'), 'matched by .gitignore');
  });
});

describe('hostile inputs: config files, named paths and audit roots that are not regular files (CLI bundle, capped)', function () {
  this.timeout(4 * CAP);
  const fifos = fifoSupport();
  const roots: string[] = [];
  const ws = (): string => {
    const root = makeWorkspace({ 'src/a.ts': `export const jiraToken = '${fakeApiToken()}';\n` });
    roots.push(root);
    return root;
  };
  before(function () {
    if (process.platform === 'win32') this.skip(); // no FIFOs or devices
    buildCliOnce();
  });
  after(() => roots.forEach(removeWorkspace));

  /** One clear line on stderr and exit 2 (SPEC §5), within the cap. */
  const usageError = (r: SpawnSyncReturns<string>, line: RegExp): void => {
    bounded(r);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, line);
  };

  it('.marketplace-guard.json linked to /dev/zero: a clear error, not gigabytes', () => {
    const root = ws();
    link('/dev/zero', path.join(root, '.marketplace-guard.json'));
    usageError(cli(['audit', root]), /^marketplace-guard: cannot read config file .*\.marketplace-guard\.json: symbolic link to outside the audited folder$/m);
  });

  it('.marketplace-guard.json as a FIFO: a clear error, not a hang', function () {
    if (!fifos) this.skip(); // mkfifo is missing on this system
    const root = ws();
    mkfifo(path.join(root, '.marketplace-guard.json'));
    usageError(cli(['audit', root]), /cannot read config file .*\.marketplace-guard\.json: not a regular file \(FIFO\)$/m);
  });

  it('.marketplace-guard.json over the 2 MiB cap: refused with its size', () => {
    const root = ws();
    fs.writeFileSync(path.join(root, '.marketplace-guard.json'), `{"exclude": [${'"x",'.repeat(786_432)}"x"]}`);
    usageError(cli(['audit', root]), /cannot read config file .*\.marketplace-guard\.json: larger than 2 MiB \(3\.0 MiB\)$/m);
  });

  it('.marketplace-guard.json linked to a file inside the root is still read', () => {
    const root = ws();
    fs.writeFileSync(path.join(root, 'guard.json'), '{ "rules": { "no-api-token-literal": "off" } }\n');
    link('guard.json', path.join(root, '.marketplace-guard.json'));
    const r = cli(['audit', root, '--format', 'json']);
    bounded(r);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(findingsOf(r.stdout), []);
  });

  it('--config /dev/zero and --config FIFO: a clear error naming the file type', function () {
    const root = ws();
    usageError(cli(['audit', root, '--config', '/dev/zero']), /^marketplace-guard: cannot read config file \/dev\/zero: not a regular file \(character device\)$/m);
    if (!fifos) this.skip(); // mkfifo is missing on this system
    const fifo = path.join(path.dirname(root), 'guard-fifo.json');
    mkfifo(fifo);
    usageError(cli(['audit', root, '--config', fifo]), /cannot read config file .*guard-fifo\.json: not a regular file \(FIFO\)$/m);
  });

  it('audit /dev/null or a FIFO: exit 2 with the reason, never "No findings"', function () {
    usageError(cli(['audit', '/dev/null']), /^marketplace-guard: cannot read \/dev\/null: a character device, not a file or folder$/m);
    if (!fifos) this.skip(); // mkfifo is missing on this system
    const root = ws();
    mkfifo(path.join(root, 'pipe.ts'));
    usageError(cli(['audit', path.join(root, 'pipe.ts')]), /cannot read .*pipe\.ts: a FIFO, not a file or folder$/m);
  });

  it('named paths: a FIFO or a /dev/zero link as .gitignore on the way is not read; the named files are audited', function () {
    if (!fifos) this.skip(); // mkfifo is missing on this system
    const root = ws();
    fs.mkdirSync(path.join(root, 'lib'));
    fs.writeFileSync(path.join(root, 'lib', 'b.ts'), `export const jiraToken = '${fakeApiToken()}';\n`);
    mkfifo(path.join(root, 'src', '.gitignore'));
    link('/dev/zero', path.join(root, 'lib', '.gitignore'));
    const r = cli(['audit', path.join(root, 'src', 'a.ts'), path.join(root, 'lib', 'b.ts'), '--format', 'json']);
    bounded(r);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(findingsOf(r.stdout).map((f) => `${f.file}:${f.ruleId}`).sort(), ['lib/b.ts:no-api-token-literal', 'src/a.ts:no-api-token-literal']);
  });
});

describe('hostile inputs: bounded reads of files that say 0 bytes (module, child process)', function () {
  this.timeout(2 * CAP);
  it('/proc/self/pagemap is refused at the cap; /proc/self/status is read whole; a link to it from a root is refused', function () {
    if (!fs.existsSync('/proc/self/pagemap')) this.skip(); // no /proc on this system
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-proc-'));
    try {
      link('/proc/self/status', path.join(dir, 'root', 'status.ts'));
      const probe = path.join(dir, 'probe.ts');
      const module = path.join(REPO_ROOT, 'server', 'src', 'core', 'safe-read');
      fs.writeFileSync(probe, [
        `import { readInsideRoot, readRegularFile } from ${JSON.stringify(module)};`,
        'const show = (r: Buffer | { skip: string }): string => (Buffer.isBuffer(r) ? `bytes:${r.toString("utf8").startsWith("Name:")}` : r.skip);',
        "const limits = { max: 1024 * 1024, label: '1 MiB' };",
        "process.stdout.write(JSON.stringify([show(readRegularFile('/proc/self/pagemap', limits)), show(readRegularFile('/proc/self/status', limits)),",
        `  show(readInsideRoot(${JSON.stringify(path.join(dir, 'root'))}, ${JSON.stringify(path.join(dir, 'root', 'status.ts'))}, limits))]));`,
        '',
      ].join('\n'));
      const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', probe], { cwd: REPO_ROOT, encoding: 'utf8', timeout: CAP, killSignal: 'SIGKILL' });
      assert.equal(r.signal, null, `killed: ${r.stderr}`);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), [
        'larger than 1 MiB (still growing when the read stopped)',
        'bytes:true',
        'symbolic link to outside the audited folder',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile inputs: the language server reads no FIFO, device or link out of the folder', function () {
  this.timeout(2 * CAP);
  const fifos = fifoSupport();
  let folder = '';
  let client: TestClient | undefined;
  const INDEX = `import { h } from './pipe';\nimport { z } from './zero';\n${BASIC_CALL}`;
  before(async function () {
    if (!fifos) this.skip(); // mkfifo is missing on this system
    folder = makeLspWorkspace({ 'manifest.yml': MANIFEST, 'src/index.ts': INDEX });
    mkfifo(path.join(folder, 'manifest.yaml'));
    mkfifo(path.join(folder, '.marketplace-guard.json'));
    mkfifo(path.join(folder, 'src', 'pipe.ts'));
    link('/dev/zero', path.join(folder, 'src', 'zero.ts'));
    link('/etc', path.join(folder, 'etc'));
    client = await TestClient.start(folder);
  });
  after(async () => {
    await client?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('opening a file that imports a FIFO and /dev/zero publishes its findings; the config FIFO is reported', async () => {
    const c = client;
    assert.ok(c);
    const { diagnostics } = await c.open('src/index.ts', INDEX);
    assert.ok(diagnostics.some((d) => d.code === 'no-api-token-basic-auth' && d.range.start.line === 2), JSON.stringify(diagnostics));
    assert.ok(c.logs.some((l) => /cannot read config file .*\.marketplace-guard\.json: not a regular file \(FIFO\)/.test(l)) || c.notifications.some((n) => /not a regular file \(FIFO\)/.test(JSON.stringify(n.params))), c.logs.join('\n'));
  });

  it('a workspace audit ends, with the FIFOs and links counted as skipped', async () => {
    const c = client;
    assert.ok(c);
    const summary: AuditSummary = await c.connection.sendRequest('marketplaceGuard/auditWorkspace', {});
    assert.equal(summary.cancelled, false);
    assert.ok(summary.errors > 0, JSON.stringify(summary));
    assert.ok(summary.skipped >= 4, JSON.stringify(summary));
  });
});
