import * as fs from 'fs';
import * as path from 'path';
import { runNode, type ProcessRun, type RssMethod } from './measure';

/**
 * The peers SPEC §7 compares against, run offline from node_modules on the same generated
 * workspace: secretlint with its recommended preset (every file), and ESLint with
 * eslint-plugin-no-secrets (the code files: ESLint lints JavaScript/TypeScript only; TypeScript is
 * parsed with @typescript-eslint/parser, as a TypeScript project would). Configs are written next
 * to the workspace, never into it.
 */

export interface PeerRun {
  readonly name: string;
  /** What it was asked to check, in words, for the table. */
  readonly scope: string;
  readonly wallMs: number;
  readonly peakRssMiB: number;
  readonly exitCode: number | null;
  /** Findings it reported (its own notion: secretlint messages, ESLint messages). */
  readonly findings: number;
  /** Set when it could not run; the row then says why. */
  readonly error?: string;
  /** Stopped at the time limit: its time is at least wallMs. */
  readonly timedOut?: boolean;
}

/** A peer that has not finished in this time is stopped; its row says "> limit". */
export const PEER_TIMEOUT_MS = 5 * 60 * 1000;

const ROOT = path.resolve(__dirname, '..');

/** With a time limit, the peer must be our direct child (GNU time would outlive a kill of it). */
function peerMethod(method: RssMethod): RssMethod {
  return method === 'gnu-time' ? 'resource-usage-hook' : method;
}

function countJson(stdout: string, count: (json: unknown) => number): number {
  try {
    return count(JSON.parse(stdout));
  } catch {
    return Number.NaN;
  }
}

function messagesOf(json: unknown): number {
  if (!Array.isArray(json)) return Number.NaN;
  let n = 0;
  for (const r of json) {
    if (typeof r === 'object' && r !== null && 'messages' in r && Array.isArray(r.messages)) n += r.messages.length;
  }
  return n;
}

function toPeer(name: string, scope: string, run: ProcessRun, count: (stdout: string) => number): PeerRun {
  if (run.timedOut) return { name, scope, wallMs: run.wallMs, peakRssMiB: Number.NaN, exitCode: null, findings: Number.NaN, timedOut: true };
  const ok = run.status === 0 || run.status === 1;
  return {
    name,
    scope,
    wallMs: run.wallMs,
    peakRssMiB: run.peakRssMiB,
    exitCode: run.status,
    findings: count(run.stdout),
    ...(ok ? {} : { error: run.stderr.trim().split('\n').slice(0, 3).join(' ') || `exit ${run.status}` }),
  };
}

/** secretlint "**\/*" with @secretlint/secretlint-rule-preset-recommend (the preset it recommends). */
export function runSecretlint(workspace: string, workDir: string, method: RssMethod): PeerRun {
  const rc = path.join(workDir, 'secretlintrc.json');
  fs.writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const bin = path.join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  // `unix` prints one line a finding; its `json` format would echo every file's content.
  const run = runNode([bin, '**/*', '.env*', '**/.env*', '--secretlintrc', rc, '--format', 'unix', '--no-color'], peerMethod(method), workDir, workspace, {}, PEER_TIMEOUT_MS);
  return toPeer('secretlint 12 + preset-recommend', 'every file', run, (out) => out.split('\n').filter((l) => /:\d+:\d+: /.test(l)).length);
}

/** ESLint with only eslint-plugin-no-secrets' `no-secrets` rule, over the code files. */
export function runEslintNoSecrets(workspace: string, workDir: string, method: RssMethod): PeerRun {
  const config = path.join(workDir, 'eslint.config.mjs');
  const rel = path.relative(workDir, workspace).split(path.sep).join('/');
  fs.writeFileSync(
    config,
    `import noSecrets from 'eslint-plugin-no-secrets';
import tsParser from '@typescript-eslint/parser';
const code = ['${rel}/**/*.{js,jsx,mjs,cjs}'];
const ts = ['${rel}/**/*.{ts,tsx,mts,cts}'];
const rules = { 'no-secrets/no-secrets': 'error' };
export default [
  { files: code, plugins: { 'no-secrets': noSecrets }, languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } }, rules },
  { files: ts, plugins: { 'no-secrets': noSecrets }, languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } }, rules },
];
`,
  );
  const bin = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = runNode([bin, '--config', config, '--format', 'json', '--no-warn-ignored', rel], peerMethod(method), workDir, workDir, {}, PEER_TIMEOUT_MS);
  return toPeer('ESLint 10 + eslint-plugin-no-secrets', 'code files', run, (out) => countJson(out, messagesOf));
}
