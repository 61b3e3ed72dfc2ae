// The `counter` command end to end: real child processes, the simulator and the fake Odoo
// over HTTP, real SQLite files and the real keychain.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloverSimulator } from '../../src/clover/simulator';
import type { FakeOdoo } from '../support/fake-odoo';
import { CounterCli, startCliStack } from '../support/cli-runner';
import { SERIAL } from '../support/till-harness';
import { updateSettings } from '../../src/till/settings-file';

let sim: CloverSimulator;
let odoo: FakeOdoo;
let cli: CounterCli;

beforeAll(async () => {
  ({ sim, odoo, cli } = await startCliStack());
});
afterAll(async () => {
  await sim?.close();
  await odoo?.close();
});

const charges = () => sim.control.payments().filter((p) => p.kind === 'payment');

describe('counter doctor', () => {
  it('says ready when keychain, Clover, terminal, Odoo, outbox, audit log and recovery are all fine', async () => {
    const r = await cli.run(['doctor']);
    expect(r.code, JSON.stringify(r.json)).toBe(0);
    expect(r.json).toMatchObject({ ready: true });
    expect((r.json.checks as Array<{ name: string }>).map((c) => c.name)).toEqual(['ledger', 'keychain', 'clover', 'terminal', 'odoo', 'currency', 'outbox', 'audit log', 'backups', 'unresolved sales']);
  });

  it('is not ready with a rejected Odoo key or a stopped terminal', async () => {
    const badKey = await cli.run(['doctor'], { env: { ODOO_API_KEY: 'wrong-key' } });
    expect(badKey.code).toBe(1);
    expect(badKey.json.checks).toContainEqual(expect.objectContaining({ name: 'odoo', ok: false }));
    sim.control.setConnected(SERIAL, false);
    const offline = await cli.run(['doctor']);
    sim.control.setConnected(SERIAL, true);
    expect(offline.code).toBe(1);
    expect(offline.json.checks).toContainEqual(expect.objectContaining({ name: 'terminal', ok: false }));
  });
});

describe('counter pay / recover', () => {
  it('takes an approved payment and syncs it to Odoo', async () => {
    sim.control.script(SERIAL, { kind: 'approve', last4: '4242', cardType: 'VISA' });
    const r = await cli.run(['pay', '12.34']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.sale).toMatchObject({ state: 'approved', total: 1234, cardLast4: '4242' });
    const sync = await cli.run(['sync', '--once']);
    expect(sync.code, sync.stderr + sync.stdout).toBe(0);
    const key = `CLV:${(r.json.sale as { cloverPaymentId: string }).cloverPaymentId}`;
    expect(odoo.control.paymentsByKey(key)).toHaveLength(1);
  });

  it('exit 1 on a decline, and a busy terminal is reported as such', async () => {
    sim.control.script(SERIAL, { kind: 'decline' });
    expect(await cli.run(['pay', '5.00'])).toMatchObject({ code: 1, json: { sale: { state: 'declined' } } });
    sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind: 'status503' });
    const busy = await cli.run(['pay', '5.00']);
    expect(busy.code).toBe(1);
    expect(busy.json).toMatchObject({ ok: false, error: { code: 'TERMINAL_BUSY' } });
  });

  it('partial approval: the rest is still to collect', async () => {
    sim.control.script(SERIAL, { kind: 'partial', approvedAmount: 1500 });
    const r = await cli.run(['pay', '30.00']);
    expect(r.code).toBe(0);
    expect(r.json.sale).toMatchObject({ state: 'partial', approvedAmount: 1500, remainder: 1500 });
  });

  it('killed (SIGKILL) while the payment is held on the terminal: recover records it exactly once', async () => {
    sim.control.script(SERIAL, { kind: 'hold' });
    const before = charges().length;
    const child = cli.start(['pay', '42.00']);
    await until(() => sim.control.device(SERIAL).busy === true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The customer finishes on the device after the app died.
    sim.control.act(SERIAL, { kind: 'approve' });
    await until(() => sim.control.device(SERIAL).busy === false);
    const blocked = await cli.run(['pay', '1.00']);
    expect(blocked.code, 'no new card sale while one is unresolved').toBe(1);
    expect(blocked.json).toMatchObject({ error: { code: 'REFUSED' } });
    const r = await cli.run(['recover']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.resolved).toEqual([expect.objectContaining({ state: 'approved', total: 4200 })]);
    expect((await cli.run(['recover'])).json.resolved).toEqual([]);
    expect(charges().length).toBe(before + 1);
    const sales = (await cli.run(['sales'])).json.sales as Array<{ total: number; state: string }>;
    expect(sales.filter((s) => s.total === 4200 && s.state === 'approved')).toHaveLength(1);
  });

  it('a refund submitted twice at once refunds once', async () => {
    sim.control.script(SERIAL, { kind: 'approve' });
    const sale = (await cli.run(['pay', '20.00'])).json.sale as { id: number };
    const [a, b] = await Promise.all([runAsync(['refund', String(sale.id)]), runAsync(['refund', String(sale.id)])]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 1]);
    const clover = sim.control.payments().find((p) => p.kind === 'payment' && p.amount === 2000);
    expect(clover?.refunds ?? []).toHaveLength(1);
  });

  it('keyed payment: the card number ends up nowhere in the data folder, logs or keychain', async () => {
    const pan = '4242424242424242';
    updateSettings(cli.dataDir, (s) => void (s.clover.keyedEntry = 'app'));
    const r = await cli.run(['keyed', '9.99'], { input: JSON.stringify({ number: pan, expMonth: 12, expYear: 2030, cvv: '123' }), env: { COUNTER_LOG_LEVEL: 'debug' } });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.json.sale).toMatchObject({ state: 'approved', cardLast4: '4242', entry: 'keyed' });
    expect(r.stdout + r.stderr).not.toContain(pan);
    for (const file of walk(cli.dataDir)) expect(readFileSync(file).includes(pan), file).toBe(false);
    const keychain = spawnSync('secret-tool', ['search', '--all', '--unlock', 'service', cli.keychainService], { encoding: 'utf8' });
    expect(keychain.stdout + keychain.stderr).toContain('secret'); // the entries are there (Clover tokens)…
    expect(keychain.stdout + keychain.stderr).not.toContain(pan); // …and the card number is not
  });
});

function runAsync(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = cli.start(args);
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.once('exit', (code) => resolve({ code, stdout }));
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
