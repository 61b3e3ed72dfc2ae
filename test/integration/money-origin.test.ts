// Every record knows where its money is (issue 12): sales carry the Clover environment and
// merchant they were taken on; Odoo books only the money of the one it is bound to. Simulator
// money with no binding, or another merchant's, is held with a plain reason and never sent; a
// manager's binding lets it go. Moving the till to another merchant waits for its money to be home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { updateSettings } from '../../src/till/settings-file';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';
import { startFakeOdoo, type FakeOdoo } from '../support/fake-odoo';
import { bindOdooToSimulator } from '../support/odoo-binding';
import { SERIAL } from '../support/till-harness';

const PIN = '8642';
let sim: CloverSimulator;
let odoo: FakeOdoo;
let cli: CounterCli;

beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false });
  odoo = await startFakeOdoo();
  cli = new CounterCli(sim, { ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' });
  updateSettings(cli.dataDir, (s) => void delete s.odoo.boundTo); // a store's Odoo, as set up: not bound to the simulator
  if ((await cli.run(['terminals', 'sync'])).code !== 0) throw new Error('terminals sync failed');
  if ((await cli.run(['manager-pin'], { input: PIN })).code !== 0) throw new Error('manager PIN not set');
});
afterAll(async () => {
  await sim?.close();
  await odoo?.close();
});

const parked = async () => ((await cli.run(['outbox', 'list', '--state', 'parked'])).json.items ?? []) as Array<{ id: number; parkReason: string }>;

describe('where the money is', () => {
  it("the simulator's money is held, never sent to an Odoo nobody bound to it; a manager's binding lets it go", async () => {
    sim.control.script(SERIAL, { kind: 'approve' });
    const sale = (await cli.run(['pay', '11.00'])).json.sale as { cloverPaymentId: string };
    expect((await cli.run(['sync', '--once'])).code, 'a held item is for a person').toBe(1);
    const [held] = await parked();
    expect(held).toMatchObject({ parkReason: expect.stringContaining('Taken on the Clover simulator (SIMMERCHANT01): test money is never sent to Odoo') });
    expect(odoo.control.payments()).toHaveLength(0);

    bindOdooToSimulator(cli.dataDir); // a manager: this Odoo is a test database
    expect((await cli.run(['outbox', 'retry', String(held!.id)])).code).toBe(0);
    expect((await cli.run(['sync', '--once'])).code).toBe(0);
    expect(odoo.control.paymentsByKey(`CLV:${sale.cloverPaymentId}`)).toHaveLength(1);
  });

  it("another merchant's money is held with the reason; moving the till while money is on its way is refused", async () => {
    updateSettings(cli.dataDir, (s) => void (s.odoo.boundTo = { environment: 'production', merchantId: 'REALSTORE0001' }));
    sim.control.script(SERIAL, { kind: 'approve' });
    expect((await cli.run(['pay', '12.00'])).code).toBe(0);
    await cli.run(['sync', '--once']);
    expect((await parked()).map((p) => p.parkReason)).toContainEqual(expect.stringContaining('this Odoo books the money of production merchant REALSTORE0001: not sent'));
    expect(odoo.control.payments()).toHaveLength(1); // only the earlier, bound one

    // A pending (not parked) record: disconnecting must wait for it.
    bindOdooToSimulator(cli.dataDir);
    odoo.control.inject({ status: 503, times: 50 });
    sim.control.script(SERIAL, { kind: 'approve' });
    expect((await cli.run(['pay', '13.00'])).code).toBe(0);
    const refused = await cli.run(['disconnect'], { env: { COUNTER_MANAGER_PIN: PIN } });
    expect(refused.json).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining('not yet delivered to Odoo') } });
    odoo.control.clearFaults();
  });
});
