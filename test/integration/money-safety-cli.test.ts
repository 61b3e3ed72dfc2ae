// Issue 11's scenarios as a store meets them: the real `counter` command in child processes
// (killed with SIGKILL where a crash belongs), a second process on the same data folder, the
// Clover simulator and the fake Odoo over HTTP, real SQLite and the real keychain. Each ends on
// the one invariant: approved money at Clover == approved records in the ledger == records in
// Odoo, and never more than one charge per attempt.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator } from '../../src/clover/simulator';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { createTill } from '../../src/till/create-till';
import { recoverUnknownOutcomes } from '../../src/till/startup-recovery';
import { openLedger } from '../../src/sync';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';
import { startFakeOdoo } from '../support/fake-odoo';
import { expectInvariant } from '../support/money-invariant';
import { SERIAL } from '../support/till-harness';

const PIN = '4321';

async function stack(inFlightLookup: 503 | 404 = 503) {
  requireTestKeyring();
  const sim = await startCloverSimulator({ rateLimit: false, flags: { velocityLimit: false, inFlightLookup } });
  const odoo = await startFakeOdoo();
  const cli = new CounterCli(sim, { ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' });
  const synced = await cli.run(['terminals', 'sync']);
  if (synced.code !== 0) throw new Error(`terminals sync failed: ${synced.stderr}${synced.stdout}`);
  return { sim, odoo, cli, close: async () => void (await Promise.all([sim.close(), odoo.close()])) };
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

function output(child: ChildProcess): () => Record<string, unknown> {
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  return () => JSON.parse(text.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

async function killed(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await exited(child);
}

const ledgerOf = (cli: CounterCli) => openLedger(join(cli.dataDir, 'ledger.sqlite'), { integrityCheck: false });

describe.each([503, 404] as const)('a late tap after recovery (a lookup of a waiting payment answers %i)', (code) => {
  let s: Awaited<ReturnType<typeof stack>>;
  beforeAll(async () => void (s = await stack(code)));
  afterAll(async () => s?.close());

  it('the till dies while the customer is at the terminal: recovery waits, the tap is recorded once, nothing is charged twice', async () => {
    const { sim, odoo, cli } = s;
    sim.control.script(SERIAL, { kind: 'hold' });
    const child = cli.start(['pay', '42.00']);
    await until(() => sim.control.device(SERIAL).busy === true);
    await killed(child);

    // Recovery before the customer taps: Clover has no payment (yet). Never "no money moved".
    const early = await cli.run(['recover']);
    expect(early.code, early.stderr).toBe(3);
    expect(early.json.resolved).toEqual([expect.objectContaining({ moneyMoved: 'unknown', total: 4200 })]);
    const blocked = await cli.run(['pay', '1.00']);
    expect(blocked.json, 'the terminal stays blocked: no second charge while the first may still happen').toMatchObject({ error: { code: 'REFUSED' } });

    sim.control.act(SERIAL, { kind: 'approve' }); // the customer taps after the till died
    await until(() => sim.control.device(SERIAL).busy === false);
    const late = await cli.run(['recover']);
    expect(late.code, late.stderr).toBe(0);
    expect(late.json.resolved).toEqual([expect.objectContaining({ state: 'approved', total: 4200 })]);
    expect((await cli.run(['sync', '--once'])).code).toBe(0);
    expectInvariant(sim, cli.dataDir, odoo);
  });
});

describe('money-safety scenarios across processes', () => {
  let s: Awaited<ReturnType<typeof stack>>;
  beforeAll(async () => {
    s = await stack(404);
    const set = await s.cli.run(['manager-pin'], { input: PIN });
    if (set.code !== 0) throw new Error(set.stderr + set.stdout);
  });
  afterAll(async () => s?.close());

  it('after the answer deadline a sale with no payment is closed, and a tap that still comes is recorded late at end of day', async () => {
    const { sim, odoo, cli } = s;
    sim.control.script(SERIAL, { kind: 'hold' });
    const child = cli.start(['pay', '17.00']);
    await until(() => sim.control.device(SERIAL).busy === true);
    await killed(child);
    // Another process, three minutes later by its clock: the customer can no longer pay, by the deadline.
    let offset = 180_000;
    const till = await createTill({ dataDir: cli.dataDir, env: cli.env() as Record<string, string>, now: () => Date.now() + offset });
    try {
      const report = await recoverUnknownOutcomes(till);
      expect(report.sales).toEqual([expect.objectContaining({ state: 'cancelled', moneyMoved: 'no', total: 1700 })]);
      // The simulator's device kept waiting past its timeout; the customer taps anyway.
      sim.control.act(SERIAL, { kind: 'approve' });
      offset = 0;
    } finally {
      await till.close();
    }
    const totals = await cli.run(['totals']);
    expect(totals.code, totals.stderr).toBe(0);
    const differences = (totals.json.totals as { clover: { differences: Array<{ what: string }> } }).clover.differences;
    expect(differences.map((d) => d.what).join('\n')).toMatch(/recorded now as approved late/);
    const sales = (await cli.run(['sales'])).json.sales as Array<{ total: number; state: string; problem: string | null }>;
    expect(sales.find((x) => x.total === 1700)).toMatchObject({ state: 'approved', problem: expect.stringContaining('Approved late') });
    expect((await cli.run(['sync', '--once'])).code).toBe(0);
    expectInvariant(sim, cli.dataDir, odoo);
  });

  it.each(['credit', 'refund', 'void'] as const)('a %s waiting on the terminal is left alone by `counter recover` and by Force in another process; its answer is recorded', async (kind) => {
    const { sim, odoo, cli } = s;
    let args: string[] = ['credit', '5.00', '--reason', 'returned a brace'];
    if (kind !== 'credit') {
      sim.control.script(SERIAL, { kind: 'approve' });
      const sale = (await cli.run(['pay', '12.00'])).json.sale as { id: number; cloverPaymentId: string };
      args = [kind, String(sale.id)];
      // A void needs no customer: Clover does it at once, and its answer is slow to come back.
      if (kind === 'void') sim.control.fault({ method: 'POST', path: `/connect/v1/payments/${sale.cloverPaymentId}/void`, kind: 'slow', delayMs: 5_000 });
    }
    if (kind !== 'void') sim.control.script(SERIAL, { kind: 'hold' });
    const child = cli.start(args, { env: { COUNTER_MANAGER_PIN: PIN } });
    const result = output(child);
    const ledger = ledgerOf(cli);
    try {
      await until(() => (kind === 'void' ? ledger.voids.unresolved().some((v) => v.state === 'sent') : sim.control.device(SERIAL).busy === true));
    } finally {
      ledger.close();
    }

    const recover = await cli.run(['recover']);
    const op = (recover.json.operations as Array<{ id: number; kind: string; state: string; inProgress: unknown }>).find((o) => o.kind === kind);
    expect(op, `recovery leaves the live ${kind} as it is`).toMatchObject({ state: 'sent', inProgress: { terminal: SERIAL } });
    // Force from the app on the same data folder: refused while the terminal may still answer.
    const till = await createTill({ dataDir: cli.dataDir, env: cli.env() as Record<string, string> });
    try {
      const handlers = createCounterHandlers(till);
      const forced = await dispatchCall(handlers, 'recovery.forceOperation', { kind, id: op!.id, outcome: 'declined', reason: 'customer left', managerPin: PIN });
      expect(forced).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining('in progress') } });
    } finally {
      await till.close();
    }

    if (kind !== 'void') sim.control.act(SERIAL, { kind: 'approve' });
    expect(await exited(child)).toBe(0);
    expect(result()).toMatchObject({ [kind]: { state: 'approved' } });
    expect((await cli.run(['sync', '--once'])).code).toBe(0);
    expectInvariant(sim, cli.dataDir, odoo);
  });

  it('a refund journaled but never sent (the app died reading Clover\'s balance) is closed as not sent and never resent', async () => {
    const { sim, odoo, cli } = s;
    sim.control.script(SERIAL, { kind: 'approve' });
    const sale = (await cli.run(['pay', '30.00'])).json.sale as { id: number; cloverPaymentId: string };
    sim.control.fault({ method: 'GET', path: `/connect/v1/payments/${sale.cloverPaymentId}`, kind: 'slow', delayMs: 30_000 });
    const child = cli.start(['refund', String(sale.id)]);
    const ledger = ledgerOf(cli);
    try {
      await until(() => ledger.refunds.forPayment(sale.id).length === 1);
    } finally {
      ledger.close();
    }
    await killed(child);
    sim.control.clearFaults();

    const recover = await cli.run(['recover']);
    expect(recover.code, recover.stderr).toBe(0);
    expect(recover.json.operations).toEqual([expect.objectContaining({ kind: 'refund', state: 'declined', message: expect.stringContaining('never sent') })]);
    await cli.run(['recover']);
    const refundsAtClover = () => sim.control.payments().find((p) => p.id === sale.cloverPaymentId)!.refunds;
    expect(refundsAtClover(), 'nothing was resent by itself').toHaveLength(0);
    // The cashier decides: a new refund goes out once.
    expect((await cli.run(['refund', String(sale.id)])).code).toBe(0);
    expect(refundsAtClover()).toHaveLength(1);
    expect((await cli.run(['sync', '--once'])).code).toBe(0);
    expectInvariant(sim, cli.dataDir, odoo);
  });

  it('the manager PIN lockout holds across processes: five wrong tries in five runs lock the sixth', async () => {
    const { cli } = s;
    for (let i = 0; i < 5; i++) {
      const wrong = await cli.run(['credit', '1.00', '--reason', 'goodwill'], { env: { COUNTER_MANAGER_PIN: '0000' } });
      expect(wrong.json).toMatchObject({ error: { code: 'REFUSED', message: 'Wrong manager PIN.' } });
    }
    const locked = await cli.run(['credit', '1.00', '--reason', 'goodwill'], { env: { COUNTER_MANAGER_PIN: PIN } });
    expect(locked.json).toMatchObject({ error: { code: 'REFUSED', message: expect.stringContaining('Too many wrong manager PINs') } });
  });
});
