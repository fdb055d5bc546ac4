import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { Rng } from '../../bench/gen/rng';
import { generateCode } from '../../bench/gen/code';
import { analyseFile } from '../../server/src/core/engine';
import { fakeApiToken } from '../support/secrets';
import { buildServer, makeWorkspace, TestClient } from './harness';

/**
 * Protocol soak (issue 7): N random incremental edits over four open documents (TypeScript with
 * planted violations, TSX, a Forge manifest, a .env), sent in bursts; after each burst the client
 * waits for the diagnostics of the last version, so the server really re-parses and re-analyses.
 * At the end every document's diagnostics must equal a fresh in-process analysis of the client's
 * text (nothing lost, nothing stale), and the server must still answer. The server's heap (after a
 * forced GC) is sampled before and after through a preloaded signal hook.
 *
 * `npm run soak` runs 10,000 edits; the test suite runs 1,000 (test/lsp/soak.test.ts).
 */

export interface SoakResult {
  readonly edits: number;
  readonly bursts: number;
  readonly ms: number;
  readonly heapBeforeMiB: number;
  readonly heapAfterMiB: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
  /** Total characters of the open documents at the start and the end (edits grow or shrink them). */
  readonly charsBefore: number;
  readonly charsAfter: number;
  /** Documents whose final diagnostics differ from a fresh analysis (should be none). */
  readonly mismatches: string[];
  readonly crashed: boolean;
  readonly serverErrors: string[];
}

const HOOK = String.raw`
'use strict';
const fs = require('fs');
const v8 = require('v8');
v8.setFlagsFromString('--expose-gc');
const gc = require('vm').runInNewContext('gc');
process.on('SIGUSR2', () => {
  if (typeof gc === 'function') { gc(); gc(); }
  const m = process.memoryUsage();
  fs.writeFileSync(process.env.MG_SOAK_MEM + '.tmp', JSON.stringify({ heapUsed: m.heapUsed, rss: m.rss }));
  fs.renameSync(process.env.MG_SOAK_MEM + '.tmp', process.env.MG_SOAK_MEM);
});
`;

const FRAGMENTS = [
  ' ', '\n', '\r\n', '(', ')', '{', '}', '[', ']', ';', "'", '"', '`', '${', '//', '/*', '*/', '<div>', '</div>', 'é', '🙂',
  'const jiraApiToken = ', "fetch('https://acme.atlassian.net/rest/api/3/issue', { headers: { Authorization: 'Basic ' + btoa('me:' + jiraApiToken) } })",
  "kvs.set('apiToken', t)", 'import api from "@forge/api";', '  - read:jira-work\n', 'permissions:\n  scopes:\n', 'JIRA_API_TOKEN=', 'export ', 'await ',
  '// marketplace-guard-disable-next-line no-api-token-literal -- soak\n',
];

interface OpenDoc {
  readonly rel: string;
  readonly uri: string;
}

/** A random edit as offsets into the current text: insert, delete, replace, a token, or a paste. */
function randomEdit(rng: Rng, text: string, token: string): { from: number; to: number; text: string } {
  const at = rng.int(0, text.length);
  const kind = rng.int(0, 9);
  let del = 0;
  let insert = '';
  if (kind <= 3) insert = rng.pick(FRAGMENTS);
  else if (kind <= 5) del = Math.min(text.length - at, rng.int(1, 30));
  else if (kind <= 7) {
    del = Math.min(text.length - at, rng.int(1, 10));
    insert = rng.pick(FRAGMENTS);
  } else if (kind === 8) insert = `'${token}'`;
  else insert = text.slice(at, at + rng.int(0, 200)); // paste a copy of nearby text
  return { from: at, to: at + del, text: insert };
}

function memPath(dir: string): string {
  return path.join(dir, 'mem.json');
}

async function sample(client: TestClient, file: string): Promise<{ heapUsed: number; rss: number }> {
  fs.rmSync(file, { force: true });
  client.child.kill('SIGUSR2');
  for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof v === 'object' && v !== null && 'heapUsed' in v && 'rss' in v && typeof v.heapUsed === 'number' && typeof v.rss === 'number') return { heapUsed: v.heapUsed, rss: v.rss };
  throw new Error('no memory sample');
}

