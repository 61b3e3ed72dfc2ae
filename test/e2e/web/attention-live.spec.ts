// Needs attention with more than one process on a data folder (issue 11):
// (a) a `counter pay` child process waits for the customer on a terminal: the window shows the
//     sale "In progress on <terminal>" with only Cancel, and Cancel ends it with no money moved;
// (b) Clover took a payment after a manager had settled the sale as declined: end of day records
//     it as approved late, Needs attention lists it (money moved: yes) until a manager
//     acknowledges it, and it reaches Odoo.
// One stack on a simulator of its own process, so the `counter` command can reach it too.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, openCounter, shot, test } from '../support/fixtures';
import { expectAccessible } from '../support/a11y';
import { enterAmount, expectOutcome, payButton, selectedTerminal } from '../support/cashier';
import { expectKeyboardWalk } from '../support/focus-walk';
import { spawnTsxGroup, type GroupChild } from '../support/process-group';
import { startExternalSimulator } from '../support/simulator';
import { ensureManagerPin, MANAGER_PIN } from '../support/manager-pin';
import { ODOO_KEY, startStack, type Stack } from '../support/stack';

let stack: Stack;
let stopSimulator: () => Promise<void> = async () => {};
let counterEnv: Record<string, string>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const sim = await startExternalSimulator();
  stopSimulator = sim.stop;
  const u = sim.urls;
  // The command shares the bridge's Clover connection: same simulator, keychain service and folder.
  const shared = {
    CLOVER_API_URL: u.api, CLOVER_WEB_URL: u.web, CLOVER_ECOMM_URL: u.ecommerce, CLOVER_TOKEN_URL: u.token,
    COUNTER_KEYCHAIN_SERVICE: `counter-e2e-live-${randomBytes(4).toString('hex')}`,
  };
  stack = await startStack({ simUrls: u, env: shared });
  await ensureManagerPin(stack.bridge.uiUrl); // Force and acknowledge take the manager PIN
  counterEnv = { ...shared, COUNTER_DATA_DIR: stack.dataDir, CLOVER_ENV: 'simulator', ODOO_URL: stack.odoo.url, ODOO_API_KEY: ODOO_KEY };
});

test.afterAll(async () => {
  try {
    await stack?.stop();
  } finally {
    await stopSimulator();
  }
});

/** `counter --json <args>` on the bridge's data folder; resolves with its exit code and output. */
function runCounter(args: string[]): { child: GroupChild; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawnTsxGroup('src/cli/index.ts', ['--json', ...args], { ...process.env, ...counterEnv });
  let stdout = '';
  let stderr = '';
  child.proc.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.proc.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Opens the sale in History (the list may re-render once after it loads). */
async function openSale(page: Page, saleId: string, heading: string): Promise<void> {
  await page.keyboard.press('F2');
  await expect(async () => {
    await page.getByRole('button', { name: `Open sale #${saleId}`, exact: true }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`Sale #${saleId} — ${heading}`) })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

function card(page: Page, heading: RegExp) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: heading }) });
}

test('a sale another process waits on shows as in progress, and Cancel ends it with no money moved', async ({ page }) => {
  test.setTimeout(180_000);
  await openCounter(page, stack.bridge.uiUrl);
  const serial = await selectedTerminal(page);
  await stack.sim.script(serial, { kind: 'hold' }); // the customer never taps: only a cancel ends it
  const pay = runCounter(['pay', '7.00', '--terminal', serial, '--debit']);
  try {
    await page.keyboard.press('F3');
    await expect(page.getByRole('heading', { name: 'Needs attention', level: 1 })).toBeVisible();
    const held = card(page, /^Sale #\d+ — \$7\.00/);
    // The command starts in its own process: refresh until its sale is journaled and sent.
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await expect(held.getByText(/In progress on Counter 1 — waiting for the customer until \d{1,2}:\d{2}\s?[AP]M$/)).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    const saleId = (await held.getByRole('heading').innerText()).match(/Sale #(\d+)/)![1]!;
    // Nothing else may settle it while the command waits: no look-up, no settling by hand.
    await expect(held.getByText('Money moved: NOT KNOWN', { exact: false })).toBeVisible();
    await expect(held.getByRole('button', { name: 'Look up at Clover' })).toHaveCount(0);
    await expect(held.getByRole('button', { name: 'Settle by hand' })).toHaveCount(0);
    await shot(page, 'attention-in-progress');
    await expectAccessible(page, 'attention-in-progress');

    await held.getByRole('button', { name: `Cancel sale #${saleId} at the terminal`, exact: true }).click();
    await expect(page.getByText('Cancel sent to the terminal.')).toBeVisible();
    // The waiting command records the terminal's answer and ends: declined/refused exit, no money.
    const result = await pay.done;
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout.trim()).sale).toMatchObject({ id: Number(saleId), state: 'cancelled', moneyMoved: 'no' });
    // The window follows on its own (it polls while something is in progress elsewhere).
    await expect(held).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByText('No unresolved sales.')).toBeVisible();

    await openSale(page, saleId, 'Cancelled');
    await expect(page.getByText('Money moved: NO')).toBeVisible();
    expect((await stack.sim.payments()).filter((p) => p.amount === 700 && p.result === 'SUCCESS')).toHaveLength(0);
    expect((await stack.sim.device(serial)).busy).toBe(false);
  } finally {
    await pay.child.stop();
  }
});

