// The same UI inside the real Electron shell (preload + IPC). Electron never runs on the
// build machines (no binary is downloaded there), so this skips itself with the reason.
// The binary is looked up on disk: require('electron') would try to DOWNLOAD it when missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

function electronBinary(): { path: string | null; why: string } {
  const pkg = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, why: `${pathFile} is missing (the electron package never fetched its binary)` };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary, why: '' } : { path: null, why: `${binary} does not exist` };
}

test('the desktop window opens on the sale screen', async () => {
  const { path, why } = electronBinary();
  test.skip(!path, `Electron binary not available on this machine: ${why}`);
  const app = await electron.launch({ executablePath: path!, args: ['.'], env: { ...process.env, CLOVER_ENV: 'simulator' } });
  try {
    const win = await app.firstWindow();
    await expect(win.getByLabel('Amount', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(win.getByRole('button', { name: 'Pay on terminal', exact: true })).toBeVisible();
    // The preload, not the web twin, must be in use: window.counter is the contract.
    expect(await win.evaluate(() => typeof window.counter?.sales?.start)).toBe('function');
  } finally {
    await app.close();
  }
});
