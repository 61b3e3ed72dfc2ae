// Playwright fixtures: one counter stack per worker (tests run one at a time on one worker),
// a page opened on its UI, and a screenshot helper every test ends with.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startStack, type Stack } from './stack';

export { expect };

export const SHOTS_DIR = join(process.cwd(), 'test-results', 'screenshots');
export const DOCS_SHOTS_DIR = join(process.cwd(), 'docs', 'screenshots');

/** Saves test-results/screenshots/<name>.png (and docs/screenshots/<name>.png when asked). */
export async function shot(page: Page, name: string, opts: { docs?: boolean } = {}): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
  if (opts.docs) {
    await mkdir(DOCS_SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(DOCS_SHOTS_DIR, `${name}.png`) });
  }
}

/** Opens the counter and waits until the sale screen is ready. */
export async function openCounter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByLabel('Amount', { exact: true })).toBeVisible({ timeout: 30_000 });
}

async function attachBridgeOutput(stack: Stack, testInfo: TestInfo): Promise<void> {
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('bridge-output.txt', { body: stack.bridge.output.join('\n'), contentType: 'text/plain' });
}

export const test = base.extend<{ counter: Page; consoleLines: string[] }, { stack: Stack }>({
  stack: [
    async ({}, use) => {
      const stack = await startStack();
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  consoleLines: async ({ page }, use) => {
    const lines: string[] = [];
    page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
    await use(lines);
  },
  counter: async ({ page, stack, consoleLines }, use, testInfo) => {
    void consoleLines;
    await openCounter(page, stack.bridge.uiUrl);
    await use(page);
    await attachBridgeOutput(stack, testInfo);
  },
});
