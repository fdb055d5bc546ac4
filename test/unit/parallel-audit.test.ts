import { strict as assert } from 'assert';
import * as path from 'path';
import { generateWorkspace } from '../../bench/gen/workspace';
import type { Finding } from '../../server/src/core/model';
import { auditInBackground, auditParallel } from '../../server/src/parallel/audit';
import { isBatchReply } from '../../server/src/parallel/protocol';
import { analyseDiscovered, audit, AuditContext, planAudit, type FileOutcome } from '../../server/src/core/workspace';
import { fakeApiToken } from '../support/secrets';
import { buildCliOnce, CLI, makeWorkspace, removeWorkspace, runCli } from '../support/workspace';

/**
 * The CLI audits on worker threads when a workspace is large: the result must equal the serial
 * audit exactly (same findings, same order, same skipped files), whatever the thread count.
 */
describe('parallel audit (worker threads)', function () {
  this.timeout(180_000);
  let root = '';
  const worker = path.join(path.dirname(CLI), 'audit-worker.js');

  before(() => {
    buildCliOnce();
    root = makeWorkspace({}, 'generated');
    generateWorkspace(root, 150, 0x5eed);
  });
  after(() => removeWorkspace(root));

  it('equals the serial audit for 2 and 3 threads and odd batch sizes', async () => {
    const serial = audit(root);
    assert.ok(serial.findings.length > 3, 'the generated workspace plants violations');
    for (const [threads, batchSize] of [[2, 7], [3, 1]] as const) {
      const parallel = await auditParallel(root, undefined, undefined, { workerScript: worker, threads, minFiles: 0, batchSize });
      assert.deepEqual(parallel, serial, `threads ${threads}, batch ${batchSize}`);
    }
  });

  it('equals the serial audit on every example: manifests and 3LO scope requests are judged after all usage is in', async () => {
    const examples = path.resolve(__dirname, '..', '..', 'examples');
    for (const ex of ['forge-scopes', 'forge-custom-ui-leak', 'node-3lo-service', 'legacy-jira-sync', 'forge-clean']) {
      const dir = path.join(examples, ex);
      const serial = audit(dir);
      const parallel = await auditParallel(dir, undefined, undefined, { workerScript: worker, threads: 2, minFiles: 0, batchSize: 1 });
      assert.deepEqual(parallel, serial, ex);
    }
  });

  it('a call named like an Object.prototype member (toString, constructor) is not a product call; outcomes clone', () => {
    const app = makeWorkspace(
      {
        'manifest.yml': 'modules: {}\npermissions:\n  scopes:\n    - read:jira-work\n',
        'static/panel/src/App.tsx': [
          "import { requestJira } from '@forge/bridge';",
          'export async function load(id: number) {',
          '  const r = await requestJira(`/rest/api/3/issue/${id.toString()}`);',
          "  const key = Buffer.from(String(id)).toString('base64');",
          '  return { text: (await r.json()).constructor.name, n: id.valueOf(), key };',
          '}',
        ].join('\n'),
      },
      'proto-names',
    );
    try {
      const plan = planAudit(app);
      const ctx = new AuditContext(plan.setup);
      for (const f of plan.found.files) {
        const o = analyseDiscovered(f, ctx);
        assert.doesNotThrow(() => structuredClone(o), f.path);
        for (const c of o.usage?.calls ?? []) assert.equal(typeof c.product, 'string', f.path);
      }
    } finally {
      removeWorkspace(app);
    }
  });

  it('runs on this thread below the threshold or without a worker bundle', async () => {
    const serial = audit(root);
    assert.deepEqual(await auditParallel(root, undefined, undefined, { workerScript: worker, threads: 2 }), serial);
    assert.deepEqual(await auditParallel(root, undefined, undefined, { workerScript: '/nowhere/audit-worker.js', threads: 2, minFiles: 0 }), serial);
  });

  it('a worker that fails while it starts (before discovery is done) fails the audit with its error, and never crashes it', async () => {
    const dir = makeWorkspace({ 'broken-worker.js': "throw new Error('worker bundle is broken');\n" }, 'broken-worker');
    try {
      const broken = path.join(dir, 'broken-worker.js');
      await assert.rejects(auditParallel(root, undefined, undefined, { workerScript: broken, threads: 2, minFiles: 0 }), /worker bundle is broken/);
      // Below the threshold the audit runs here: the worker's failure costs nothing.
      assert.deepEqual(await auditParallel(root, undefined, undefined, { workerScript: broken, threads: 2 }), audit(root));
    } finally {
      removeWorkspace(dir);
    }
  });

  it('a finding’s related locations come back from a worker intact (positions, other files, messages)', async () => {
    const withRelated = (file: string): Finding => ({
      ruleId: 'no-api-token-basic-auth', category: 'api-tokens', severity: 'error', file,
      range: { start: 120, end: 124 }, start: { line: 3, column: 22 }, end: { line: 3, column: 26 },
      messageId: 'basicAuth', message: 'API token sent with Basic auth.', detail: 'Policy "Personal access tokens".', policy: 'Personal access tokens', fixes: [],
      endpoint: { method: 'POST', path: '/rest/api/3/issue', authKind: 'basic' },
      related: [
        { file, range: { start: 50, end: 80 }, start: { line: 2, column: 14 }, end: { line: 2, column: 44 }, message: 'Basic credential built here' },
        { file: 'src/config.ts', range: { start: 13, end: 18 }, start: { line: 1, column: 14 }, end: { line: 1, column: 19 }, message: 'API token comes from here' },
      ],
    });
    // Rules do not report related locations yet: a stand-in worker replies with hand-built outcomes,
    // through the real postMessage and reply check. The clean files get no finding on this thread.
    const app = makeWorkspace({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' }, 'related-app');
    const bin = makeWorkspace(
      {
        'related-worker.js': [
          "const { parentPort } = require('worker_threads');",
          `const template = ${JSON.stringify(JSON.stringify(withRelated('%FILE%')))};`,
          'const make = (file) => JSON.parse(template.split("%FILE%").join(file));',
          'parentPort.on("message", (m) => {',
          '  if (m && Array.isArray(m.files)) parentPort.postMessage({ batch: m.batch, outcomes: m.files.map((f) => ({ path: f.path, findings: [make(f.path)], failures: [] })) });',
          '});',
        ].join('\n'),
      },
      'related-worker',
    );
    try {
      const result = await auditParallel(app, undefined, undefined, { workerScript: path.join(bin, 'related-worker.js'), threads: 2, minFiles: 0, batchSize: 1 });
      assert.ok(result.findings.length >= 1, 'the worker analysed at least its first batch');
      for (const f of result.findings) assert.deepEqual(f, withRelated(f.file));
      const reply = { batch: 0, outcomes: [{ path: 'src/a.ts', findings: [withRelated('src/a.ts')], failures: [] }] };
      assert.ok(isBatchReply(structuredClone(reply)));
      assert.deepEqual(structuredClone(reply), reply);
    } finally {
      removeWorkspace(app);
      removeWorkspace(bin);
    }
  });

  it('a file too deep for a thread’s stack gives the same result on a worker as on the main thread', async () => {
    const token = fakeApiToken();
    const files: Record<string, string> = {};
    // Deep enough to overflow the main thread's stack while parsing, not Node's default 4 MB worker stack.
    for (let i = 0; i < 4; i++) files[`src/deep${i}.ts`] = `const jiraToken = '${token}';\nexport const x = ${'('.repeat(2000)}1${')'.repeat(2000)};\n`;
    const dir = makeWorkspace(files, 'deep');
    try {
      const serial = audit(dir);
      assert.equal(serial.failures.length, 4, JSON.stringify(serial.failures));
      // Batches of one file: the first worker takes three of them, the second the fourth.
      assert.deepEqual(await auditParallel(dir, undefined, undefined, { workerScript: worker, threads: 3, minFiles: 0, batchSize: 1 }), serial, 'CLI');
      assert.deepEqual(await auditInBackground(planAudit(dir), { workerScript: worker, threads: 2, minFiles: 0, batchSize: 1 }), serial, 'server');
    } finally {
      removeWorkspace(dir);
    }
  });

  describe('in the language server (auditInBackground)', () => {
    it('equals the serial audit on workers, and hands over every file’s outcome once as batches finish', async () => {
      const serial = audit(root);
      for (const threads of [1, 2]) {
        const seen: string[] = [];
        const logs: string[] = [];
        const result = await auditInBackground(planAudit(root), {
          workerScript: worker, threads, minFiles: 0, batchSize: 7,
          onOutcomes: (outcomes: readonly FileOutcome[]) => seen.push(...outcomes.map((o) => o.path)),
          log: (m) => logs.push(m),
        });
        assert.deepEqual(result, serial, `${threads} workers`);
        assert.deepEqual([...seen].sort(), planAudit(root).found.files.map((f) => f.path).sort());
        assert.deepEqual(logs, [`Auditing ${seen.length} files on ${threads} worker thread${threads === 1 ? '' : 's'}.`]);
      }
    });

    it('runs on the main thread, with the reason logged, when the worker bundle is missing or broken', async () => {
      const serial = audit(root);
      const logs: string[] = [];
      assert.deepEqual(await auditInBackground(planAudit(root), { workerScript: '/nowhere/audit-worker.js', threads: 2, minFiles: 0, log: (m) => logs.push(m) }), serial);
      assert.deepEqual(logs, ['Auditing on the main thread: the worker bundle /nowhere/audit-worker.js is missing.']);
      const dir = makeWorkspace({ 'broken-worker.js': "throw new Error('worker bundle is broken');\n" }, 'broken-worker');
      try {
        logs.length = 0;
        const result = await auditInBackground(planAudit(root), { workerScript: path.join(dir, 'broken-worker.js'), threads: 2, minFiles: 0, log: (m) => logs.push(m) });
        assert.deepEqual(result, serial);
        assert.ok(logs.some((l) => /An audit worker stopped \(worker bundle is broken\)/.test(l)), logs.join('\n'));
      } finally {
        removeWorkspace(dir);
      }
    });

    it('below the threshold it analyses on the main thread, yielding between slices', async () => {
      const serial = audit(root);
      let turns = 0;
      const ticking = setInterval(() => turns++, 0);
      try {
        const logs: string[] = [];
        assert.deepEqual(await auditInBackground(planAudit(root), { workerScript: worker, threads: 2, sliceMs: 5, log: (m) => logs.push(m) }), serial);
        assert.deepEqual(logs, [], 'no worker started for 150 files');
      } finally {
        clearInterval(ticking);
      }
      assert.ok(turns > 3, `the event loop ran ${turns} times during the audit`);
    });

    it('stops when cancelled, on workers and on the main thread', async () => {
      for (const threads of [2, undefined]) {
        const abort = new AbortController();
        let batches = 0;
        const result = await auditInBackground(planAudit(root), {
          workerScript: worker, ...(threads ? { threads, minFiles: 0 } : {}), batchSize: 5, signal: abort.signal,
          onOutcomes: () => {
            if (++batches === 2) abort.abort();
          },
        });
        assert.equal(result, undefined, `threads ${threads}`);
        assert.ok(batches < 30, `${batches} batches of 5 after the cancel (of 30)`);
      }
    });
  });

  it('the CLI bundle gives byte-identical JSON and SARIF with 1 and 2 threads', () => {
    for (const format of ['json', 'sarif']) {
      const one = runCliWithThreads(['audit', root, '--format', format], 1);
      const two = runCliWithThreads(['audit', root, '--format', format], 2);
      assert.equal(one.status, 1, one.stderr);
      assert.equal(two.status, 1, two.stderr);
      assert.equal(two.stdout, one.stdout);
    }
  });
});

function runCliWithThreads(args: readonly string[], threads: number): ReturnType<typeof runCli> {
  const saved = process.env['MARKETPLACE_GUARD_THREADS'];
  process.env['MARKETPLACE_GUARD_THREADS'] = String(threads);
  try {
    return runCli(args);
  } finally {
    if (saved === undefined) delete process.env['MARKETPLACE_GUARD_THREADS'];
    else process.env['MARKETPLACE_GUARD_THREADS'] = saved;
  }
}
