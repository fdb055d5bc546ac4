/**
 * Editor tests in a real VS Code (../shared/HARNESS.md): code-server from npm + Debian Chromium via
 * playwright-core. Runs the mocha suite in test/e2e/suite inside the extension host, then a UI pass
 * that saves screenshots to docs/images/, then (with --vsix FILE) a smoke test of the packaged VSIX.
 *
 *   node --import tsx test/e2e/run.ts [--no-build] [--no-ui] [--update-screenshots] [--vsix marketplace-guard.vsix]
 *
 * Needs scripts/setup-editor.sh once on a fresh Debian machine. code-server is cached in .vscode-test/.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser, runSuite, workbenchUrl } from './browser';
import { ensureCodeServer, freePort, runCodeServerCli, startCodeServer, type CodeServerInstall } from './codeServer';
import { uiPass } from './ui';
import { bundleSuite } from './bundle';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'out', 'e2e');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}


/** A throwaway copy of the example app, so tests may edit it. */
function makeWorkspace(tmp: string): string {
  const ws = path.join(tmp, 'workspace', 'legacy-jira-sync');
  fs.cpSync(path.join(ROOT, 'examples', 'legacy-jira-sync'), ws, { recursive: true });
  return ws;
}

async function withCodeServer<T>(
  install: CodeServerInstall,
  stateDir: string,
  run: (url: string) => Promise<T>,
  settings?: Readonly<Record<string, unknown>>,
): Promise<T> {
  const server = await startCodeServer({ install, stateDir, port: await freePort(), log, settings });
  try {
    return await run(server.url);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  if (!flag('--no-build')) execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  const suite = await bundleSuite(OUT, ['index.ts', 'extension.test.ts', 'smoke.ts']);
  // Screenshots go to out/ so a test run never rewrites committed images; `npm run screenshots`
  // (--update-screenshots) refreshes the README's pictures in docs/images/.
  const screenshotDir = flag('--update-screenshots') ? path.join(ROOT, 'docs', 'images') : path.join(OUT, 'screenshots');
  const install = ensureCodeServer(path.join(ROOT, '.vscode-test'), log);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-e2e-'));
  let failures = 0;
  try {
    const browser = await launchBrowser(path.join(tmp, 'chromium'));
    try {
      // 1. The mocha suite inside the extension host.
      const ws = makeWorkspace(tmp);
      const code = await withCodeServer(install, path.join(tmp, 'state-suite'), (url) =>
        runSuite(browser, workbenchUrl(url, ws, { extensionDevelopmentPath: ROOT, extensionTestsPath: suite }), log, 300_000),
      );
      log(`editor suite: exit code ${code}`);
      if (code !== 0) failures++;

      // 2. The UI pass: what a user sees, saved as README screenshots.
      if (!flag('--no-ui')) {
        const uiWs = makeWorkspace(path.join(tmp, 'ui'));
        fs.writeFileSync(
          path.join(uiWs, 'src', 'suppressed.ts'),
          '// marketplace-guard-disable-next-line no-api-token-literal -- fixture for the grammar check\nexport const x = 1;\n',
        );
        const ok = await withCodeServer(install, path.join(tmp, 'state-ui'), (url) =>
          uiPass(browser, workbenchUrl(url, uiWs, { extensionDevelopmentPath: ROOT }), screenshotDir, log),
          // The example has no node_modules: TypeScript's own "cannot find name 'process'" squiggles
          // would crowd the screenshots, so the UI pass shows Marketplace Guard's alone.
          { 'typescript.validate.enable': false, 'javascript.validate.enable': false, 'editor.stickyScroll.enabled': false },
        );
        if (!ok) failures++;
      }

      // 3. The packaged VSIX, installed like a user would, activates and reports.
      const vsix = option('--vsix');
      if (vsix) {
        const stateDir = path.join(tmp, 'state-vsix');
        log(runCodeServerCli(install, stateDir, ['--install-extension', path.resolve(vsix), '--force']).trim());
        const smokeWs = makeWorkspace(path.join(tmp, 'vsix'));
        const code = await withCodeServer(install, stateDir, (url) =>
          runSuite(
            browser,
            workbenchUrl(url, smokeWs, { extensionDevelopmentPath: path.join(__dirname, 'smoke'), extensionTestsPath: path.join(OUT, 'suite', 'smoke.js') }),
            log,
            180_000,
          ),
        );
        log(`vsix smoke test: exit code ${code}`);
        if (code !== 0) failures++;
      }
    } finally {
      await browser.close();
    }
  } finally {
    if (!flag('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
  log(`editor tests ${failures === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
