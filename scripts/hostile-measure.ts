/**
 * Measures the CLI on the hostile inputs of issue 14 (files anyone can commit): wall time, peak RSS,
 * exit code and whether the expected finding or skip came out, for one or two builds.
 *
 *   node --import tsx scripts/hostile-measure.ts [--before path/to/old/dist/cli.js] [--timeout 60]
 *
 * Inputs are generated in a temporary folder (FIFOs and device links too; nothing is committed) and
 * removed afterwards. Each run is bounded by a timeout and a heap cap, so a runaway build is reported
 * as "killed", never waited for. Prints a Markdown table for the closing note. Linux only (it
 * reads peak RSS from GNU time and makes FIFOs with mkfifo).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Input {
  readonly name: string;
  /** Files of the workspace (path → text); `null` entries are made by `setup`. */
  readonly files: Readonly<Record<string, string>>;
  readonly setup?: (dir: string) => void;
  /** Extra CLI arguments (before the folder). */
  readonly args?: readonly string[];
  /** What a good run shows in its JSON or stderr. */
  readonly expect: RegExp;
}

const FAKE_TOKEN = `ATATT3x${'F'.repeat(8)}${'a1B2'.repeat(40)}`.slice(0, 192);
const basicFetch = (header: string): string => `export async function me(): Promise<unknown> {\n  return fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: ${header} } });\n}\n`;

function inputs(): Input[] {
  const chain = ['const t0 = process.env.JIRA_API_TOKEN ?? "";'];
  for (let i = 1; i <= 24; i++) chain.push(`const t${i} = \`\${t${i - 1}}\${t${i - 1}}\`;`);
  // A Basic-auth call at the bottom of the nesting: found, or the file reported as not fully analysed.
  const basic = "fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa('me@acme.com:' + process.env.JIRA_API_TOKEN) } })";
  // One level a line: a single long line would be read as minified (scanned as text, not parsed).
  const nestedCallbacks = `${'f(() => {\n'.repeat(3000)}${basic};\n${'})\n'.repeat(3000)};\n`;
  const nestedJsx = `export const X = () => (\n${'<div>\n'.repeat(20000)}{${basic}}\n${'</div>\n'.repeat(20000)});\n`;
  // Just under 2 MiB (larger manifests are scanned as text, not parsed).
  const unknownScopes = Array.from({ length: 75_000 }, (_, i) => `    - read:zz${i.toString(36)}-work:jira`).join('\n');
  return [
    {
      name: 'f/g mutual doubling in a Basic header',
      files: { 'src/a.ts': `function f(x: string): string { return g(x) + g(x); }\nfunction g(x: string): string { return f(x) + f(x); }\n${basicFetch("'Basic ' + f(process.env.JIRA_API_TOKEN ?? '')")}` },
      expect: /no-api-token-basic-auth/,
    },
    { name: 'template chain t0 … t24', files: { 'src/a.ts': `${chain.join('\n')}\n${basicFetch("'Basic ' + btoa('me@acme.com:' + t24)")}` }, expect: /no-api-token-basic-auth|analysis-incomplete/ },
    {
      name: 'doubling over an import cycle',
      files: {
        'src/a.ts': `import { g } from './b';\nexport function f(x: string): string { return g(x) + g(x); }\n${basicFetch("'Basic ' + f(process.env.JIRA_API_TOKEN ?? '')")}`,
        'src/b.ts': `import { f } from './a';\nexport function g(x: string): string { return f(x) + f(x); }\n`,
      },
      expect: /no-api-token-basic-auth/,
    },
    { name: '24 dummy `+ sep` terms in a Basic header', files: { 'src/a.ts': basicFetch(`'Basic ' + btoa('me@acme.com' + ${Array.from({ length: 24 }, () => "''").join(' + ')} + ':' + process.env.JIRA_API_TOKEN)`) }, expect: /no-api-token-basic-auth/ },
    { name: 'scope: template of blank lines', files: { 'src/auth.ts': `export const cfg = { authorizationURL: 'https://auth.atlassian.com/authorize', scope: \`${'\n'.repeat(40_000)}x\` };\n` }, expect: /"findings"/ },
    { name: 'authorize URL, scope= then lines of +', files: { 'src/auth.ts': `export const url = \`https://auth.atlassian.com/authorize?scope=read:jira-work${'\n+'.repeat(20_000)}\`;\n` }, expect: /"findings"/ },
    { name: 'Basic-auth call then 160,000 blank lines', files: { 'src/a.ts': `${basicFetch("'Basic ' + btoa('me@acme.com:' + process.env.JIRA_API_TOKEN)")}${'\n'.repeat(160_000)}` }, expect: /no-api-token-basic-auth/ },
    {
      name: 'Forge file with 5,000 `const {`',
      files: {
        'manifest.yml': 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - read:jira-work\n',
        'src/index.ts': `${Array.from({ length: 5000 }, (_, i) => `const { a${i} } = { a${i}: ${i} };`).join('\n')}\n${basicFetch("'Basic ' + btoa('me@acme.com:' + process.env.JIRA_API_TOKEN)")}`,
      },
      expect: /no-api-token-basic-auth/,
    },
    { name: '.env CLIENT_SECRET=x + 10,000 spaces + y (200 lines)', files: { '.env': `${'CLIENT_SECRET=x' + ' '.repeat(10_000) + 'y\n'}`.repeat(200) }, expect: /"findings"/ },
    { name: 'YAML CLIENT_SECRET: x + 10,000 spaces + y (200 lines)', files: { 'config.yml': Array.from({ length: 200 }, (_, i) => `k${i}_client_secret: x${' '.repeat(10_000)}y`).join('\n') }, expect: /"findings"/ },
    { name: 'template literal of 20,000 `<input `', files: { 'src/page.ts': `export const html = \`${'<input '.repeat(20_000)}\`;\n` }, expect: /"findings"/ },
    { name: 'did-you-mean over 75,000 unknown scopes (manifest just under 2 MiB)', files: { 'manifest.yml': `app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n${unknownScopes}\n` }, expect: /no-unknown-scope|larger than/ },
    { name: '3,000 nested callbacks around a Basic-auth call', files: { 'src/deep.js': nestedCallbacks }, expect: /no-api-token-basic-auth|analysis-incomplete/ },
    { name: '20,000 nested JSX elements around a Basic-auth call', files: { 'src/deep.tsx': nestedJsx }, expect: /no-api-token-basic-auth|analysis-incomplete/ },
    { name: 'FIFO named manifest.yaml', files: { 'src/a.ts': 'export const x = 1;\n' }, setup: (d) => mkfifo(path.join(d, 'manifest.yaml')), expect: /"findings"/ },
    { name: 'FIFO imported by a module', files: { 'src/a.ts': `import { h } from './pipe';\n${basicFetch("h(process.env.JIRA_API_TOKEN)")}` }, setup: (d) => mkfifo(path.join(d, 'src', 'pipe.ts')), expect: /"findings"/ },
    { name: 'evil.json -> /dev/zero', files: { 'src/a.ts': 'export const x = 1;\n' }, setup: (d) => fs.symlinkSync('/dev/zero', path.join(d, 'evil.json')), expect: /"findings"/ },
    { name: '.marketplace-guard.json -> /dev/zero', files: { 'src/a.ts': 'export const x = 1;\n' }, setup: (d) => fs.symlinkSync('/dev/zero', path.join(d, '.marketplace-guard.json')), expect: /"findings"|config/i },
    { name: 'imported module -> /dev/zero', files: { 'src/a.ts': `import { h } from './zero';\n${basicFetch("h(process.env.JIRA_API_TOKEN)")}` }, setup: (d) => fs.symlinkSync('/dev/zero', path.join(d, 'src', 'zero.ts')), expect: /"findings"/ },
    { name: 'data.json -> /proc/self/pagemap', files: { 'src/a.ts': 'export const x = 1;\n' }, setup: (d) => fs.symlinkSync('/proc/self/pagemap', path.join(d, 'data.json')), expect: /"findings"/ },
    { name: '--config /dev/zero', files: { 'src/a.ts': 'export const x = 1;\n' }, args: ['--config', '/dev/zero'], expect: /config/i },
    { name: 'etc -> /etc inside the repository', files: { 'src/a.ts': 'export const x = 1;\n' }, setup: (d) => fs.symlinkSync('/etc', path.join(d, 'etc')), expect: /"findings"/ },
    { name: 'all -> / inside the repository', files: { 'src/a.ts': 'export const x = 1;\n' }, setup: (d) => fs.symlinkSync('/', path.join(d, 'all')), expect: /"findings"/ },
    { name: 'a token literal (control: normal input)', files: { 'src/a.ts': `export const token = '${FAKE_TOKEN}';\n` }, expect: /no-api-token-literal/ },
  ];
}

