import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot } from './browser';

/**
 * The UI pass: drives the workbench as a user would (keyboard, mouse), checks what is on screen, and
 * saves the README screenshots. Every step waits for an element, never for a fixed time.
 */
export async function uiPass(context: BrowserContext, url: string, outDir: string, log: (line: string) => void): Promise<boolean> {
  const page = await context.newPage();
  const failures: string[] = [];
  const step = async (name: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
      log(`  ✔ ui: ${name}`);
    } catch (err) {
      failures.push(name);
      log(`  ✖ ui: ${name}: ${err instanceof Error ? err.message.split('\n').slice(0, 4).join(' | ') : String(err)}`);
      await screenshot(page, path.join(outDir, `failed-${name.replace(/\W+/g, '-')}.png`)).catch(() => undefined);
    }
  };
  try {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });

    await step('squiggle and hover', async () => {
      await openFile(page, 'jiraClient.ts');
      // The findings sit below the first screen: page down until a Marketplace Guard squiggle shows.
      await page.locator('.monaco-editor .view-line').first().click();
      const squiggle = page.locator('.monaco-editor .squiggly-error').first();
      for (let i = 0; i < 6 && !(await squiggle.isVisible()); i++) {
        await page.keyboard.press('PageDown');
        await page.locator('.monaco-editor .view-line').first().waitFor();
      }
      await squiggle.waitFor({ timeout: 30_000 });
      // The last visible squiggle: the first may sit at the very top, under the breadcrumbs.
      const target = page.locator('.monaco-editor .squiggly-error').last();
      const box = await target.boundingBox();
      if (!box) throw new Error('the squiggle has no box');
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Personal access tokens' }).first();
      const quickFix = page.locator('.monaco-hover:visible .action', { hasText: 'Quick Fix' }).first();
      // The hover lists its actions from the code actions known when it opens: on a busy machine
      // they can come later, so the hover is closed and opened again (never a failure by timing alone).
      for (let attempt = 1; ; attempt++) {
        await page.mouse.move(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2);
        await hover.waitFor({ timeout: 15_000 });
        try {
          await quickFix.waitFor({ timeout: 10_000 });
          break;
        } catch (err) {
          if (attempt === 3) throw err;
          await page.mouse.move(0, 0);
          await page.keyboard.press('Escape');
          await hover.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
        }
      }
      await screenshot(page, path.join(outDir, 'squiggle-hover.png'));
    });

    await step('problems panel', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'no-api-token-basic-auth' }).first().waitFor({ timeout: 15_000 });
      await screenshot(page, path.join(outDir, 'problems-panel.png'));
    });

    await step('suppression directive highlighting', async () => {
      await openFile(page, 'suppressed.ts');
      const line = page.locator('.monaco-editor .view-line', { hasText: 'marketplace-guard-disable-next-line' }).first();
      await line.waitFor({ timeout: 15_000 });
      // With the injection grammar the directive, rule id and reason are their own tokens, each
      // coloured differently from the surrounding comment; without it the comment is one span.
      const spans = await line.locator('span > span').evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent ?? '', color: e.ownerDocument.defaultView?.getComputedStyle(e).color ?? '' })),
      );
      const colorOf = (text: string): string | undefined => spans.find((s) => s.text.includes(text))?.color;
      const directive = colorOf('marketplace-guard-disable-next-line');
      const comment = colorOf('//');
      const ruleId = spans.find((s) => s.text.trim() === 'no-api-token-literal');
      if (!ruleId) throw new Error(`the rule id is not its own token: ${JSON.stringify(spans)}`);
      if (!directive || directive === comment) throw new Error(`the directive is not highlighted: ${JSON.stringify(spans)}`);
    });

    await step('compliance tree after Audit Workspace', async () => {
      await runCommand(page, 'Marketplace Guard: Audit Workspace');
      await page.locator('.notifications-toasts', { hasText: 'Marketplace Guard:' }).filter({ hasText: 'error' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.notifications-toasts', { hasText: 'auditing the workspace' }).waitFor({ state: 'detached' });
      await runCommand(page, 'Marketplace Guard: Focus on Compliance View');
      // Room for the counts and the deadline note: close the panel, widen the side bar.
      await page.locator('.part.panel .action-label[aria-label^="Hide Panel"]').first().click();
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
      const sidebar = await page.locator('.part.sidebar').boundingBox();
      if (sidebar) {
        const x = sidebar.x + sidebar.width;
        await page.mouse.move(x - 1, sidebar.y + 300);
        await page.mouse.down();
        await page.mouse.move(x + 260, sidebar.y + 300, { steps: 8 });
        await page.mouse.up();
      }
      const rows = page.locator('.part.sidebar .monaco-list-row');
      await rows.filter({ hasText: 'overdue since 2026-01-01' }).first().waitFor({ timeout: 15_000 });
      await rows.filter({ hasText: 'no-api-token-basic-auth' }).first().waitFor();
      await rows.filter({ hasText: 'jiraClient.ts' }).first().waitFor();
      await screenshot(page, path.join(outDir, 'compliance-tree.png'));
    });

    await step('five audits render the same tree, every finding under its own rule', async () => {
      const rows = page.locator('.part.sidebar .pane-body .monaco-list-row');
      // What a screen reader gets from each rendered row: its level and its label (severity word first).
      const read = async (): Promise<string[]> =>
        rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-level') ?? '?'} ${e.getAttribute('aria-label') ?? ''}`));
      const settled = async (): Promise<string[]> => {
        let last = await read();
        for (let i = 0; i < 40; i++) {
          await page.waitForTimeout(250);
          const now = await read();
          if (now.join('\n') === last.join('\n') && now.length > 0) return now;
          last = now;
        }
        throw new Error('the tree never settled');
      };
      const first = await settled();
      checkRuleChildren(first);
      for (let i = 2; i <= 5; i++) {
        await runCommand(page, 'Marketplace Guard: Audit Workspace');
        const progress = page.locator('.notifications-toasts', { hasText: 'auditing the workspace' });
        // A fast audit may finish before its progress toast is seen: then the settled tree is read directly.
        await progress.waitFor({ state: 'attached', timeout: 5_000 }).catch(() => undefined);
        await progress.waitFor({ state: 'detached', timeout: 60_000 });
        const now = await settled();
        checkRuleChildren(now);
        if (now.join('\n') !== first.join('\n')) throw new Error(`audit ${i} rendered another tree:\n${now.join('\n')}\nfirst:\n${first.join('\n')}`);
      }
    });
  } finally {
    await page.close();
  }
  return failures.length === 0;
}

async function quickInput(page: Page): Promise<ReturnType<Page['locator']>> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  return input;
}

async function runCommand(page: Page, title: string): Promise<void> {
  const input = await quickInput(page);
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, name: string): Promise<void> {
  const input = await quickInput(page);
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** Each rendered finding row (level 3, "Error: …, <rule>") sits under the rule row (level 2) it names. */
function checkRuleChildren(rows: readonly string[]): void {
  let rule = '';
  for (const row of rows) {
    const [level = '', ...rest] = row.split(' ');
    const label = rest.join(' ');
    if (level === '2') rule = /^Rule (\S+):/.exec(label)?.[1] ?? '';
    if (level === '3' && !label.endsWith(`, ${rule}`)) throw new Error(`"${label}" is under rule ${rule}`);
  }
  if (!rows.some((r) => r.startsWith('3 '))) throw new Error(`no finding rows rendered: ${rows.join(' | ')}`);
}
