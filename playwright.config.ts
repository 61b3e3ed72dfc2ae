// End-to-end tests: the real cashier UI in Debian's Chromium (no browser download), served by
// the web bridge (`npm run web`) against the Clover simulator and a fake Odoo.
// One worker: the machine has 2 cores and every test shares one counter stack.
import { defineConfig } from '@playwright/test';

const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these Chromium floods the closed network with update and sync requests.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // npm test asks for a JSON report too (PLAYWRIGHT_JSON_OUTPUT_NAME) for its closing summary line.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  outputDir: 'test-results/playwright',
  use: {
    viewport: { width: 1024, height: 768 },
    locale: 'en-US',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'web', testMatch: /web\/.*\.spec\.ts$/ },
    // Electron never runs on the build machines: this project skips itself with a message.
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts$/ },
  ],
});
