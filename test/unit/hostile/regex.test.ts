import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { collectRegexes } from '../../support/regex-attack';
import { randomAlnum } from '../../support/secrets';
import { buildCliOnce, CLI, makeWorkspace, removeWorkspace } from '../../support/workspace';

/**
 * Issue 14, regexes that backtrack: every regex literal in server/src is fed strings built from its
 * own characters (test/support/regex-attack.ts) in a child process; a regex still running after
 * PER_REGEX_MS is killed there and named here, so a quadratic or exponential regex fails this test
 * instead of hanging CI. Then the concrete attack files through the CLI bundle, each capped by a
 * timeout, with the findings a user expects.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LONG = 200_000;
const PER_REGEX_MS = 10_000;

/**
 * Regexes that only ever see a bounded string (a slice, a name, a path), with that bound: they are
 * attacked at this length instead. Add one only with the line that bounds its input.
 */
const BOUNDED: Readonly<Record<string, number>> = {
  // envNameFor: textBefore.slice(-200).
  'server/src/core/analysis/env-name.ts:6': 200,
  // around(): text.slice(r.end, r.end + 40) and the 40 characters before.
  'server/src/core/analysis/oauth-scopes.ts:': 40,
  // A file path (at most a few hundred characters on every platform).
  'server/src/core/analysis/storage.ts:121': 4_096,
  // A short message fragment: "… (each call)".
  'server/src/core/migration/tenancy.ts:76': 1_000,
  // describesApiToken: text.length > 300 returns first.
  'server/src/core/analysis/names.ts:81': 300,
};

function boundOf(where: string): number | undefined {
  for (const [prefix, n] of Object.entries(BOUNDED)) if (where === prefix || (prefix.endsWith(':') && where.startsWith(prefix))) return n;
  return undefined;
}

interface Runaway {
  readonly where: string;
}

/** Runs the child on the given regex indexes at `length`; resolves with the first one that ran too long. */
function attack(indexes: readonly number[], length: number): Promise<Runaway | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'support', 'regex-attack-child.ts'), ROOT, String(length), ...indexes.map(String)], { cwd: ROOT });
    let buf = '';
    let current: string | undefined;
    let ended = false;
    let timer: NodeJS.Timeout | undefined;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('start ')) {
          current = line.split(' ')[2];
          clearTimeout(timer);
          timer = setTimeout(() => child.kill('SIGKILL'), PER_REGEX_MS);
        } else if (line.startsWith('done ')) {
          current = undefined;
          clearTimeout(timer);
        } else if (line === 'end') ended = true;
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (current !== undefined) resolve({ where: current });
      else if (ended && code === 0) resolve(undefined);
      else reject(new Error(`regex attack child failed (${code}): ${stderr}`));
    });
  });
}

describe('hostile inputs: every product regex on its worst case (child process, per-regex timeout)', function () {
  this.timeout(900_000);
  const all = collectRegexes(ROOT);

  it('collects the regex literals of server/src', () => {
    assert.ok(all.length > 300, `only ${all.length} regexes found`);
    for (const where of Object.keys(BOUNDED)) {
      if (!fs.existsSync(path.join(ROOT, where.slice(0, where.indexOf(':'))))) continue;
      assert.ok(all.some((r) => r.where.startsWith(where)), `stale BOUNDED entry ${where}`);
    }
  });

  it(`each runs in linear time on runs of its own characters (${LONG.toLocaleString('en')} chars)`, async () => {
    const slow: string[] = [];
    const unbounded = all.map((r, i) => ({ r, i })).filter(({ r }) => boundOf(r.where) === undefined);
    let rest = unbounded.map(({ i }) => i);
    while (rest.length > 0) {
      const runaway = await attack(rest, LONG);
      if (!runaway) break;
      slow.push(runaway.where);
      const at = unbounded.findIndex(({ r }) => r.where === runaway.where);
      rest = unbounded.slice(at + 1).map(({ i }) => i);
    }
    for (const { r, i } of all.map((r, i) => ({ r, i }))) {
      const bound = boundOf(r.where);
      if (bound === undefined) continue;
      const runaway = await attack([i], bound);
      if (runaway) slow.push(`${runaway.where} (at its bound, ${bound} chars)`);
    }
    assert.deepEqual(slow, [], `regexes that backtrack on their worst case:\n${slow.join('\n')}`);
  });
});

interface JsonFinding {
  readonly ruleId: string;
  readonly file: string;
}

function findings(stdout: string): JsonFinding[] {
  const json: unknown = JSON.parse(stdout);
  if (typeof json !== 'object' || json === null || !('findings' in json) || !Array.isArray(json.findings)) throw new Error('not a JSON report');
  return json.findings as JsonFinding[];
}

