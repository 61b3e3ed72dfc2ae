// The first run of `counter` on a fresh data folder with no Clover app configured: training mode
// on the built-in simulator, as in the app, whose customer taps after a moment. Nothing reaches
// Odoo, although one is configured.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { settingsPath } from '../../src/till/settings-file';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';
import { startFakeOdoo, type FakeOdoo } from '../support/fake-odoo';

let sim: CloverSimulator;
let odoo: FakeOdoo;
let cli: CounterCli;
let env: Record<string, string>;

beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false });
  odoo = await startFakeOdoo();
  cli = new CounterCli(sim);
  // Nothing says which Clover to use: the runner's simulator settings are blanked out.
  const blank = ['CLOVER_ENV', 'CLOVER_APP_ID', 'CLOVER_API_URL', 'CLOVER_WEB_URL', 'CLOVER_ECOMM_URL', 'CLOVER_TOKEN_URL', 'CLOVER_POS_ID', 'COUNTER_TRAINING'];
  env = { ...Object.fromEntries(blank.map((name) => [name, ''])), ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' };
});
afterAll(async () => {
  await sim?.close();
  await odoo?.close();
});

const TRAINING_NOTICE = 'training mode: nothing reaches Odoo';

describe('counter on a fresh data folder', () => {
  it('pays in training: the simulated customer taps within seconds, and it says so once', async () => {
    expect(existsSync(settingsPath(cli.dataDir))).toBe(false);
    const started = Date.now();
    const r = await cli.run(['pay', '12.00'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.json.sale).toMatchObject({ state: 'approved', total: 1200, training: true, moneyMoved: 'yes' });
    expect(r.stderr.split(TRAINING_NOTICE)).toHaveLength(2);
    expect(r.stderr).toMatch(/waiting for the customer/);
    // The built-in simulator took it, not the one this test runs.
    expect(sim.control.payments()).toEqual([]);
  });

  it('queues nothing for Odoo, and a sync sends nothing', async () => {
    const status = await cli.run(['outbox', 'status'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.status).toMatchObject({ depth: 0, inFlight: 0, parked: 0, delivered: 0 });
    const sync = await cli.run(['sync', '--once'], { env });
    expect(sync.code, sync.stderr + sync.stdout).toBe(0);
    expect(odoo.control.payments()).toEqual([]);
  });
});
