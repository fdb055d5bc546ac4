/**
 * The editor suite (test/e2e/suite) in desktop VS Code, through `@vscode/test-electron`'s `runTests`:
 * for a developer's machine or a CI that can download VS Code. Where VS Code cannot be downloaded (the
 * machines this project is built on reach only the npm registry) it prints one line saying so and exits
 * 0; `npm test` runs the same suite in code-server instead (test/e2e/run.ts, ../shared notes).
 *
 *   npm run test:electron [-- --no-build] [--vscode-version 1.100.3]
 *
 * On Linux without a display, run it under `xvfb-run -a`. VS Code is cached in out/electron/vscode.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleSuite } from '../e2e/bundle';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'out', 'electron');
const args = process.argv.slice(2);
/** `--vscode-version X` (e.g. 1.100.3, the engine code-server runs), else the latest stable VS Code. */
const version = (args.includes('--vscode-version') ? args[args.indexOf('--vscode-version') + 1] : undefined) ?? 'stable';
/** Idle timeout of the download: an offline machine fails at once, a slow one gets this long between bytes. */
const DOWNLOAD_TIMEOUT_MS = 15_000;

type TestElectron = typeof import('@vscode/test-electron');

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The reason of a failure, on one line. */
function reason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const text = typeof e?.code === 'string' ? e.code : err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]?.trim() ?? '';
}


/** VS Code's executable, or undefined (after one line saying why) when it cannot be had here. */
async function vscodeExecutable(): Promise<{ electron: TestElectron; executable: string } | undefined> {
  let electron: TestElectron;
  try {
    // Lazily: the launcher's only dependency on the package, so a checkout without it still says why.
    electron = await import('@vscode/test-electron');
  } catch (err) {
    say(`test:electron skipped: @vscode/test-electron is not installed (${reason(err)}); the editor suite runs in code-server (npm run test:e2e).`);
    return undefined;
  }
  const silent = { report: (): void => undefined, error: (): void => undefined };
  try {
    const executable = await electron.download({ version, timeout: DOWNLOAD_TIMEOUT_MS, cachePath: path.join(OUT, 'vscode'), reporter: silent });
    return { electron, executable };
  } catch (err) {
    say(`test:electron skipped: VS Code ${version} cannot be downloaded here (${reason(err)}); the editor suite runs in code-server (npm run test:e2e).`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const vscode = await vscodeExecutable();
  if (!vscode) return 0;
  if (!args.includes('--no-build')) execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  const suite = await bundleSuite(OUT, ['index.ts', 'extension.test.ts']);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-electron-'));
  try {
    // A throwaway copy of the example app, as in code-server: the tests may edit it.
    const ws = path.join(tmp, 'legacy-jira-sync');
    fs.cpSync(path.join(ROOT, 'examples', 'legacy-jira-sync'), ws, { recursive: true });
    await vscode.electron.runTests({
      vscodeExecutablePath: vscode.executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(tmp, 'user-data')],
    });
    say('test:electron: editor suite passed in desktop VS Code.');
    return 0;
  } catch (err) {
    say(`test:electron: editor suite FAILED in desktop VS Code (${reason(err)}).`);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
