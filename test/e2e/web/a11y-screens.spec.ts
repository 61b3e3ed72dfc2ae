// Every screen with the keyboard and with axe (issue 15): Tab goes round each control in reading
// order with a ring that shows, and a WCAG 2.1 A/AA scan in English and French finds nothing
// serious. The states only a flow reaches (outcomes, Needs attention with items, refunds) are
// scanned in their own specs, where the flow already is.
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import { enterAmount, expectOutcome, newSale, payButton, selectedTerminal } from '../support/cashier';
import { expectKeyboardWalk } from '../support/focus-walk';
import type { Stack } from '../support/stack';

/** One approved debit sale, so History has a row to open; its sale number. */
async function approvedSale(page: Page, stack: Stack): Promise<string> {
  const serial = await selectedTerminal(page);
  await page.getByRole('radio', { name: 'Debit' }).check();
  await stack.sim.script(serial, { kind: 'approve', delayMs: 300, last4: '7777' });
  await enterAmount(page, '18.00');
  await payButton(page).click();
  await expectOutcome(page, 'Approved', 'YES');
  const saleId = (await page.getByText(/^Sale #\d+$/).innerText()).replace(/\D/g, '');
  await newSale(page);
  return saleId;
}

test('sale entry', async ({ counter: page }) => {
  await enterAmount(page, '12.34'); // with the quote and an enabled Pay button
  await expectKeyboardWalk(page, 'sale entry');
  await expectAccessible(page, 'sale-entry');
});

test('History with a sale open', async ({ counter: page, stack }) => {
  const saleId = await approvedSale(page, stack);
  await page.keyboard.press('F2');
  // The list may re-render once after it loads: open until the details show.
  await expect(async () => {
    await page.getByRole('button', { name: `Open sale #${saleId}`, exact: true }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`Sale #${saleId} — Approved`) })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  // Label in Name (WCAG 2.5.3): the open button shows the sale number its name says.
  await expect(page.getByRole('button', { name: `Open sale #${saleId}`, exact: true })).toHaveText(`#${saleId}`);
  await expect(page.getByRole('cell', { name: 'Approved', exact: true }).first()).toBeVisible(); // its state in words, not colour alone
  await expect(page.frameLocator('iframe[title="Receipt preview"]').locator('body')).toContainText('7777'); // settled
  await expectKeyboardWalk(page, 'history');
  await expectAccessible(page, 'history-sale-open');
  await page.keyboard.press('F1');
});

test('Needs attention', async ({ counter: page }) => {
  await page.keyboard.press('F3');
  await expect(page.getByRole('heading', { name: 'Needs attention', level: 1 })).toBeVisible();
  await expectKeyboardWalk(page, 'needs attention');
  await expectAccessible(page, 'attention');
  await page.keyboard.press('F1');
});

test('Settings, every section', async ({ counter: page }) => {
  await page.keyboard.press('F4');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Manager PIN' })).toBeVisible(); // the last section is drawn
  await expectKeyboardWalk(page, 'settings');
  await expectAccessible(page, 'settings');
  await page.keyboard.press('F1');
});

test('End of day with the whole store checked', async ({ counter: page }) => {
  await page.keyboard.press('F5');
  await expect(page.getByRole('button', { name: 'Print totals', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Check the whole store', exact: true }).click();
  await expect(page.getByRole('region', { name: 'The whole store' }).getByRole('table')).toBeVisible({ timeout: 30_000 });
  await expectKeyboardWalk(page, 'end of day');
  await expectAccessible(page, 'end-of-day-store');
  await page.keyboard.press('F1');
});