test('an approval Clover took after the sale was settled as declined is listed until a manager acknowledges it', async ({ page }) => {
  test.setTimeout(240_000);
  await openCounter(page, stack.bridge.uiUrl);
  const serial = await selectedTerminal(page);
  await page.getByRole('radio', { name: 'Debit' }).check();
  // The terminal takes the money, the answer is lost and no lookup works: outcome unknown.
  await stack.sim.script(serial, { kind: 'approve', delayMs: 200, last4: '6789' });
  await stack.sim.fault({ kind: 'drop-after-complete', method: 'POST', path: '/connect/v1/payments', times: 1 });
  await stack.sim.fault({ kind: 'status500', method: 'GET', pathRegex: '^/connect/v1/payments/', times: 50 });
  await stack.sim.fault({ kind: 'status500', method: 'GET', pathRegex: '^/v3/merchants/[^/]+/payments', times: 50 });
  await enterAmount(page, '42.00');
  await payButton(page).click();
  await expectOutcome(page, 'Outcome unknown', 'NOT KNOWN');
  await expect(page.getByRole('button', { name: 'Look up at Clover', exact: true })).toBeFocused({ timeout: 60_000 });
  const saleId = (await page.getByText(/^Sale #\d+$/).innerText()).replace(/\D/g, '');

  // A manager, wrongly told the card was refused, settles it as declined.
  await page.keyboard.press('F3');
  const unresolved = card(page, new RegExp(`^Sale #${saleId} — `));
  await unresolved.getByRole('button', { name: 'Settle by hand', exact: true }).click();
  // "Approved" offers the Clover payment id, checked here before anything is sent.
  await unresolved.getByRole('radio', { name: 'Approved — money moved' }).check();
  const cloverId = unresolved.getByLabel('Clover payment id (optional)');
  await expect(unresolved.getByText('With it, the sale can be refunded or voided here later.', { exact: false })).toBeVisible();
  await cloverId.fill('abc123');
  await cloverId.blur();
  await expect(unresolved.getByText('A Clover id is 13 capital letters and digits', { exact: false })).toBeVisible();
  await expect(cloverId).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'settle-clover-id');
  await expectAccessible(page, 'attention-settle-clover-id-refused');
  await unresolved.getByLabel('Reason').fill('Customer says the card was refused');
  await unresolved.getByLabel('Manager PIN').fill(MANAGER_PIN);
  await expect(unresolved.getByRole('button', { name: 'Settle sale', exact: true })).toBeDisabled();
  await unresolved.getByRole('radio', { name: 'Declined — no money moved' }).check();
  await expect(cloverId).toHaveCount(0);
  await unresolved.getByRole('button', { name: 'Settle sale', exact: true }).click();
  await expect(page.getByText(`Sale #${saleId}: Settled by hand.`)).toBeVisible();

  // End of day asks Clover for the day's payments: the one this sale took is recorded, late.
  await stack.sim.clearFaults();
  const odooPayments = stack.odoo.control.payments().length;
  await page.keyboard.press('F5');
  await expect(page.getByText(new RegExp(`sale #${saleId}, which the ledger had as forced: recorded now as approved late`))).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'end-of-day-approved-late');

  await page.keyboard.press('F3');
  const problems = page.getByRole('region', { name: 'Approved late and other problems' });
  const late = problems.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^Sale #${saleId} — \\$42\\.00 — Approved`) }) });
  await expect(late).toBeVisible();
  await expect(late.getByText('Money moved: YES — $42.00 charged.')).toBeVisible();
  await expect(late.getByText('Approved late: Clover took the payment after the till had recorded it as forced', { exact: false })).toBeVisible();
  await expect(page.getByText('1 to check')).toBeVisible();
  await shot(page, 'attention-approved-late');
  await expectKeyboardWalk(page, 'needs attention, approved late');
  await expectAccessible(page, 'attention-approved-late');
  // It is an ordinary approved sale now: in History, refundable, with its warning; and in Odoo.
  await openSale(page, saleId, 'Approved');
  await expect(page.getByText('Check: Approved late', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Refund amount')).toHaveValue('42.00');
  await expect.poll(() => stack.odoo.control.payments().length, { timeout: 60_000 }).toBe(odooPayments + 1);

  await page.keyboard.press('F3');
  const acknowledge = late.getByRole('button', { name: `Acknowledge Sale #${saleId}`, exact: true });
  await expect(acknowledge).toBeDisabled(); // the manager PIN first
  await late.getByLabel('Manager PIN').fill('0000');
  await acknowledge.click();
  await expect(late.getByText('Not done: Acknowledging a problem needs the manager PIN: wrong manager PIN.')).toBeVisible();
  await expect(late.getByLabel('Manager PIN')).toHaveValue('');
  await late.getByLabel('Manager PIN').fill(MANAGER_PIN);
  await acknowledge.click();
  await expect(page.getByText(`Sale #${saleId}: acknowledged by the manager.`)).toBeVisible();
  await expect(problems).toHaveCount(0);
  await expect(page.getByText('1 to check')).toHaveCount(0);
  await openSale(page, saleId, 'Approved');
  await expect(page.getByText('Check: Approved late', { exact: false })).toHaveCount(0);
  expect((await stack.sim.payments()).filter((p) => p.amount === 4200 && p.result === 'SUCCESS')).toHaveLength(1);
});
