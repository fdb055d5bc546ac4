import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * code-server from npm: a real VS Code workbench and extension host that runs on this kind of
 * machine (no VS Code download, no Electron). Every step below works around a pitfall recorded in
 * ../shared/HARNESS.md.
 */
export const CODE_SERVER_VERSION = '4.100.3';

const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export interface CodeServerInstall {
  readonly bin: string;
}

/** Installs code-server into `<toolsDir>/code-server-<version>` once; later calls reuse it. */
export function ensureCodeServer(toolsDir: string, log: (line: string) => void): CodeServerInstall {
  const prefix = path.join(toolsDir, `code-server-${CODE_SERVER_VERSION}`);
  const bin = path.join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(prefix, '.installed');
  if (fs.existsSync(marker) && fs.existsSync(bin)) return { bin };

  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  // A private package.json keeps this install out of the project's lockfile and node_modules.
  fs.writeFileSync(
    path.join(prefix, 'package.json'),
    JSON.stringify({ name: 'editor-test-tools', private: true }, null, 2),
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-cs-install-'));
  prefillRipgrepCache(tmp);
  log(`installing code-server@${CODE_SERVER_VERSION} into ${prefix} (once, ~2 min)`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmp,
    // node-gyp must build against the installed Node headers, not download them.
    npm_config_nodedir: '/usr',
    // code-server's postinstall runs `npx node-gyp`.
    npm_config_yes: 'true',
    // npm ≥ 11.x skips dependency install scripts unless approved; code-server's postinstall runs
    // nested `npm install`s for VS Code's native modules, which no package.json list can reach.
    npm_config_dangerously_allow_all_scripts: 'true',
    // code-server's postinstall.sh refuses to run as root unless this is set (HARNESS.md).
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const args = ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`];
  if (process.getuid?.() === 0) args.push('--unsafe-perm');
  execFileSync('npm', args, { cwd: prefix, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (!fs.existsSync(bin)) throw new Error(`code-server install finished but ${bin} is missing`);
  fs.writeFileSync(marker, new Date().toISOString());
  fs.rmSync(tmp, { recursive: true, force: true });
  return { bin };
}

/** @vscode/ripgrep's postinstall downloads from GitHub; hand it Debian's binary instead. */
function prefillRipgrepCache(tmp: string): void {
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p));
  if (!rg) throw new Error('ripgrep is missing: run scripts/setup-editor.sh');
  const cache = path.join(tmp, RIPGREP_CACHE);
  const stage = path.join(tmp, 'rg-stage');
  fs.mkdirSync(cache, { recursive: true });
  fs.mkdirSync(stage, { recursive: true });
  fs.copyFileSync(rg, path.join(stage, 'rg'));
  fs.chmodSync(path.join(stage, 'rg'), 0o755);
  execFileSync('tar', ['-czf', path.join(cache, RIPGREP_ASSET), '-C', stage, 'rg']);
}

export interface RunningCodeServer {
  readonly port: number;
  readonly url: string;
  /** Kills the whole process group (file watchers outlive the main process otherwise). */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly install: CodeServerInstall;
  /** A fresh folder for user data, extensions, HOME and XDG dirs. */
  readonly stateDir: string;
  readonly port: number;
  readonly log: (line: string) => void;
  /** Extra user settings. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra CLI arguments (e.g. `--install-extension`). */
  readonly extraArgs?: readonly string[];
}

export function codeServerEnv(stateDir: string): NodeJS.ProcessEnv {
  const home = path.join(stateDir, 'home');
  for (const d of ['home', 'config', 'data']) fs.mkdirSync(path.join(stateDir, d), { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(stateDir, 'config'),
    XDG_DATA_HOME: path.join(stateDir, 'data'),
  };
}

/** Runs code-server once with arguments that exit (e.g. `--install-extension x.vsix`). */
export function runCodeServerCli(install: CodeServerInstall, stateDir: string, args: readonly string[]): string {
  return execFileSync(
    process.execPath,
    [install.bin, ...dirArgs(stateDir), ...args],
    { env: codeServerEnv(stateDir), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function dirArgs(stateDir: string): string[] {
  return [
    '--user-data-dir',
    path.join(stateDir, 'user-data'),
    '--extensions-dir',
    path.join(stateDir, 'extensions'),
  ];
}

export async function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const { install, stateDir, port, log } = options;
  const userSettings = path.join(stateDir, 'user-data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(
    userSettings,
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const args = [
    install.bin,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...dirArgs(stateDir),
    ...(options.extraArgs ?? []),
  ];
  // setsid: a new process group, so one kill reaches the watcher children too.
  const child: ChildProcess = spawn('setsid', [process.execPath, ...args], {
    env: codeServerEnv(stateDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = fs.createWriteStream(path.join(stateDir, 'code-server.log'));
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 60_000);
  log(`code-server ${CODE_SERVER_VERSION} listening on ${url}`);

  return {
    port,
    url,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        const timer = setTimeout(() => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }, 5_000);
        await exited;
        clearTimeout(timer);
      }
      logFile.end();
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    // Polling a port has no event to wait on; a short back-off keeps it cheap.
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const net = await import('net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
