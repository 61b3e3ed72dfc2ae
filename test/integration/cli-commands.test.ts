// The rest of the `counter` commands against the simulator and the fake Odoo: terminals,
// void, credit, totals, outbox, receipts, secrets.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloverSimulator } from '../../src/clover/simulator';
import { localDay } from '../../src/cli/parse-args';
import { openDatabase } from '../../src/sync/db/database';
import { panFreeSql } from '../../src/sync/pan-guard';
import { LEDGER_FILE } from '../../src/till/create-till';
import { hashPin } from '../../src/till/refunds/manager-pin';
import { updateSettings } from '../../src/till/settings-file';
import type { FakeOdoo } from '../support/fake-odoo';
import { CounterCli, startCliStack } from '../support/cli-runner';
import { SERIAL, SERIAL_2 } from '../support/till-harness';

let sim: CloverSimulator;
let odoo: FakeOdoo;
let cli: CounterCli;
let saleId: number;

beforeAll(async () => {
  ({ sim, odoo, cli } = await startCliStack());
  sim.control.script(SERIAL, { kind: 'approve', last4: '1111', cardType: 'VISA' });
  saleId = ((await cli.run(['pay', '15.00'])).json.sale as { id: number }).id;
});
afterAll(async () => {
  await sim?.close();
  await odoo?.close();
});

describe('counter commands', () => {
  it('terminals: ping, default, rename', async () => {
    expect((await cli.run(['terminals', 'ping', SERIAL])).json.terminal).toMatchObject({ serial: SERIAL, connected: true });
    sim.control.setConnected(SERIAL_2, false);
    expect((await cli.run(['terminals', 'ping', SERIAL_2])).code).toBe(1);
    sim.control.setConnected(SERIAL_2, true);
    await cli.run(['terminals', 'default', SERIAL_2]);
    const renamed = await cli.run(['terminals', 'rename', SERIAL_2, 'Back counter']);
    expect(renamed.json.terminals).toContainEqual(expect.objectContaining({ serial: SERIAL_2, name: 'Back counter', isDefault: true }));
    expect((await cli.run(['terminals', 'rename', 'NOPE', 'x'])).code).toBe(1);
    await cli.run(['terminals', 'default', SERIAL]);
  });

  it('receipt: an 80 mm PDF and ESC/POS bytes to a network printer', async () => {
    const pdf = join(cli.dataDir, 'r.pdf');
    expect((await cli.run(['receipt', String(saleId), '--pdf', pdf])).code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout).toMatch(/Page size:\s+226\.77/);
    const got: Buffer[] = [];
    const printer = createServer((s) => s.on('data', (d) => got.push(d)));
    await new Promise<void>((r) => printer.listen(0, '127.0.0.1', r));
    const r = await cli.run(['receipt', String(saleId), '--escpos', `tcp://127.0.0.1:${(printer.address() as AddressInfo).port}`, '--copy']);
    printer.close();
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.concat(got).toString('latin1')).toContain('*** COPY ***');
    expect((await cli.run(['receipt', '999'])).code).toBe(1);
    const emailed = await cli.run(['receipt', String(saleId), '--email', 'pat.customer@example.com']);
    expect(emailed.code, emailed.stderr).toBe(0);
    expect(emailed.json.done).toEqual(['sent by Clover as an email']);
    expect(sim.control.device(SERIAL).receipts).toContainEqual(expect.objectContaining({ kind: 'payment', method: 'EMAIL' }));
    expect((await cli.run(['receipt', String(saleId), '--email', 'nobody'])).code).toBe(2);
  });

  it('void inside the window, then totals show it', async () => {
    sim.control.script(SERIAL, { kind: 'approve' });
    const other = ((await cli.run(['pay', '7.00'])).json.sale as { id: number }).id;
    const v = await cli.run(['void', String(other)]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json.void).toMatchObject({ kind: 'void', state: 'approved' });
    expect((await cli.run(['void', String(other)])).code).toBe(1); // not twice
    const totals = await cli.run(['totals']);
    expect(totals.code).toBe(0);
    const visa = (totals.json.totals as { byBrand: Array<{ brand: string; sales: number; voids: number }> }).byBrand.find((b) => b.brand === 'VISA');
    expect(visa).toMatchObject({ voids: 700 });
  });

  it('credit needs the manager PIN', async () => {
    expect((await cli.run(['credit', '3.00', '--reason', 'goodwill'])).code).toBe(2); // no PIN given
    const unset = await cli.run(['credit', '3.00', '--reason', 'goodwill'], { env: { COUNTER_MANAGER_PIN: '4321' } });
    expect(unset.json).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringMatching(/manager PIN/) } }); // none set yet
    const pinHash = await hashPin('4321');
    updateSettings(cli.dataDir, (s) => void (s.managerPinHash = pinHash));
    expect((await cli.run(['credit', '3.00', '--reason', 'goodwill'], { env: { COUNTER_MANAGER_PIN: '0000' } })).json).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    sim.control.script(SERIAL, { kind: 'approve' });
    const ok = await cli.run(['credit', '3.00', '--reason', 'goodwill'], { env: { COUNTER_MANAGER_PIN: '4321' } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json.credit).toMatchObject({ kind: 'credit', state: 'approved', amount: 300 });
  });

  it('outbox: status, list, a parked item retried after the fix', async () => {
    odoo.control.inject({ model: 'account.payment', method: 'create', status: 422, message: 'The journal is locked', times: 1 });
    const sync = await cli.run(['sync', '--once']);
    expect(sync.code).toBe(1); // something parked
    const parked = (await cli.run(['outbox', 'list', '--state', 'parked'])).json.items as Array<{ id: number; parkReason: string }>;
    expect(parked.length).toBeGreaterThan(0);
    expect(parked[0]!.parkReason).toContain('locked');
    expect((await cli.run(['outbox', 'status'])).json.status).toMatchObject({ parked: parked.length });
    for (const item of parked) expect((await cli.run(['outbox', 'retry', String(item.id)])).code).toBe(0);
    expect((await cli.run(['sync', '--once'])).code).toBe(0);
    expect((await cli.run(['outbox', 'status'])).json.status).toMatchObject({ parked: 0, depth: 0 });
    for (const count of odoo.control.keyCounts().values()) expect(count).toBe(1);
  });

  it('secret set stores the Odoo key in the keychain, read from stdin', async () => {
    const r = await cli.run(['secret', 'set', 'odoo'], { input: 'a-new-odoo-key-123\n', env: { ODOO_API_KEY: '', COUNTER_MANAGER_PIN: '4321' } }); // set by the credit test
    expect(r.code, r.stderr).toBe(0);
    const found = spawnSync('secret-tool', ['lookup', 'service', cli.keychainService, 'username', 'odoo.apiKey'], { encoding: 'utf8' });
    expect(found.stdout).toBe('a-new-odoo-key-123');
    expect((await cli.run(['secret', 'set', 'odoo'], { input: 'short', env: { ODOO_API_KEY: '' } })).code).toBe(2);
  });
});

