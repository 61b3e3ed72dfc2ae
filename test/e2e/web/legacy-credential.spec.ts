// A store without OAuth enters an Ecommerce private key in Settings → Clover: the key goes to the
// keychain (the field is emptied, nothing echoes it), Settings names the credential and what it
// turns off, and the sale screen has terminal payment off with the reason before anyone starts.
// Its own stack on an external simulator: the bridge's built-in one refuses hand-entered credentials.
import { expect, openCounter, shot, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import { enterAmount, payButton } from '../support/cashier';
import { ensureManagerPin, MANAGER_PIN } from '../support/manager-pin';
import { startStackOnExternalSimulator, type Stack } from '../support/stack';

const MERCHANT = 'SIMMERCHANT01';
const TERMINAL_OFF = 'Terminal payments need Clover connected with OAuth (Settings → Clover); the API token or Ecommerce key in use cannot drive the terminal.';

test('an Ecommerce key entered in Settings turns terminal payment off, with the reason', async ({ page, consoleLines }) => {
  test.setTimeout(240_000);
  let stack: Stack | null = null;
  try {
    stack = await startStackOnExternalSimulator();
    await ensureManagerPin(stack.bridge.uiUrl);
    await openCounter(page, stack.bridge.uiUrl);
    await page.keyboard.press('F4');
    const clover = page.getByRole('region', { name: 'Clover', exact: true });
    const form = page.getByRole('form', { name: 'Use a Clover API token or Ecommerce key instead' });
    // Connected with OAuth (the bridge connects itself): nothing to enter, nothing turned off.
    const fact = (text: string) => clover.getByRole('definition').filter({ hasText: new RegExp(`^${text}$`) });
    await expect(fact('OAuth')).toBeVisible();
    await expect(form).toBeHidden();

    // Disconnecting and entering a credential are a manager's: the section's PIN field, each time.
    await clover.getByLabel('Manager PIN').fill(MANAGER_PIN);
    await clover.getByRole('button', { name: 'Disconnect Clover', exact: true }).click();
    await expect(clover.getByRole('button', { name: 'Disconnect Clover', exact: true })).toBeFocused(); // the confirm step
    await page.keyboard.press('Enter');
    await expect(fact('Not connected')).toBeVisible();
    await expect(fact('None')).toBeVisible();
    await expect(form).toBeVisible();

    const key = await stack.sim.legacyToken('ecommerce-key', MERCHANT);
    await form.getByRole('radio', { name: 'Ecommerce private key' }).check();
    await form.getByLabel('Clover merchant ID (13 letters and digits)').fill(MERCHANT.toLowerCase());
    await form.getByLabel('Token or key').fill(key);
    await form.getByLabel('Token or key').press('Enter');
    await expect(clover.getByText('Not saved: Saving a Clover API token or Ecommerce key needs the manager PIN.')).toBeVisible();
    await clover.getByLabel('Manager PIN').fill(MANAGER_PIN);
    await form.getByLabel('Token or key').fill(key);
    await form.getByLabel('Token or key').press('Enter');

    await expect(clover.getByText(`Credential saved for Fusion Test Store (${MERCHANT}).`)).toBeVisible();
    await expect(form.getByLabel('Token or key')).toHaveValue('');
    await expect(fact('Fusion Test Store')).toBeVisible();
    await expect(fact('Ecommerce private key')).toBeVisible();
    const limits = clover.getByRole('list', { name: 'Turned off by this credential' });
    await expect(limits.getByRole('listitem')).toHaveText([
      'Terminal payments are off: they need Clover connected with OAuth.',
      'Getting terminals and looking up payments at Clover are off: they need OAuth or a merchant API token.',
    ]);
    await shot(page, 'settings-legacy-credential');
    await expectAccessible(page, 'settings-legacy-credential');
    // The key is in the keychain only: not in the page, its inputs, the stores, or the console.
    const inPage = await page.evaluate((k) => [document.documentElement.outerHTML, window.__counterState?.() ?? ''].some((text) => text.includes(k)), key);
    expect(inPage).toBe(false);
    expect(consoleLines.filter((l) => l.includes(key))).toEqual([]);
    expect(stack.bridge.output.filter((l) => l.includes(key))).toEqual([]);

    // The sale screen says so before the cashier starts, and Pay stays off with an amount too.
    await page.keyboard.press('F1');
    await expect(page.getByText(TERMINAL_OFF)).toBeVisible();
    await expect(payButton(page)).toBeDisabled();
    // No stale "Connected" for a terminal this credential cannot reach, and nothing to check.
    await expect(page.locator('#terminal-status')).toHaveText('Off with this Clover credential');
    await expect(page.getByRole('button', { name: 'Check terminal' })).toBeDisabled();
    await enterAmount(page, '12.00');
    await expect(payButton(page)).toBeDisabled();
    await expect(payButton(page)).toHaveAccessibleDescription(TERMINAL_OFF);
    await page.keyboard.press('Enter'); // Enter in the amount field pays when it may: not now
    await shot(page, 'sale-legacy-credential');
    await expectAccessible(page, 'sale-terminal-off');
    expect(await stack.sim.payments()).toEqual([]);
  } finally {
    await stack?.stop();
  }
});
