// Issue 11's scenarios inside one process, where the test moves the clock: a second till on the
// same data folder stands for a process that took over a sale whose owner stopped answering.
// (Two tills in one process share a pid, so the second sees the first's lease as an orphan's:
// exactly the case of an owner that hung.) Each ends on Clover == ledger.
import { afterEach, describe, expect, it } from 'vitest';
import { forceResolve, resolveAll } from '../../src/till/sales/sale-recovery';
import { cancelSale } from '../../src/till/sales/cancel-sale';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { refundSale } from '../../src/till/refunds/refund-payment';
import { SERIAL, SERIAL_2, startClockedTillHarness, type ClockedTillHarness } from '../support/till-harness-clock';
import { expectInvariant } from '../support/money-invariant';
import { startRecoveryLoop } from '../../src/till/recovery-loop';
import { recoverUnknownOutcomes } from '../../src/till/startup-recovery';

let h: ClockedTillHarness;
afterEach(async () => h?.close());

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const DEAD = { owner: 'gone/none/1', until: 0, answerBy: 0 };

/** A sale the ledger has as sent by a dead process, and a real payment at Clover under its id. */
async function sentSaleWithCloverPayment(serial: string, ledgerAmount: number, cloverAmount: number) {
  const sale = h.till.ledger.sales.journal({ externalPaymentId: `SDEAD${serial}${ledgerAmount}`.slice(0, 32), idempotencyKey: `k-${serial}-${ledgerAmount}`, target: { kind: 'walk_in' }, amount: ledgerAmount, currency: 'USD', cashier: 'c', terminalSerial: serial });
  h.till.ledger.sales.markSent(sale.id, { ...DEAD, answerBy: h.now() - 1 });
  h.sim.control.script(serial, { kind: 'approve', last4: '4242', cardType: 'VISA' });
  const paid = await h.till.merchant().payDisplay(serial).sale({ amount: cloverAmount, externalPaymentId: sale.externalPaymentId, idempotencyKey: `clover-${sale.id}` });
  expect(paid.kind).toBe('approved');
  return sale;
}