/** The CLI in a child process, killed at `timeout` ms (a runaway fails, never hangs CI). */
function capped(args: readonly string[], timeout: number): { stdout: string; stderr: string; killed: boolean } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { stdout: r.stdout, stderr: r.stderr, killed: r.signal === 'SIGKILL' };
}

const basicFetch = (rest = ''): string =>
  `export async function me(): Promise<unknown> {\n  return fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa('me@acme.com:' + process.env.JIRA_API_TOKEN) } });\n}\n${rest}`;

describe('hostile inputs: backtracking bait through the CLI (child process, capped)', function () {
  this.timeout(300_000);
  before(() => buildCliOnce());
  const secret = randomAlnum(32);

  const cases: { name: string; files: Record<string, string>; expect: string[] }[] = [
    {
      name: 'an authorize URL whose scope= is followed by 20,000 lines of +',
      files: { 'src/auth.ts': `export const url = \`https://auth.atlassian.com/authorize?scope=read:jira-wrok${'\n+'.repeat(20_000)}\`;\n` },
      expect: ['src/auth.ts:no-unknown-scope'],
    },
    {
      name: 'a scope: template of 40,000 blank lines',
      files: { 'src/auth.ts': `export const cfg = { authorizationURL: 'https://auth.atlassian.com/authorize', scope: \`${'\n'.repeat(40_000)}read:jira-wrok\` };\n` },
      expect: ['src/auth.ts:no-unknown-scope'],
    },
    { name: 'a Basic-auth call then 160,000 blank lines', files: { 'src/a.ts': basicFetch('\n'.repeat(160_000)) }, expect: ['src/a.ts:no-api-token-basic-auth'] },
    {
      name: 'a Forge file with 5,000 unclosed `const {`',
      files: {
        'manifest.yml': 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - read:jira-work\n',
        'src/index.ts': `${basicFetch()}/*\n${'const { api, route\n'.repeat(5_000)}*/\n`,
      },
      expect: ['src/index.ts:no-api-token-basic-auth'],
    },
    {
      name: '.env and YAML lines of CLIENT_SECRET=x + 9,000 spaces + y (under the minified-line limit), then a real one',
      files: {
        '.env': `${`CLIENT_SECRET=x${' '.repeat(9_000)}y\n`.repeat(200)}CLIENT_SECRET=${secret}\n`,
        'config.yml': `${Array.from({ length: 200 }, (_, i) => `k${i}_client_secret: x${' '.repeat(9_000)}y`).join('\n')}\nclient_secret: ${secret}\n`,
      },
      expect: ['.env:no-hardcoded-client-secret', 'config.yml:no-hardcoded-client-secret'],
    },
    {
      name: 'a template of 20,000 unclosed `<input` and one API-token field',
      files: { 'src/page.ts': `// Jira\nexport const html = \`${'<input\n'.repeat(20_000)}<input name="jiraApiToken">\`;\n` },
      expect: ['src/page.ts:no-api-token-collection'],
    },
    {
      name: 'JSON lines of 4,000 escaped quotes each and a client secret',
      files: { 'config/app.json': `{\n${Array.from({ length: 50 }, (_, i) => `  "note${i}": "${'\\"'.repeat(4_000)}",\n`).join('')}  "client_secret": "${secret}"\n}\n` },
      expect: ['config/app.json:no-hardcoded-client-secret'],
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ends, with the usual findings`, () => {
      const root = makeWorkspace(c.files, 'regex-bait');
      try {
        const r = capped(['audit', root, '--format', 'json'], 60_000);
        assert.ok(!r.killed, 'killed at the 60 s cap');
        const got = new Set(findings(r.stdout).map((f) => `${f.file}:${f.ruleId}`));
        for (const e of c.expect) assert.ok(got.has(e), `${e} missing in\n${[...got].join('\n')}\n${r.stderr}`);
      } finally {
        removeWorkspace(root);
      }
    });
  }

  it('did-you-mean over 75,000 unknown scopes in a 2 MiB manifest ends and suggests for a typo', () => {
    const scopes = Array.from({ length: 75_000 }, (_, i) => `    - read:zz${i.toString(36)}-work:jira`).join('\n');
    const root = makeWorkspace({ 'manifest.yml': `app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - read:jira-wrok\n${scopes}\n` }, 'dym');
    try {
      assert.ok(fs.statSync(path.join(root, 'manifest.yml')).size < 2 * 1024 * 1024);
      const r = capped(['audit', root, '--format', 'json'], 120_000);
      assert.ok(!r.killed, 'killed at the 120 s cap');
      const unknown = findings(r.stdout).filter((f) => f.ruleId === 'no-unknown-scope');
      assert.equal(unknown.length, 75_001);
      assert.match(r.stdout, /did you mean \\"read:jira-work\\"/);
    } finally {
      removeWorkspace(root);
    }
  });
});
