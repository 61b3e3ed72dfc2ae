// Two counters on one Clover merchant (issue 12): each balances its own end of day (the other's
// payments are not its differences), and the store view holds the merchant's Clover payments
// against Odoo's Clover journal, naming each planted difference: a counter that has not synced,
// a payment Odoo has but Clover does not, one booked twice, one with another amount, and money
// on no counter's terminal. Real `counter` processes, the simulator and the fake Odoo over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import type { StoreDayView } from '../../src/shared/contract/views';
import { updateSettings } from '../../src/till/settings-file';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';
import { startFakeOdoo, type FakeOdoo } from '../support/fake-odoo';
import { SERIAL, SERIAL_2 } from '../support/till-harness';

let sim: CloverSimulator;
let odoo: FakeOdoo;
let a: CounterCli;
let b: CounterCli;
const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false, flags: { velocityLimit: false } });
  odoo = await startFakeOdoo();
  a = new CounterCli(sim, { ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' });
  b = new CounterCli(sim, { ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' });
  for (const [cli, serial] of [[a, SERIAL], [b, SERIAL_2]] as const) {
    if ((await cli.run(['terminals', 'sync'])).code !== 0) throw new Error('terminals sync failed');
    if ((await cli.run(['terminals', 'default', serial])).code !== 0) throw new Error('default terminal not set');
  }
});
afterAll(async () => {
  await sim?.close();
  await odoo?.close();
});

async function pay(cli: CounterCli, amount: string, serial: string): Promise<{ id: number; cloverPaymentId: string }> {
  sim.control.script(serial, { kind: 'approve' });
  const r = await cli.run(['pay', amount, '--terminal', serial]);
  if (r.code !== 0) throw new Error(r.stderr + r.stdout);
  return r.json.sale as { id: number; cloverPaymentId: string };
}

/** `counter totals --store` on that counter (exit 0 when all agree, 1 with differences). */
async function storeViewFrom(cli: CounterCli): Promise<StoreDayView> {
  const r = await cli.run(['totals', '--store', '--date', today()]);
  const store = r.json.store as StoreDayView;
  expect(r.code, r.stderr).toBe(store.differences.length ? 1 : 0);
  return store;
}

const cloverDifferences = async (cli: CounterCli) => ((await cli.run(['totals'])).json.totals as { clover: { checked: boolean; differences: Array<{ what: string }> } }).clover;

describe('two counters on one merchant', () => {
  it('each balances its own day, and the store view matches Clover and Odoo', async () => {
    await pay(a, '12.00', SERIAL);
    await pay(a, '7.50', SERIAL);
    await pay(b, '30.00', SERIAL_2);
    for (const cli of [a, b]) expect((await cli.run(['sync', '--once'])).code).toBe(0);
    for (const cli of [a, b]) expect(await cloverDifferences(cli)).toMatchObject({ checked: true, differences: [] });
    const store = await storeViewFrom(a);
    expect(store).toMatchObject({ clover: { checked: true, count: 3, total: 4950 }, odoo: { checked: true, count: 3, total: 4950 }, till: { count: 2, total: 1950 }, differences: [] });
    expect(store.counters).toEqual([
      { terminal: 'Counter 1 (C0SIM0000001)', count: 2, total: 1950 },
      { terminal: 'Counter 2 (C0SIM0000002)', count: 1, total: 3000 },
    ]);
  });

  it('names every planted difference: counter not synced, not at Clover, twice in Odoo, another amount, no counter', async () => {
    const unsynced = await pay(b, '5.00', SERIAL_2); // counter 2 does not sync
    const fromOdoo = (key: string) => odoo.control.paymentsByKey(key)[0]!;
    const first = (await a.run(['sales'])).json.sales as Array<{ cloverPaymentId: string; total: number }>;
    const twelve = first.find((s) => s.total === 1200)!.cloverPaymentId;
    const sevenFifty = first.find((s) => s.total === 750)!.cloverPaymentId;
    odoo.control.edit('account.payment', fromOdoo(`CLV:${sevenFifty}`).id, { amount: 5.75 }); // someone edited it in Odoo
    const copy = fromOdoo(`CLV:${twelve}`);
    const vals = { payment_type: 'inbound', partner_type: 'customer', partner_id: 1, amount: 12, currency_id: 1, journal_id: 1, payment_method_line_id: 1, date: copy.date };
    for (const extra of [{ ...vals, payment_reference: `CLV:${twelve}` }, { ...vals, amount: 9, payment_reference: 'CLV:NOTATCLOVER1' }]) {
      const [id] = odoo.control.call('account.payment', 'create', { vals_list: [extra] }) as number[];
      odoo.control.call('account.payment', 'action_post', { ids: [id] });
    }
    // Money keyed at counter 2 (no terminal), which never reaches Odoo: on no counter's terminal.
    updateSettings(b.dataDir, (s) => void (s.clover.keyedEntry = 'app'));
    const keyed = await b.run(['keyed', '4.00'], { input: JSON.stringify({ number: '4242424242424242', expMonth: 12, expYear: 2030, cvv: '123' }) });
    expect(keyed.code, keyed.stderr + keyed.stdout).toBe(0);

    const store = await storeViewFrom(a);
    const kinds = store.differences.map((d) => [d.kind, d.cloverPaymentId]);
    expect(kinds).toEqual(expect.arrayContaining([
      ['not_in_odoo', unsynced.cloverPaymentId],
      ['twice_in_odoo', twelve],
      ['amount_differs', sevenFifty],
      ['not_at_clover', 'NOTATCLOVER1'],
      ['no_counter', (keyed.json.sale as { cloverPaymentId: string }).cloverPaymentId],
    ]));
    expect(store.differences).toHaveLength(5);
    expect(store.differences.find((d) => d.kind === 'not_in_odoo')).toMatchObject({ terminal: 'Counter 2 (C0SIM0000002)', fix: expect.stringContaining('`counter sync`') });
    // Counter 1's own day still balances: counter 2's payments are not its differences.
    expect(await cloverDifferences(a)).toMatchObject({ checked: true, differences: [] });
  });
});
