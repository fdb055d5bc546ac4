import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium driven by playwright-core (never `npx playwright install`: no downloads here). */
export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (!executablePath) throw new Error('Chromium is missing: run scripts/setup-editor.sh');
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 860 },
    // Copy Findings writes the clipboard and the editor suite reads it back.
    permissions: ['clipboard-read', 'clipboard-write'],
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Payload {
  readonly extensionDevelopmentPath?: string;
  readonly extensionTestsPath?: string;
}

/** The workbench URL that loads a development extension (and its tests): code-server has no CLI flag for it. */
export function workbenchUrl(serverUrl: string, folder: string, payload: Payload): string {
  const host = new URL(serverUrl).host;
  const remote = (p: string): string => `vscode-remote://${host}${path.resolve(p)}`;
  const entries: [string, string][] = [['skipWelcome', 'true']];
  if (payload.extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
  if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  return `${serverUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/** Runs the extension-host suite in a page; resolves with its exit code (0 = all passed). */
export async function runSuite(
  context: BrowserContext,
  url: string,
  log: (line: string) => void,
  timeoutMs: number,
): Promise<number> {
  const page = await context.newPage();
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  // The workbench calls these hooks when it runs extension tests (VS Code's automation contract).
  // The workbench forwards the extension host's console (printf-style arguments).
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    log(format(...args).replace(/\n$/, ''));
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  await page.goto(url);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      log(`editor suite timed out after ${timeoutMs} ms`);
      resolve(124);
    }, timeoutMs);
  });
  const code = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  await page.close();
  return code;
}

export async function screenshot(page: Page, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
}
