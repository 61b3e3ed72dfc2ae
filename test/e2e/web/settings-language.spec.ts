// Settings that change the whole screen at once: language (live, English <-> French Canada)
// and training mode (a permanent TRAINING banner). Also the end-of-day screen.
import { expect, openCounter, shot, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import { selectedTerminal } from '../support/cashier';
import { ensureManagerPin, forgetManagerPin, MANAGER_PIN } from '../support/manager-pin';

test('switching to French (Canada) relabels everything live', async ({ counter: page }) => {
  await page.keyboard.press('F4');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.getByLabel('Language', { exact: true }).selectOption('fr-CA');
  await expect(page.getByRole('heading', { name: 'Réglages', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');
  await shot(page, 'settings-fr');
  await page.keyboard.press('F1');
  await expect(page.getByLabel('Montant', { exact: true })).toBeFocused();
  await page.getByLabel('Montant', { exact: true }).fill('12,34');
  await expect(page.getByRole('button', { name: 'Payer sur le terminal', exact: true })).toBeVisible();
  await expect(page.getByText('Total à débiter')).toBeVisible();
  await shot(page, 'sale-fr');
  await page.getByLabel('Montant', { exact: true }).fill('');
  await page.keyboard.press('F4');
  await page.getByLabel('Langue', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  // Saving one setting must not reset the others (the terminals above all).
  await page.keyboard.press('F1');
  await selectedTerminal(page);
});

test('training mode shows a permanent banner; turning it off takes the manager PIN', async ({ counter: page, stack }) => {
  await ensureManagerPin(stack.bridge.uiUrl);
  await page.keyboard.press('F4');
  const training = page.getByLabel(/Training mode/);
  await training.check();
  const banner = page.getByText(/TRAINING MODE — no real money moves/);
  await expect(banner).toBeVisible();
  await page.keyboard.press('F1');
  await expect(banner).toBeVisible(); // on every screen
  await shot(page, 'training-banner');
  await expectAccessible(page, 'training-banner');
  await page.keyboard.press('F4');
  const general = page.getByRole('region', { name: 'Training and language' });
  // Refused: the box springs back at once, so it is clicked, not "unchecked" (which would wait
  // to see it change).
  await general.getByLabel(/Training mode/).click();
  await expect(general.getByText('Not saved: Changing training mode (turning it off) needs the manager PIN.')).toBeVisible();
  await expect(general.getByLabel(/Training mode/)).toBeChecked();
  await expect(banner).toBeVisible();
  await general.getByLabel('Manager PIN').fill(MANAGER_PIN);
  await general.getByLabel(/Training mode/).uncheck();
  await expect(banner).toBeHidden();
});

test('end-of-day totals', async ({ counter: page }) => {
  await page.keyboard.press('F5');
  await expect(page.getByRole('heading', { name: /End of day/, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print totals', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Check the audit log' }).click();
  const intact = page.getByText(/The ledger matches its audit log: \d+ records, \d+ log entries, chained\./);
  await expect(intact).toBeVisible();
  // The report names the log's last entry when the totals were made (other tests may have sold
  // on this till, and the sync worker may have logged a delivery since).
  const entries = Number(/(\d+) log entries/.exec(await intact.innerText())![1]);
  const headLine = page.locator('.audit-head');
  await expect(headLine).toHaveText(entries === 0 ? 'The audit log is empty: nothing has been recorded on this till yet.' : /^Audit log up to entry \d+:[0-9a-f]{16}\. Keep this page/);
  if (entries > 0) expect(Number(/entry (\d+):/.exec(await headLine.innerText())![1])).toBeLessThanOrEqual(entries);
  await shot(page, 'end-of-day');
});

test('a manager sets the PIN; changing it needs the current one; the fields never keep it', async ({ counter: page, stack }) => {
  forgetManagerPin(stack.dataDir); // a till as it comes (earlier specs on this stack set one)
  await openCounter(page, stack.bridge.uiUrl);
  await page.keyboard.press('F4');
  await expect(page.getByText('No manager PIN yet: credits to a card are refused until one is set.')).toBeVisible();
  await page.getByLabel('New PIN (4 to 8 digits)').fill(MANAGER_PIN);
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await expect(page.getByText('Manager PIN saved.')).toBeVisible();
  await expect(page.getByText('A manager PIN is set. Credits to a card need it.')).toBeVisible();
  await expect(page.getByLabel('New PIN (4 to 8 digits)')).toHaveValue('');
  await page.getByLabel('Current PIN').fill('0000');
  await page.getByLabel('New PIN (4 to 8 digits)').fill('1111');
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await expect(page.getByText('Not saved: Wrong manager PIN.')).toBeVisible();
  await expect(page.getByLabel('Current PIN')).toHaveValue('');
  await shot(page, 'settings-manager-pin');
  await expectAccessible(page, 'settings-manager-pin-wrong');
  await page.keyboard.press('F1');
});
