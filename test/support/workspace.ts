import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Files of a generated workspace: relative path → text or bytes. */
export type Tree = Readonly<Record<string, string | Buffer>>;

/** Writes a workspace into a fresh temporary folder and returns its absolute path. */
export function makeWorkspace(files: Tree, name = 'ws'): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-test-')), name);
  fs.mkdirSync(root, { recursive: true });
  writeTree(root, files);
  return root;
}

export function writeTree(root: string, files: Tree): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

/** Removes a folder made by makeWorkspace (its temporary parent included). */
export function removeWorkspace(root: string): void {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

let built = false;

/** Bundles dist/cli.js once per test run (the CLI tests spawn the real bundle). */
export function buildCliOnce(): void {
  if (built) return;
  const r = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node esbuild.js failed:\n${r.stderr}${r.stdout}`);
  built = true;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js …args` and waits for it; NO_COLOR keeps the text output plain. */
export function runCli(args: readonly string[], cwd: string = REPO_ROOT): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
