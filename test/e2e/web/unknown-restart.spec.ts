// The worst case: the terminal took the money but the answer was lost, and Clover could not
// be asked either. The cashier sees "outcome unknown" (never "failed"); after the counter
// restarts, its start-up resolver finds the payment: approved, and charged exactly once.
// The simulator runs in its own process here so that it outlives the bridge.
import { expect, openCounter, shot, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import { enterAmount, expectOutcome, newSale, payButton, selectedTerminal } from '../support/cashier';
import { expectKeyboardWalk } from '../support/focus-walk';
import { startStackOnExternalSimulator, type Stack } from '../support/stack';

test('an unknown outcome is resolved as approved at restart, charged once', async ({ page }) => {
  test.setTimeout(240_000);
  let stack: Stack | null = null;
  try {
    stack = await startStackOnExternalSimulator();
    await openCounter(page, stack.bridge.uiUrl);
    const serial = await selectedTerminal(page);
    await page.getByRole('radio', { name: 'Debit' }).check();

    // First an ordinary sale that Odoo refuses once for a business reason: it is parked.
    stack.odoo.control.inject({ model: 'account.payment', status: 422, name: 'odoo.exceptions.UserError', message: 'The Clover journal is archived.', times: 1 });
    await stack.sim.script(serial, { kind: 'approve', delayMs: 100 });
    await enterAmount(page, '9.00');
    await payButton(page).click();
    await expectOutcome(page, 'Approved', 'YES');
    await expect(page.getByText('Parked: 1')).toBeVisible({ timeout: 60_000 }); // the sync bar says so
    await newSale(page);
    // End of day for the whole store now differs: Clover took the parked payment, Odoo lacks it.
    await page.keyboard.press('F5');
    await page.getByRole('button', { name: 'Check the whole store', exact: true }).click();
    await expect(page.getByRole('region', { name: 'The whole store' }).getByText('Not in Odoo')).toBeVisible({ timeout: 30_000 });
    await expectAccessible(page, 'end-of-day-differences');
    await page.keyboard.press('F1');
    await page.getByRole('radio', { name: 'Debit' }).check();

    await stack.sim.script(serial, { kind: 'approve', delayMs: 200 });
    // The payment completes, then its answer is lost; every lookup fails too, so nothing can
    // tell the till what happened until it restarts.
    await stack.sim.fault({ kind: 'drop-after-complete', method: 'POST', path: '/connect/v1/payments', times: 1 });
    await stack.sim.fault({ kind: 'status500', method: 'GET', pathRegex: '^/connect/v1/payments/', times: 50 });
    await stack.sim.fault({ kind: 'status500', method: 'GET', pathRegex: '^/v3/merchants/[^/]+/payments', times: 50 });
    await enterAmount(page, '42.00');
    await payButton(page).click();
    await expectOutcome(page, 'Outcome unknown', 'NOT KNOWN');
    await expect(page.getByText('Do NOT charge the customer again.', { exact: false })).toBeVisible();
    // The till's own immediate lookup fails too; then the call returns and the way out is offered.
    await expect(page.getByRole('button', { name: 'Look up at Clover', exact: true })).toBeFocused({ timeout: 60_000 });
    const saleId = (await page.getByText(/^Sale #\d+$/).innerText()).replace(/\D/g, '');
    await shot(page, 'sale-unknown');
    await expectAccessible(page, 'sale-unknown');

    await page.keyboard.press('F3');
    await expect(page.getByRole('heading', { name: new RegExp(`Sale #${saleId}\\b`) })).toBeVisible();
    await expect(page.getByText('The Clover journal is archived.', { exact: false })).toBeVisible();
    await shot(page, 'needs-attention', { docs: true });
    await expectKeyboardWalk(page, 'needs attention with items');
    await expectAccessible(page, 'attention-unresolved-and-parked');
    // Settling by hand needs an outcome, a real reason and the manager PIN: not offered until given.
    await page.getByRole('button', { name: 'Settle by hand', exact: true }).click();
    await expect(page.getByRole('radio', { name: 'Approved — money moved' })).toBeFocused();
    const settle = page.getByRole('button', { name: 'Settle sale', exact: true });
    await page.getByLabel('Reason').fill('ok');
    await page.getByLabel('Manager PIN').fill('1234');
    await expect(settle).toBeDisabled();
    await shot(page, 'settle-by-hand');
    await expectAccessible(page, 'attention-settle-by-hand');
    await page.getByRole('button', { name: 'Settle by hand', exact: true }).click(); // the restart settles it instead

    // The parked payment goes again once a person has fixed the cause.
    const paymentsBefore = stack.odoo.control.payments().length;
    await page.getByRole('button', { name: /^Retry / }).click();
    await expect(page.getByText(/queued again/)).toBeVisible();
    await expect.poll(() => stack!.odoo.control.payments().length, { timeout: 60_000 }).toBe(paymentsBefore + 1);

    await stack.sim.clearFaults();
    const bridge = await stack.restartBridge();
    await openCounter(page, bridge.uiUrl);
    await page.keyboard.press('F2');
    await page.getByRole('button', { name: `Open sale #${saleId}`, exact: true }).click();
    await expect(page.getByText('Money moved: YES')).toBeVisible();
    await expect(page.getByRole('heading', { name: new RegExp(`Sale #${saleId} — Approved`) })).toBeVisible();
    await shot(page, 'unknown-resolved');

    const charged = (await stack.sim.payments()).filter((p) => p.amount === 4200 && p.result === 'SUCCESS');
    expect(charged).toHaveLength(1);
    // ... and reaches Odoo once.
    await expect.poll(() => [...stack!.odoo.control.keyCounts().values()].length, { timeout: 60_000 }).toBe(2);
    expect([...stack.odoo.control.keyCounts().values()].every((n) => n === 1)).toBe(true);
  } finally {
    await stack?.stop();
  }
});