function mkfifo(p: string): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  const r = spawnSync('mkfifo', [p]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

interface Result {
  readonly seconds: number;
  readonly rssMiB: number;
  readonly exit: string;
  readonly ok: boolean;
}

function run(cli: string, dir: string, input: Input, timeout: number): Result {
  const started = Date.now();
  const r = spawnSync('/usr/bin/time', ['-v', 'timeout', '-s', 'KILL', String(timeout), process.execPath, '--max-old-space-size=2048', cli, 'audit', ...(input.args ?? []), dir, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  const status = /Exit status: (\d+)/.exec(r.stderr)?.[1] ?? String(r.status);
  const killed = status === '137' || /Command terminated by signal 9/.test(r.stderr);
  const out = `${r.stdout}\n${r.stderr}`;
  return { seconds, rssMiB: rss ? Number(rss) / 1024 : 0, exit: killed ? `killed at ${timeout} s` : status, ok: !killed && input.expect.test(out) };
}

function main(): void {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const after = path.resolve(opt('--after') ?? path.join(__dirname, '..', 'dist', 'cli.js'));
  const before = opt('--before');
  const timeout = Number(opt('--timeout') ?? '60');
  const only = opt('--only');
  const rows: string[] = [
    before ? '| input | before: time, peak RSS, exit | after: time, peak RSS, exit | after: expected output |' : '| input | time, peak RSS, exit | expected output |',
    before ? '| --- | --- | --- | --- |' : '| --- | --- | --- |',
  ];
  const cell = (r: Result): string => `${r.seconds.toFixed(1)} s, ${Math.round(r.rssMiB)} MiB, ${r.exit}`;
  for (const input of inputs()) {
    if (only && !input.name.includes(only)) continue;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-hostile-'));
    const dir = path.join(root, 'ws');
    try {
      for (const [p, text] of Object.entries(input.files)) {
        fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        fs.writeFileSync(path.join(dir, p), text);
      }
      fs.mkdirSync(dir, { recursive: true });
      input.setup?.(dir);
      const b = before ? run(path.resolve(before), dir, input, timeout) : undefined;
      const a = run(after, dir, input, timeout);
      rows.push(b ? `| ${input.name} | ${cell(b)} | ${cell(a)} | ${a.ok ? 'yes' : 'NO'} |` : `| ${input.name} | ${cell(a)} | ${a.ok ? 'yes' : 'NO'} |`);
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

main();
