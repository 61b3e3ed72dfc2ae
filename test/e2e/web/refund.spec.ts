// A partial refund from History: the still-refundable amount is offered, the refund is
// confirmed, the confirm button locks on the first click, and the balance drops.
import { expect, shot, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import type { Page } from '@playwright/test';
import { enterAmount, expectOutcome, newSale, payButton, selectedTerminal } from '../support/cashier';
import type { Stack } from '../support/stack';

/** A debit sale approved on the terminal with this card; its sale number. The screen is back on a new sale. */
async function approvedDebitSale(page: Page, stack: Stack, amount: string, last4: string): Promise<string> {
  const serial = await selectedTerminal(page);
  await page.getByRole('radio', { name: 'Debit' }).check();
  await stack.sim.script(serial, { kind: 'approve', delayMs: 200, last4 });
  await enterAmount(page, amount);
  await payButton(page).click();
  await expectOutcome(page, 'Approved', 'YES');
  const saleId = (await page.getByText(/^Sale #\d+$/).innerText()).replace(/\D/g, '');
  await newSale(page);
  return saleId;
}

/** Opens the sale in History; the list may re-render once after it loads, so until its details show. */
async function openSale(page: Page, saleId: string): Promise<void> {
  await expect(async () => {
    await page.getByRole('button', { name: `Open sale #${saleId}`, exact: true }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`Sale #${saleId}`) })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

test('a partial refund', async ({ counter: page, stack }) => {
  const saleId = await approvedDebitSale(page, stack, '50.00', '4444');

  await page.keyboard.press('F2');
  await expect(page.getByRole('heading', { name: 'Sales history' })).toBeVisible();
  await page.getByLabel('Card last 4').fill('4444');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await openSale(page, saleId);
  const refundAmount = page.getByLabel('Refund amount');
  await expect(refundAmount).toHaveValue('50.00'); // the whole refundable amount is offered first
  await refundAmount.fill('20.00');
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(page.getByText('Refund $20.00 to VISA ending 4444?')).toBeVisible();
  const confirm = page.getByRole('button', { name: 'Confirm refund', exact: true });
  await expect(confirm).toBeFocused();
  await expectAccessible(page, 'refund-confirm');
  // Read in French and back: the amount being confirmed has not changed under the cashier.
  await expect(page.getByText('Refund $20.00 to VISA ending 4444?')).toBeVisible();
  // A double click refunds once: the button locks on the first click (field-lessons §6).
  await confirm.dblclick();
  await expect(page.getByText('Refund done: $20.00.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Refund amount')).toHaveValue('30.00');
  await shot(page, 'refund-partial');
  await expectAccessible(page, 'refund-done');

  const payment = (await stack.sim.payments()).find((p) => p.last4 === '4444');
  expect(payment?.refundedAmount).toBe(2000);
  expect(payment?.refunds).toHaveLength(1);
  await page.keyboard.press('F1');
});

test('a void, confirmed first', async ({ counter: page, stack }) => {
  const saleId = await approvedDebitSale(page, stack, '10.00', '5555');

  await page.keyboard.press('F2');
  await openSale(page, saleId);
  await page.keyboard.press('F8'); // Void
  await expect(page.getByText(/Void the whole sale of \$10\.00\?/)).toBeVisible();
  await page.keyboard.press('Escape'); // changed my mind: back, focus on Refund
  await expect(page.getByRole('button', { name: 'Refund', exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Void', exact: true }).click();
  await page.getByRole('button', { name: 'Confirm void', exact: true }).click();
  await expect(page.getByText('Void done.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Void', exact: true })).toBeDisabled();
  await shot(page, 'void-done');
  const payment = (await stack.sim.payments()).find((p) => p.last4 === '5555');
  expect(payment?.result).toBe('VOIDED');
  await page.keyboard.press('F1');
});

test('a refund whose answer was lost waits in Needs attention and is settled by looking it up', async ({ counter: page, stack }) => {
  const saleId = await approvedDebitSale(page, stack, '40.00', '6666');

  // Clover refunds, but the answer never reaches the counter.
  await stack.sim.fault({ method: 'POST', pathRegex: '/refunds$', kind: 'drop-after-complete' });
  await page.keyboard.press('F2');
  await openSale(page, saleId);
  await page.getByLabel('Refund amount').fill('15.00');
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await page.getByRole('button', { name: 'Confirm refund', exact: true }).click();
  await expect(page.getByText(/outcome (is )?unknown/i).first()).toBeVisible({ timeout: 30_000 });

  await page.keyboard.press('F3');
  await expect(page.getByRole('heading', { name: 'Unresolved refunds, voids and credits' })).toBeVisible();
  await shot(page, 'refund-unknown');
  await expectAccessible(page, 'attention-refund-unknown');
  await page.getByRole('listitem').filter({ hasText: /Refund #\d+/ }).getByRole('button', { name: 'Look up at Clover' }).click();
  await expect(page.getByText(/Refund #\d+ settled\./)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Unresolved refunds, voids and credits' })).toHaveCount(0);

  const payment = (await stack.sim.payments()).find((p) => p.last4 === '6666');
  expect(payment?.refunds).toHaveLength(1); // resent under its own key: refunded once
  expect(payment?.refundedAmount).toBe(1500);
  await page.keyboard.press('F1');
});