function findingKeys(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => typeof d.code === 'string')
    .map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`)
    .sort();
}

export async function runSoak(edits: number, seed = 0x50a4): Promise<SoakResult> {
  buildServer(); // before the hook goes into the environment
  const rng = new Rng(seed);
  const token = fakeApiToken();
  const hookDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-soak-'));
  const hook = path.join(hookDir, 'hook.js');
  fs.writeFileSync(hook, HOOK);
  const folder = makeWorkspace({ 'README.md': '# soak\n' });
  const saved = { options: process.env['NODE_OPTIONS'], mem: process.env['MG_SOAK_MEM'] };
  process.env['NODE_OPTIONS'] = `${saved.options ? `${saved.options} ` : ''}--require ${hook}`;
  process.env['MG_SOAK_MEM'] = memPath(hookDir);
  let client: TestClient | undefined;
  const start = Date.now();
  try {
    client = await TestClient.start(folder);
    if (saved.options === undefined) delete process.env['NODE_OPTIONS'];
    else process.env['NODE_OPTIONS'] = saved.options;
    const docs: OpenDoc[] = [];
    const openDoc = async (rel: string, text: string, languageId: string): Promise<void> => {
      if (!client) return;
      const { uri } = await client.open(rel, text, languageId);
      docs.push({ rel, uri });
    };
    await openDoc('src/sync.ts', generateCode(rng, { lines: 400, lang: 'ts', forge: false, plant: ['no-api-token-basic-auth', 'no-api-token-storage'] }), 'typescript');
    await openDoc('src/Settings.tsx', generateCode(rng, { lines: 200, lang: 'tsx', forge: false, plant: ['no-api-token-collection'] }), 'typescriptreact');
    await openDoc('forge/manifest.yml', 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - read:jira-work\n', 'yaml');
    await openDoc('.env', `JIRA_BASE_URL=https://acme.atlassian.net\nJIRA_API_TOKEN=${token}\n`, 'dotenv');
    const before = await sample(client, memPath(hookDir));
    const chars = (): number => docs.reduce((n, d) => n + (client?.text(d.uri).length ?? 0), 0);
    const charsBefore = chars();

    let sent = 0;
    let bursts = 0;
    while (sent < edits) {
      const doc = rng.pick(docs);
      const burst = Math.min(edits - sent, rng.int(1, 40));
      for (let i = 0; i < burst; i++) {
        const td = client.doc(doc.uri);
        const e = randomEdit(rng, td.getText(), token);
        const change: TextDocumentContentChangeEvent = { range: { start: td.positionAt(e.from), end: td.positionAt(e.to) }, text: e.text };
        if (i === burst - 1) await client.changeAndWait(doc.uri, [change]);
        else await client.change(doc.uri, [change]);
      }
      sent += burst;
      bursts++;
      if (client.child.exitCode !== null) break;
    }

    // Settle: each document once more, then compare with a fresh analysis of the client's text.
    const mismatches: string[] = [];
    for (const doc of docs) {
      const td = client.doc(doc.uri);
      const end = td.positionAt(td.getText().length);
      const diagnostics = await client.changeAndWait(doc.uri, [{ range: { start: end, end }, text: '\n' }]);
      const fresh = analyseFile(doc.rel, client.text(doc.uri)).findings.map(
        (f) => {
          const s = td.positionAt(f.range.start);
          const e = td.positionAt(f.range.end);
          return `${f.ruleId}@${s.line}:${s.character}-${e.line}:${e.character}`;
        },
      ).sort();
      if (JSON.stringify(findingKeys(diagnostics)) !== JSON.stringify(fresh)) mismatches.push(doc.rel);
    }
    const after = await sample(client, memPath(hookDir));
    const MiB = 1024 * 1024;
    return {
      edits: sent,
      bursts,
      ms: Date.now() - start,
      heapBeforeMiB: before.heapUsed / MiB,
      heapAfterMiB: after.heapUsed / MiB,
      rssBeforeMiB: before.rss / MiB,
      rssAfterMiB: after.rss / MiB,
      charsBefore,
      charsAfter: chars(),
      mismatches,
      crashed: client.child.exitCode !== null,
      serverErrors: client.logs.filter((l) => /failed|error/i.test(l)).slice(0, 5),
    };
  } finally {
    await client?.stop();
    if (saved.options === undefined) delete process.env['NODE_OPTIONS'];
    else process.env['NODE_OPTIONS'] = saved.options;
    if (saved.mem === undefined) delete process.env['MG_SOAK_MEM'];
    else process.env['MG_SOAK_MEM'] = saved.mem;
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(hookDir, { recursive: true, force: true });
  }
}

function format(r: SoakResult): string {
  return [
    `${r.edits.toLocaleString('en-US')} edits in ${r.bursts} bursts, ${(r.ms / 1000).toFixed(1)} s`,
    `server heap after GC: ${r.heapBeforeMiB.toFixed(1)} MiB before, ${r.heapAfterMiB.toFixed(1)} MiB after; RSS ${r.rssBeforeMiB.toFixed(0)} → ${r.rssAfterMiB.toFixed(0)} MiB`,
    `open documents: ${(r.charsBefore / 1024).toFixed(0)} KiB of text before, ${(r.charsAfter / 1024).toFixed(0)} KiB after (the edits paste more than they delete)`,
    `crashed: ${r.crashed ? 'YES' : 'no'}; documents whose diagnostics differ from a fresh analysis: ${r.mismatches.length ? r.mismatches.join(', ') : 'none'}`,
    ...(r.serverErrors.length ? [`server log errors: ${r.serverErrors.join(' | ')}`] : []),
  ].join('\n');
}

export { format as formatSoak };

if (require.main === module) {
  const n = Number(process.argv[2] ?? 10_000);
  runSoak(Number.isInteger(n) && n > 0 ? n : 10_000).then(
    (r) => {
      process.stdout.write(`${format(r)}\n`);
      process.exitCode = r.crashed || r.mismatches.length > 0 ? 1 : 0;
    },
    (err: unknown) => {
      process.stderr.write(`soak: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
