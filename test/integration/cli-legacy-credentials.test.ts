// `counter secret set clover-token|ecommerce-key --merchant <id>` against the real keychain and
// the simulator: the credential is stored, the merchant id lands in settings, and `doctor` says
// which credential is in use and what it turns off. A credential is a manager's: the PIN comes
// in COUNTER_MANAGER_PIN (cli-manager-gate.test.ts refuses it without).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { hashPin } from '../../src/till/refunds/manager-pin';
import { readSettings, updateSettings } from '../../src/till/settings-file';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';

const M = 'SIMMERCHANT01';
const PIN = '9753';
const PIN_HASH = await hashPin(PIN);
let sim: CloverSimulator;

/** A `counter` whose till has the manager PIN set, and the PIN in its environment. */
function managedCli(): CounterCli {
  const cli = new CounterCli(sim, { COUNTER_MANAGER_PIN: PIN });
  updateSettings(cli.dataDir, (s) => void (s.managerPinHash = PIN_HASH));
  return cli;
}

beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false });
});
afterAll(async () => sim?.close());

describe('counter secret set clover-token', () => {
  it('stores the merchant API token; doctor shows it and the disabled terminal', async () => {
    const cli = managedCli();
    const set = await cli.run(['secret', 'set', 'clover-token', '--merchant', M], { input: `${sim.control.issueLegacyToken('merchant-token', M)}\n` });
    expect(set.code, set.stdout + set.stderr).toBe(0);
    expect(set.json).toMatchObject({ ok: true, saved: 'clover-token', credential: 'merchant-token', merchantId: M, merchantName: 'Fusion Test Store' });
    expect(readSettings(cli.dataDir).clover).toMatchObject({ merchantId: M, merchantName: 'Fusion Test Store' });
    expect(set.stdout).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // the token itself is never printed

    expect((await cli.run(['terminals', 'sync'])).code).toBe(0);
    const doctor = await cli.run(['doctor']);
    expect(doctor.code).toBe(1); // no terminal payments: not ready to trade
    expect(doctor.json.clover).toMatchObject({ credential: 'merchant-token', terminal: false, platform: 'full', ecommerce: false });
    expect((doctor.json.clover as { disabled: string[] }).disabled).toContainEqual(expect.stringMatching(/Terminal payments need Clover connected with OAuth/));
    const checks = doctor.json.checks as Array<{ name: string; ok: boolean; detail: string }>;
    expect(checks.find((c) => c.name === 'clover')).toMatchObject({ ok: true, detail: expect.stringMatching(/merchant API token.*disabled: Terminal payments/) });
    expect(checks.find((c) => c.name === 'terminal')).toMatchObject({ ok: false, detail: expect.stringMatching(/a merchant API token cannot drive the terminal/) });

    const pay = await cli.run(['pay', '5.00']);
    expect(pay).toMatchObject({ code: 1, json: { ok: false, error: { code: 'NOT_SUPPORTED' } } });
  });

  it('stores an Ecommerce private key the same way', async () => {
    const cli = managedCli();
    const set = await cli.run(['secret', 'set', 'ecommerce-key', '--merchant', M], { input: sim.control.issueLegacyToken('ecommerce-key', M) });
    expect(set.code, set.stdout + set.stderr).toBe(0);
    const doctor = await cli.run(['doctor']);
    expect(doctor.json.clover).toMatchObject({ credential: 'ecommerce-key', terminal: false, platform: 'merchant-only', ecommerce: true });
  });

  it.each([
    ['no --merchant', ['secret', 'set', 'clover-token']],
    ['a short merchant id', ['secret', 'set', 'clover-token', '--merchant', 'SIM01']],
    ['a merchant id with symbols', ['secret', 'set', 'ecommerce-key', '--merchant', 'SIMMERCHANT-1']],
    ['--merchant on the Odoo key', ['secret', 'set', 'odoo', '--merchant', M]],
  ])('%s: exit 2, nothing stored', async (_name, args) => {
    const cli = new CounterCli(sim);
    const r = await cli.run(args, { input: 'a-long-enough-secret' });
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(readSettings(cli.dataDir).clover.merchantId).toBeUndefined();
  });
});