describe('counter audit', () => {
  it('proves the ledger against its log and the head on the totals report; finds a sale edited behind the ledger', async () => {
    const totals = await cli.run(['totals', '--date', localDay()], { json: false });
    const head = /audit log up to entry (\d+:[0-9a-f]{16})/.exec(totals.stdout)?.[1];
    expect(head, totals.stdout).toBeDefined();
    sim.control.script(SERIAL, { kind: 'approve' });
    expect((await cli.run(['pay', '4.00'])).code).toBe(0); // the log goes on past the recorded head

    const ok = await cli.run(['audit', '--head', head!], { json: false });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/records: \d+ match the log/);
    expect(ok.stdout).toContain('The ledger matches its audit log.');
    expect((await cli.run(['audit', '--head', `${head!.split(':')[0]}:${'0'.repeat(16)}`])).code).toBe(1);
    expect((await cli.run(['audit', '--head', 'yesterday'], { json: false })).code).toBe(2);

    // Someone lowers a sale with an SQL tool: found, named, exit 1; doctor says not ready.
    const db = openDatabase(join(cli.dataDir, LEDGER_FILE), { functions: { pan_free: panFreeSql } });
    db.run('UPDATE sales SET amount = 1 WHERE id = ?', [saleId]);
    db.close();
    const bad = await cli.run(['audit']);
    expect(bad.code).toBe(1);
    expect(bad.json.integrity).toMatchObject({ ok: false, problems: [{ record: `sale #${saleId}`, problem: 'amount is 1, the audit log says 1500' }] });
    const doctor = await cli.run(['doctor']);
    expect(doctor.json.checks).toContainEqual(expect.objectContaining({ name: 'audit log', ok: false, detail: expect.stringContaining(`sale #${saleId} amount is 1`) }));
  });
});

describe('counter manager-pin', () => {
  it('sets the PIN, then changing it needs the current one', async () => {
    const fresh = new CounterCli(sim, { ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' });
    expect((await fresh.run(['manager-pin'], { input: '12ab' })).code).toBe(2); // not digits
    expect((await fresh.run(['manager-pin'], { input: '1357' })).code).toBe(0);
    expect((await fresh.run(['manager-pin'], { input: '2468' })).json).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect((await fresh.run(['manager-pin'], { input: '2468', env: { COUNTER_MANAGER_PIN: '0000' } })).code).toBe(1);
    expect((await fresh.run(['manager-pin'], { input: '2468', env: { COUNTER_MANAGER_PIN: '1357' } })).code).toBe(0);
    // The hash never leaves the till: not in settings as the UI sees them.
    const info = await fresh.run(['terminals', 'list']);
    expect(JSON.stringify(info.json)).not.toContain('managerPinHash');
  });
});
