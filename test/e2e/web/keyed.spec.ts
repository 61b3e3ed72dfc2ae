// A keyed (card-not-present) sale with the test card; afterwards the card number is nowhere:
// not in the DOM, not in any input, not in the stores, not in storage, not in the console.
import { expect, shot, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import { enterAmount, expectOutcome, newSale } from '../support/cashier';
import { ensureManagerPin, MANAGER_PIN } from '../support/manager-pin';

const PAN = '4242424242424242';
const PAN_SPACED = '4242 4242 4242 4242';

test('a keyed sale keeps no card number', async ({ counter: page, stack, consoleLines }) => {
  // Keying in the app is off by default (the terminal is preferred): a manager turns it on,
  // with the manager PIN.
  await ensureManagerPin(stack.bridge.uiUrl);
  await page.keyboard.press('F8');
  await expect(page.getByText(/Keying cards in this app is off/).first()).toBeVisible();
  await expect(page.getByLabel('Card number')).toBeDisabled();
  await page.keyboard.press('F4');
  const clover = page.getByRole('region', { name: 'Clover', exact: true });
  await clover.getByLabel(/Allow keying cards in this app/).check();
  await expect(clover.getByText('Not saved: Changing keyed card entry needs the manager PIN.')).toBeVisible();
  await expect(clover.getByLabel(/Allow keying cards in this app/)).not.toBeChecked();
  await expectAccessible(page, 'settings-manager-pin-refused');
  await clover.getByLabel('Manager PIN').fill(MANAGER_PIN);
  await clover.getByLabel(/Allow keying cards in this app/).check();
  await expect(clover.getByText('Saved.')).toBeVisible();
  await expect(clover.getByLabel('Manager PIN')).toHaveValue(''); // used once, never kept
  await page.keyboard.press('F1');
  await page.keyboard.press('F8'); // back to terminal payment

  await enterAmount(page, '25.00');
  await page.keyboard.press('F8');
  const number = page.getByLabel('Card number');
  await expect(number).toBeFocused();
  await number.fill(PAN_SPACED);
  await page.getByLabel('Expiry month (MM)').fill('12');
  await page.getByLabel('Expiry year (YYYY)').fill(String(new Date().getFullYear() + 3));
  await page.getByLabel('Security code (CVV)').fill('123');
  await expectAccessible(page, 'keyed-entry');
  await page.getByRole('button', { name: 'Charge keyed card', exact: true }).click();
  await expectOutcome(page, 'Approved', 'YES');
  await shot(page, 'keyed-approved');

  const leaks = await page.evaluate(
    ([pan, spaced]) => {
      const places: Record<string, string> = {
        dom: document.documentElement.outerHTML,
        inputs: [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('|'),
        stores: window.__counterState?.() ?? '',
        session: JSON.stringify({ ...sessionStorage }),
        local: JSON.stringify({ ...localStorage }),
        frames: [...document.querySelectorAll('iframe')].map((f) => f.getAttribute('srcdoc') ?? '').join('|'),
      };
      return Object.entries(places)
        .filter(([, text]) => text.includes(pan!) || text.includes(spaced!))
        .map(([where]) => where);
    },
    [PAN, PAN_SPACED],
  );
  expect(leaks).toEqual([]);
  expect(await page.evaluate(() => typeof window.__counterState)).toBe('function');
  expect(consoleLines.filter((l) => l.includes(PAN) || l.includes(PAN_SPACED))).toEqual([]);
  await newSale(page);
  await page.keyboard.press('F4');
  await clover.getByLabel('Manager PIN').fill(MANAGER_PIN);
  await clover.getByLabel(/Allow keying cards in this app/).uncheck();
  await expect(clover.getByText('Saved.')).toBeVisible();
});
