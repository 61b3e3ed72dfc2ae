// Paying an open Odoo invoice: looked up, its amount due filled in, paid on the terminal,
// and the payment reaches (the fake) Odoo through the outbox.
import { SEED } from '../../support/fake-odoo';
import { expect, shot, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import { expectOutcome, newSale, payButton, selectedTerminal } from '../support/cashier';

test('an invoice payment shows up in Odoo', async ({ counter: page, stack }) => {
  const serial = await selectedTerminal(page);
  const invoice = stack.odoo.control.invoice(SEED.invoices.acme120)!;
  expect(invoice.amount_residual).toBe(120);

  await page.keyboard.press('F6'); // focus the document search
  await expect(page.getByLabel('Find invoice or order')).toBeFocused();
  await page.keyboard.type(String(invoice.name));
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: new RegExp(`^Pay ${String(invoice.name).replace(/\//g, '\\/')}`) }).click();
  await expect(page.getByText('Amount due: $120.00')).toBeVisible();
  await expect(page.getByLabel('Amount', { exact: true })).toHaveValue('120.00');
  await expect(payButton(page)).toBeFocused();
  await page.getByRole('radio', { name: 'Debit' }).check(); // debit: the invoice amount exactly
  await shot(page, 'invoice-selected');
  await expectAccessible(page, 'invoice-selected');

  await stack.sim.script(serial, { kind: 'approve', delayMs: 300 });
  await payButton(page).click();
  await expectOutcome(page, 'Approved', 'YES');
  await shot(page, 'invoice-approved');

  // The sync worker delivers the payment to Odoo; the invoice is then paid, exactly once.
  await expect.poll(() => stack.odoo.control.invoice(SEED.invoices.acme120)!.amount_residual, { timeout: 60_000 }).toBe(0);
  const counts = [...stack.odoo.control.keyCounts().values()];
  expect(counts.every((n) => n === 1)).toBe(true);
  await newSale(page);
});