describe('late answers and hand settlement, one process', () => {
  it("the owner's answer arrives after another process closed the sale at its deadline: recorded as approved late", async () => {
    h = await startClockedTillHarness({ sim: { flags: { inFlightLookup: 404 } } });
    h.sim.control.script(SERIAL, { kind: 'hold' });
    const owner = startTerminalSale(h.till, { amount: 2500, funding: 'credit' });
    await until(() => h.sim.control.device(SERIAL).busy === true);
    const other = await h.openAnother();
    h.advance(200_000, { tillOnly: true }); // past the answer deadline, and the owner's lease
    expect(await resolveAll(other)).toEqual([expect.objectContaining({ state: 'cancelled', moneyMoved: 'no' })]);
    h.sim.control.act(SERIAL, { kind: 'approve' });
    const view = await owner;
    expect(view).toMatchObject({ state: 'approved', moneyMoved: 'yes', problem: expect.stringContaining('Approved late') });
    expect(h.till.ledger.outbox.list()).toHaveLength(1);
    expect(h.till.ledger.audit.check().ok).toBe(true);
    expectInvariant(h.sim, h.dataDir);
  });

  it('an approval for more than was asked is recorded and flagged, and the sale after it is still resolved', async () => {
    h = await startClockedTillHarness();
    const over = await sentSaleWithCloverPayment(SERIAL, 500, 900);
    const fine = await sentSaleWithCloverPayment(SERIAL_2, 700, 700);
    const views = await resolveAll(h.till);
    expect(views).toEqual([
      expect.objectContaining({ id: over.id, state: 'approved', approvedAmount: 900, problem: expect.stringContaining('more than the 500 asked') }),
      expect.objectContaining({ id: fine.id, state: 'approved', approvedAmount: 700, problem: null }),
    ]);
    expectInvariant(h.sim, h.dataDir);
  });

  it('Force takes the Clover payment id after checking it is this attempt\'s; the sale can then be refunded in the app', async () => {
    h = await startClockedTillHarness();
    const other = await sentSaleWithCloverPayment(SERIAL_2, 300, 300);
    await resolveAll(h.till);
    // A sale whose answer was lost and whose lookups fail: it waits for a person.
    h.sim.control.script(SERIAL, { kind: 'approve', last4: '1111', cardType: 'MC' });
    h.sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind: 'drop-after-complete' });
    h.sim.control.fault({ method: 'GET', path: /^\/connect\/v1\/payments\/external\//, kind: 'status500', times: 20 });
    h.sim.control.fault({ method: 'GET', path: /^\/v3\/merchants\/[^/]+\/payments$/, kind: 'status500', times: 20 });
    const lost = await startTerminalSale(h.till, { amount: 1800, funding: 'debit' });
    expect(lost).toMatchObject({ state: 'unknown', moneyMoved: 'unknown' });
    const atClover = h.sim.control.payments().find((p) => p.externalPaymentId === lost.externalPaymentId)!;
    const otherId = h.till.ledger.sales.get(other.id)!.cloverPaymentId!;

    const force = (cloverPaymentId: string) => forceResolve(h.till, { saleId: lost.id, outcome: 'approved', reason: 'seen on the Clover dashboard', manager: 'mia', cloverPaymentId });
    await expect(force(otherId)).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('already recorded') });
    await expect(force('ZZZZZZZZZZZZZ')).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('has no payment') });
    // A real, unrecorded payment of another attempt (taken outside this till) is not this sale's.
    h.sim.control.script(SERIAL_2, { kind: 'approve' });
    const stranger = await h.till.merchant().payDisplay(SERIAL_2).sale({ amount: 1800, externalPaymentId: 'SOTHERATTEMPT00000001', idempotencyKey: 'k-stranger' });
    expect(stranger.kind).toBe('approved');
    const strangerId = h.sim.control.payments().find((p) => p.externalPaymentId === 'SOTHERATTEMPT00000001')!.id;
    await expect(force(strangerId)).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('belongs to another attempt') });
    const forced = await force(atClover.id);
    expect(forced).toMatchObject({ state: 'forced', moneyMoved: 'yes', cloverPaymentId: atClover.id, cardLast4: '1111', refundable: 1800 });
    h.sim.control.clearFaults();
    expect(await refundSale(h.till, { saleId: lost.id, amount: 800 })).toMatchObject({ state: 'approved', amount: 800 });
    expect(h.sim.control.payments().filter((p) => p.result === 'SUCCESS')).toHaveLength(3); // the stranger's too: not this till's
    expect(h.till.ledger.payments.byCloverPaymentId(strangerId)).toBeUndefined();
  });

  it('Cancel on a sale whose waiting process is gone stops it at the terminal and closes it: no money moved', async () => {
    h = await startClockedTillHarness();
    h.sim.control.script(SERIAL, { kind: 'hold' });
    const owner = startTerminalSale(h.till, { amount: 4000, funding: 'credit' });
    await until(() => h.sim.control.device(SERIAL).busy === true);
    const other = await h.openAnother();
    const sale = other.ledger.sales.unresolved()[0]!;
    const cancelled = await cancelSale(other, sale.id);
    expect(cancelled.requested).toBe(true);
    await owner.catch(() => undefined);
    expect(other.ledger.sales.get(sale.id)).toMatchObject({ state: 'cancelled' });
    expect(h.sim.control.device(SERIAL).busy).toBe(false);
    expectInvariant(h.sim, h.dataDir);
  });

  it('Force and look-up leave a sale alone while this process still waits for its answer', async () => {
    h = await startClockedTillHarness();
    h.sim.control.script(SERIAL, { kind: 'hold' });
    const owner = startTerminalSale(h.till, { amount: 900, funding: 'credit' });
    await until(() => h.sim.control.device(SERIAL).busy === true);
    const sale = h.till.ledger.sales.unresolved()[0]!;
    await expect(forceResolve(h.till, { saleId: sale.id, outcome: 'declined', reason: 'customer left', manager: 'mia' })).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('in progress') });
    expect(await resolveAll(h.till)).toEqual([expect.objectContaining({ id: sale.id, state: 'sent', inProgress: { terminal: SERIAL, until: expect.any(Number) } })]);
    h.sim.control.act(SERIAL, { kind: 'approve' });
    expect(await owner).toMatchObject({ state: 'approved', problem: null });
    expectInvariant(h.sim, h.dataDir);
  });

  it('while the app runs, an open sale is looked up again by itself until Clover answers', async () => {
    h = await startClockedTillHarness();
    const sale = await sentSaleWithCloverPayment(SERIAL, 650, 650);
    const loop = startRecoveryLoop(h.till, 50);
    try {
      await until(() => h.till.ledger.sales.get(sale.id)!.state === 'approved');
    } finally {
      loop.stop();
    }
    expectInvariant(h.sim, h.dataDir);
  });

  it('a terminal serial Clover could not be sent is refused before anything is journaled', async () => {
    h = await startClockedTillHarness();
    h.till.updateSettings((s) => void s.terminals.push({ serial: 'BAD SERIAL!', name: 'Typo' }));
    await expect(startTerminalSale(h.till, { amount: 100, funding: 'credit', terminalSerial: 'BAD SERIAL!' })).rejects.toThrow(/serial/);
    expect(h.till.ledger.sales.list()).toHaveLength(0);
  });

  it("the app's own recovery leaves a refund alone while it reads Clover's balance", async () => {
    h = await startClockedTillHarness();
    h.sim.control.script(SERIAL, { kind: 'approve' });
    const sale = await startTerminalSale(h.till, { amount: 2000, funding: 'debit' });
    h.sim.control.fault({ method: 'GET', path: `/connect/v1/payments/${sale.cloverPaymentId}`, kind: 'slow', delayMs: 1_000 });
    const refund = refundSale(h.till, { saleId: sale.id, amount: 500 });
    await until(() => h.till.ledger.refunds.forPayment(sale.id).length === 1);
    await recoverUnknownOutcomes(h.till); // the recovery loop's tick, in the same process
    expect(await refund).toMatchObject({ state: 'approved', amount: 500 });
    expectInvariant(h.sim, h.dataDir);
  });
});

