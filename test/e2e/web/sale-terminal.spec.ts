// Card sales on the (simulated) Clover terminal: each outcome a cashier can meet, shown big,
// in words, with whether money moved.
import { expect, openCounter, shot, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import { enterAmount, expectOutcome, newSale, outcomeTitle, payButton, selectedTerminal } from '../support/cashier';
import { expectKeyboardWalk } from '../support/focus-walk';

test('an approved sale, end to end, with its receipt', async ({ counter: page, stack }) => {
  const serial = await selectedTerminal(page);
  const before = (await stack.sim.payments()).length;
  await stack.sim.script(serial, { kind: 'approve', delayMs: 1500, cardType: 'VISA', last4: '1111' });
  await enterAmount(page, '12.34');
  await page.getByRole('radio', { name: 'Credit' }).check();
  // Screen readers hear each change of state: the live region is there, empty, before Pay.
  const announcer = page.locator('#sale-announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'assertive');
  await expect(announcer).toBeEmpty();
  const region = await announcer.elementHandle();
  // Enter in the amount field is "Pay on terminal".
  await page.getByLabel('Amount', { exact: true }).press('Enter');
  await expect(outcomeTitle(page, 'Waiting for card')).toBeVisible();
  await expect(announcer).toHaveText('Waiting for card. Money moved: not yet.');
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeFocused();
  await shot(page, 'sale-waiting');

  await expectOutcome(page, 'Approved', 'YES');
  await expect(announcer).toHaveText(/^Approved\. Money moved: YES — \$\d+\.\d\d charged\.$/);
  expect(await region!.evaluate((node) => node.isConnected)).toBe(true); // the same region all along
  await expect(page.getByText('VISA ending 1111')).toBeVisible();
  const receipt = page.frameLocator('iframe[title="Receipt preview"]');
  await expect(receipt.locator('body')).toContainText('1111');
  await expect(page.locator('iframe[title="Receipt preview"]')).toHaveAttribute('sandbox', '');
  await shot(page, 'sale-approved', { docs: true });
  await expectAccessible(page, 'sale-approved');
  await expectKeyboardWalk(page, 'sale approved');

  await page.getByRole('button', { name: 'Print receipt', exact: true }).click();
  await expect(page.getByText(/Sent to the printer|Waiting for the printer|Printing failed/)).toBeVisible();
  // The customer wants it by email too: Clover sends it; the address leaves the screen at once.
  const sendTo = page.getByLabel('Customer email or mobile number');
  await sendTo.fill('pat.customer@example.com');
  await sendTo.press('Enter');
  await expect(page.getByText('Clover is emailing the receipt.')).toBeVisible();
  await expect(sendTo).toHaveValue('');
  const after = await stack.sim.payments();
  expect(after.length).toBe(before + 1);
  expect(after.at(-1)?.result).toBe('SUCCESS');
  await newSale(page);
});

test('a declined card: no money moved', async ({ counter: page, stack }) => {
  const serial = await selectedTerminal(page);
  await stack.sim.script(serial, { kind: 'decline', delayMs: 300 });
  await enterAmount(page, '20.00');
  await payButton(page).click();
  await expectOutcome(page, 'Declined', 'NO');
  await expect(page.getByRole('button', { name: 'Try again', exact: true })).toBeFocused();
  await shot(page, 'sale-declined');
  await expectAccessible(page, 'sale-declined');
  await newSale(page);
});

test('Cancel while waiting for the card', async ({ counter: page, stack }) => {
  const serial = await selectedTerminal(page);
  await stack.sim.script(serial, { kind: 'hold' });
  await enterAmount(page, '33.00');
  await payButton(page).click();
  await expect(outcomeTitle(page, 'Waiting for card')).toBeVisible();
  // Give the till a moment to journal and send the payment, then Esc = Cancel.
  await expect.poll(async () => (await stack.sim.device(serial)).operation?.name ?? null, { timeout: 15_000 }).not.toBeNull();
  await expectAccessible(page, 'sale-waiting'); // the terminal holds: the state stays while it is read
  await page.keyboard.press('Escape');
  await expectOutcome(page, 'Cancelled', 'NO');
  await shot(page, 'sale-cancelled');
  await expectAccessible(page, 'sale-cancelled');
  await newSale(page);
});

test('when the counter cannot cancel, the cashier is told to cancel on the device', async ({ counter: page, stack }) => {
  const serial = await selectedTerminal(page);
  await stack.sim.script(serial, { kind: 'hold' });
  await stack.sim.fault({ kind: 'status500', method: 'POST', path: '/connect/v1/device/cancel', times: 1 });
  await enterAmount(page, '34.00');
  await payButton(page).click();
  await expect.poll(async () => (await stack.sim.device(serial)).operation?.name ?? null, { timeout: 15_000 }).not.toBeNull();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('cancel the payment on the terminal itself');
  await expect(outcomeTitle(page, 'Waiting for card')).toBeVisible(); // nothing is settled yet
  await shot(page, 'sale-cancel-on-device');
  await expectAccessible(page, 'sale-cancel-on-device');
  await stack.sim.act(serial, { kind: 'cancel' }); // the customer/cashier cancels on the device
  await expectOutcome(page, 'Cancelled', 'NO');
  await stack.sim.clearFaults();
  await newSale(page);
});

test('a busy terminal: no money moved, try again later', async ({ counter: page, stack }) => {
  await selectedTerminal(page);
  await stack.sim.fault({ kind: 'status503', method: 'POST', path: '/connect/v1/payments', times: 1 });
  await enterAmount(page, '15.00');
  await payButton(page).click();
  await expectOutcome(page, 'Terminal busy', 'NO');
  await shot(page, 'sale-busy');
  await expectAccessible(page, 'sale-busy');
  await stack.sim.clearFaults();
  await newSale(page);
});

test('a partial approval shows what is still due and collects it', async ({ counter: page, stack }) => {
  const serial = await selectedTerminal(page);
  await page.getByRole('radio', { name: 'Debit' }).check(); // no surcharge: the halves stay simple
  await stack.sim.script(serial, { kind: 'partial', delayMs: 300, approvedAmount: 3000 });
  await enterAmount(page, '80.00');
  await payButton(page).click();
  await expectOutcome(page, 'Partly approved', 'YES');
  await expect(page.getByText('Still due: $50.00')).toBeVisible();
  await shot(page, 'sale-partial');
  await expectAccessible(page, 'sale-partial');

  await page.getByRole('button', { name: 'Collect remainder', exact: true }).click();
  await expect(page.getByLabel('Amount', { exact: true })).toHaveValue('50.00');
  await stack.sim.script(serial, { kind: 'approve', delayMs: 300 });
  await page.getByRole('radio', { name: 'Debit' }).check();
  await payButton(page).click();
  await expectOutcome(page, 'Approved', 'YES');
  await newSale(page);
});

test('a disconnected terminal stops card sales visibly', async ({ counter: page, stack }) => {
  const serial = await selectedTerminal(page);
  await stack.sim.setConnected(serial, false);
  try {
    await page.getByRole('button', { name: 'Check terminal', exact: true }).click();
    await expect(page.getByText(/is not connected: card payments on it are stopped/)).toBeVisible();
    await enterAmount(page, '10.00');
    await expect(payButton(page)).toBeDisabled();
    await expect(page.getByText('The terminal is not connected.', { exact: false })).toBeVisible();
    await shot(page, 'terminal-disconnected');
    await expectAccessible(page, 'terminal-disconnected');
  } finally {
    await stack.sim.setConnected(serial, true);
  }
  await page.getByRole('button', { name: 'Check terminal', exact: true }).click();
  await expect(payButton(page)).toBeEnabled();
  // Reload: a fresh page must come back on the same (already stored) token.
  await openCounter(page, page.url());
});
