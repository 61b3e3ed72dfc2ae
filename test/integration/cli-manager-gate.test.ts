// Who may change what (issue 12) from the `counter` command, in real child processes against
// the real keychain: connect, disconnect and every Clover or Odoo credential need the manager
// PIN in COUNTER_MANAGER_PIN. Refused (exit 1, REFUSED) with no PIN set yet, without it and with
// a wrong one, nothing stored; done with the right one.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { readSettings } from '../../src/till/settings-file';
import { CounterCli, requireTestKeyring, type CliResult } from '../support/cli-runner';

const M = 'SIMMERCHANT01';
const PIN = '2718';
let sim: CloverSimulator;
let cli: CounterCli;

beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false });
  cli = new CounterCli(sim); // the simulator over HTTP, connected on first use
});
afterAll(async () => sim?.close());

const keychain = (name: string) => spawnSync('secret-tool', ['lookup', 'service', cli.keychainService, 'username', name], { encoding: 'utf8' }).stdout;
const refused = (r: CliResult, message: RegExp) => {
  expect(r.code, r.stderr).toBe(1);
  expect(r.json).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringMatching(message) } });
};

describe('manager-only commands', () => {
  it('with no manager PIN set, connect and disconnect are refused: set one first (`counter manager-pin`)', async () => {
    for (const args of [['connect', '--no-browser'], ['disconnect']]) {
      refused(await cli.run(args, { env: { COUNTER_MANAGER_PIN: '1234' } }), /set a manager PIN first .*counter manager-pin/);
    }
    expect(readSettings(cli.dataDir).clover.merchantId).toBeDefined(); // still connected
    expect((await cli.run(['manager-pin'], { input: PIN })).code).toBe(0);
  });

  it('secret set odoo: refused without the PIN and with a wrong one, stored with it', async () => {
    refused(await cli.run(['secret', 'set', 'odoo'], { input: 'odoo-key-0000001' }), /^Saving the Odoo API key needs the manager PIN\.$/);
    refused(await cli.run(['secret', 'set', 'odoo'], { input: 'odoo-key-0000001', env: { COUNTER_MANAGER_PIN: '0000' } }), /wrong manager PIN/);
    expect(keychain('odoo.apiKey')).toBe('');
    const done = await cli.run(['secret', 'set', 'odoo'], { input: 'odoo-key-0000001', env: { COUNTER_MANAGER_PIN: PIN } });
    expect(done.code, done.stderr).toBe(0);
    expect(keychain('odoo.apiKey')).toBe('odoo-key-0000001');
  });

  it("secret set dispatcher (this till's key, deciding where sign-ins go): refused without the PIN, stored with it", async () => {
    const credential = `counter-1.${'k'.repeat(43)}`;
    refused(await cli.run(['secret', 'set', 'dispatcher'], { input: credential }), /^Saving the dispatcher key needs the manager PIN\.$/);
    expect(keychain('dispatcher.secret')).toBe('');
    const done = await cli.run(['secret', 'set', 'dispatcher'], { input: credential, env: { COUNTER_MANAGER_PIN: PIN } });
    expect(done.code, done.stderr).toBe(0);
    expect(keychain('dispatcher.secret')).toBe(credential);
  });

  it('disconnect, then a Clover dashboard token: refused without the PIN and with a wrong one, done with it', async () => {
    refused(await cli.run(['disconnect']), /^Disconnecting Clover needs the manager PIN\.$/);
    refused(await cli.run(['disconnect'], { env: { COUNTER_MANAGER_PIN: '0000' } }), /wrong manager PIN/);
    expect((await cli.run(['terminals', 'sync'])).code).toBe(0); // still connected
    expect((await cli.run(['disconnect'], { env: { COUNTER_MANAGER_PIN: PIN } })).code).toBe(0);
    expect(readSettings(cli.dataDir).clover.merchantId).toBeUndefined();

    const token = sim.control.issueLegacyToken('merchant-token', M);
    const set = (env: Record<string, string> = {}) => cli.run(['secret', 'set', 'clover-token', '--merchant', M], { input: token, env });
    refused(await set(), /^Saving a Clover API token or Ecommerce key needs the manager PIN\.$/);
    refused(await set({ COUNTER_MANAGER_PIN: '0000' }), /wrong manager PIN/);
    expect(readSettings(cli.dataDir).clover.merchantId).toBeUndefined();
    const done = await set({ COUNTER_MANAGER_PIN: PIN });
    expect(done.code, done.stderr).toBe(0);
    expect(done.json).toMatchObject({ credential: 'merchant-token', merchantId: M });
  });

  it('connect: refused without the PIN and with a wrong one, before any sign-in starts', async () => {
    const exchanges = sim.control.counters().tokenExchanges;
    refused(await cli.run(['connect', '--no-browser']), /^Connecting Clover needs the manager PIN\.$/);
    refused(await cli.run(['connect', '--no-browser'], { env: { COUNTER_MANAGER_PIN: '0000' } }), /wrong manager PIN/);
    expect(sim.control.counters().tokenExchanges).toBe(exchanges);
    // With the PIN it connects (cli-connect.test.ts walks the sign-in through).
  });
});
