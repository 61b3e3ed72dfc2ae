// Setup learned from the systems that know (issue 12): a Canadian store's Clover merchant takes
// CAD and its Odoo books in CAD, so the till sells an invoice with no setting edited; a merchant
// and an Odoo in different currencies fail `counter doctor` with the exact fix. Real `counter`
// processes, the simulator and the fake Odoo over HTTP, the real keychain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { DEFAULT_MERCHANT } from '../../src/clover/simulator/sim-context';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';
import { startFakeOdoo, type FakeOdoo } from '../support/fake-odoo';
import { SERIAL } from '../support/till-harness';

const CANADIAN = {
  ...DEFAULT_MERCHANT,
  name: 'Fusion Health Supply',
  currency: 'CAD',
  address: { address1: '200 Bank Street', city: 'Ottawa', state: 'ON', zip: 'K2P 1X1', country: 'CA', phoneNumber: '613-555-0142' },
};

let sim: CloverSimulator | undefined;
let odoo: FakeOdoo | undefined;
afterEach(async () => {
  await sim?.close();
  await odoo?.close();
});

async function stack(merchantCurrency: 'USD' | 'CAD', odooCurrency: 'USD' | 'CAD') {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false, merchants: [merchantCurrency === 'CAD' ? CANADIAN : DEFAULT_MERCHANT] });
  odoo = await startFakeOdoo({ currency: odooCurrency });
  const cli = new CounterCli(sim, { ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' });
  const synced = await cli.run(['terminals', 'sync']);
  if (synced.code !== 0) throw new Error(synced.stderr + synced.stdout);
  return { sim, odoo, cli };
}

const settingsOf = (cli: CounterCli) => JSON.parse(readFileSync(join(cli.dataDir, 'settings.json'), 'utf8')) as { currency: string; store: { name?: string; address: string[]; phone?: string } };

describe('setup learned from Clover and Odoo', () => {
  it('a CAD merchant with a CAD Odoo sells an invoice with no settings edited', async () => {
    const { sim, odoo, cli } = await stack('CAD', 'CAD');
    expect(settingsOf(cli)).toMatchObject({ currency: 'CAD', store: { name: 'Fusion Health Supply', address: ['200 Bank Street', 'Ottawa, ON K2P 1X1'], phone: '613-555-0142' } });
    const doctor = await cli.run(['doctor']);
    expect(doctor.json.checks).toContainEqual(expect.objectContaining({ name: 'currency', ok: true, detail: expect.stringContaining('CAD') }));
    sim.control.script(SERIAL, { kind: 'approve' });
    const paid = await cli.run(['pay', '120.00', '--invoice', 'INV/2026/00001']);
    expect(paid.code, paid.stderr + paid.stdout).toBe(0);
    expect(paid.json.sale).toMatchObject({ state: 'approved', currency: 'CAD', total: 12_000 });
    expect((await cli.run(['sync', '--once'])).code).toBe(0);
    const key = `CLV:${(paid.json.sale as { cloverPaymentId: string }).cloverPaymentId}`;
    const [payment] = odoo.control.paymentsByKey(key);
    expect(payment).toMatchObject({ currency_id: 2 }); // the fake's CAD
    expect(odoo.control.invoice(1)).toMatchObject({ amount_residual: 0 });
  });

  it('a USD merchant with a CAD Odoo fails doctor with the fix, before any sale', async () => {
    const { cli } = await stack('USD', 'CAD');
    const doctor = await cli.run(['doctor']);
    expect(doctor.code).toBe(1);
    const currency = (doctor.json.checks as Array<{ name: string; ok: boolean; detail: string }>).find((c) => c.name === 'currency');
    expect(currency).toMatchObject({ ok: false, detail: expect.stringMatching(/Clover takes USD but Odoo's "Clover" journal books in CAD\. Fix in Odoo: .*Currency: USD/) });
  });
});
