// What a cashier does, as reusable steps: enter an amount, pay, read the outcome panel.
import { expect, type Page } from '@playwright/test';

/** The serial of the terminal the sale screen will charge on. */
export async function selectedTerminal(page: Page): Promise<string> {
  const select = page.getByLabel('Terminal', { exact: true });
  await expect(select).toBeEnabled();
  await expect(select).not.toHaveValue('');
  return select.inputValue();
}

export async function enterAmount(page: Page, amount: string): Promise<void> {
  const field = page.getByLabel('Amount', { exact: true });
  await field.fill(amount);
  await expect(page.getByText('Total to charge')).toBeVisible(); // the surcharge quote arrived
}

export function payButton(page: Page) {
  return page.getByRole('button', { name: 'Pay on terminal', exact: true });
}

/** The big outcome panel's title (e.g. "Approved"), read as a heading. */
export function outcomeTitle(page: Page, title: string | RegExp) {
  return page.getByRole('heading', { level: 1, name: title });
}

/** The big outcome panel, named by its title. */
export function outcomePanel(page: Page, title: string | RegExp) {
  return page.getByRole('region', { name: title });
}

export async function expectOutcome(page: Page, title: string, money: 'YES' | 'NO' | 'NOT KNOWN'): Promise<void> {
  await expect(outcomeTitle(page, title)).toBeVisible({ timeout: 45_000 });
  // In the panel: the screen-reader announcement says the same words, visually hidden.
  await expect(outcomePanel(page, title).getByText(`Money moved: ${money}`)).toBeVisible();
}

/** Back to an empty sale screen, ready for the next test. */
export async function newSale(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New sale', exact: true }).click();
  await expect(page.getByLabel('Amount', { exact: true })).toBeFocused();
}
