import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CounterError } from '../../src/shared/contract/result';
import { cancelSale } from '../../src/till/sales/cancel-sale';
import { resolveAll, resolveSale } from '../../src/till/sales/sale-recovery';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { SERIAL, SERIAL_2, startTillHarness, type TillHarness } from '../support/till-harness';

let h: TillHarness;
beforeEach(async () => {
  h = await startTillHarness();
});
afterEach(async () => h.close());

const charges = () => h.sim.control.payments().filter((p) => p.kind === 'payment');

describe('terminal sale', () => {
  it('approved: journaled first, recorded with card details and an outbox item', async () => {
    h.sim.control.script(SERIAL, { kind: 'approve', last4: '4242', cardType: 'VISA' });
    const sale = await startTerminalSale(h.till, { amount: 1234, funding: 'credit' });
    expect(sale).toMatchObject({ state: 'approved', moneyMoved: 'yes', total: 1234, cardLast4: '4242', cardBrand: 'VISA', refundable: 1234 });
    expect(sale.cloverPaymentId).toMatch(/^[A-Z0-9]{13}$/);
    expect(charges()).toHaveLength(1);
    expect(h.till.ledger.outbox.list()).toHaveLength(1);
  });

  it('declined and cancelled: no money, no outbox item', async () => {
    h.sim.control.script(SERIAL, { kind: 'decline' });
    expect(await startTerminalSale(h.till, { amount: 500, funding: 'credit' })).toMatchObject({ state: 'declined', moneyMoved: 'no' });
    h.sim.control.script(SERIAL, { kind: 'cancel' });
    expect(await startTerminalSale(h.till, { amount: 500, funding: 'credit' })).toMatchObject({ state: 'cancelled', moneyMoved: 'no' });
    expect(h.till.ledger.outbox.list()).toHaveLength(0);
  });

  it('cancel from the counter while the customer is at the terminal', async () => {
    h.sim.control.script(SERIAL, { kind: 'hold' });
    const pending = startTerminalSale(h.till, { amount: 700, funding: 'credit' });
    await until(() => h.till.ledger.sales.unresolved().some((s) => s.state === 'sent'));
    const sale = h.till.ledger.sales.unresolved()[0]!;
    expect(await cancelSale(h.till, sale.id)).toMatchObject({ requested: true });
    expect(await pending).toMatchObject({ state: 'cancelled', moneyMoved: 'no' });
  });

  it('partial approval records what was approved and the remainder', async () => {
    h.sim.control.script(SERIAL, { kind: 'partial', approvedAmount: 600 });
    expect(await startTerminalSale(h.till, { amount: 1000, funding: 'debit' })).toMatchObject({ state: 'partial', approvedAmount: 600, remainder: 400, refundable: 600 });
  });

  it('a busy terminal is reported as busy and nothing is charged', async () => {
    h.sim.control.script(SERIAL, { kind: 'hold' });
    // Another POS holds the device: simulate with a direct held payment.
    const other = startTerminalSale(h.till, { amount: 100, funding: 'credit' });
    // Journaled AND held on the device: act() below needs the payment to have reached it.
    await until(() => h.till.ledger.sales.unresolved().length === 1 && h.sim.control.device(SERIAL).operation !== undefined);
    // The till itself refuses a second sale on a terminal with an open one.
    await expect(startTerminalSale(h.till, { amount: 200, funding: 'credit' })).rejects.toMatchObject({ code: 'REFUSED' });
    h.sim.control.act(SERIAL, { kind: 'approve' });
    await other;
    h.sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind: 'status503' });
    const err = await startTerminalSale(h.till, { amount: 300, funding: 'credit' }).catch((e) => e);
    expect(err).toBeInstanceOf(CounterError);
    expect(err.code).toBe('TERMINAL_BUSY');
    expect(charges()).toHaveLength(1);
  });

  it('unknown outcome (response dropped after the charge) is resolved by lookup, never charged twice', async () => {
    h.sim.control.script(SERIAL, { kind: 'approve' });
    h.sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind: 'drop-after-complete' });
    const sale = await startTerminalSale(h.till, { amount: 4200, funding: 'credit' });
    expect(sale).toMatchObject({ state: 'approved', moneyMoved: 'yes' });
    expect(charges()).toHaveLength(1);
    expect(h.till.ledger.outbox.list()).toHaveLength(1);
  });

  it('closes at start-up a sale journaled but never sent: no money moved', async () => {
    const sale = h.till.ledger.sales.journal({
      externalPaymentId: 'SCRASHED000000000001', idempotencyKey: 'k-crash-1', target: { kind: 'walk_in' },
      amount: 999, currency: 'USD', cashier: 'c', terminalSerial: SERIAL,
    });
    const [resolved] = await resolveAll(h.till);
    expect(resolved).toMatchObject({ id: sale.id, state: 'cancelled', moneyMoved: 'no', message: expect.stringContaining('never sent') });
    expect(charges()).toHaveLength(0);
  });

  it('a sent sale Clover has no payment for stays open while the customer could still pay, and is closed after', async () => {
    const sale = h.till.ledger.sales.journal({
      externalPaymentId: 'SCRASHED000000000002', idempotencyKey: 'k-crash-2', target: { kind: 'walk_in' },
      amount: 999, currency: 'USD', cashier: 'c', terminalSerial: SERIAL,
    });
    // Sent by a process that died at once; the customer has until answerBy to pay.
    h.till.ledger.sales.markSent(sale.id, { owner: 'gone/none/1', until: Date.now() - 1, answerBy: Date.now() + 60_000 });
    const [open] = await resolveAll(h.till);
    expect(open).toMatchObject({ id: sale.id, state: 'unknown', moneyMoved: 'unknown', message: expect.stringContaining('could still pay') });
    expect(charges()).toHaveLength(0);
    const other = h.till.ledger.sales.journal({
      externalPaymentId: 'SCRASHED000000000003', idempotencyKey: 'k-crash-3', target: { kind: 'walk_in' },
      amount: 999, currency: 'USD', cashier: 'c', terminalSerial: SERIAL_2,
    });
    h.till.ledger.sales.markSent(other.id, { owner: 'gone/none/1', until: Date.now() - 1, answerBy: Date.now() - 1 });
    expect(await resolveSale(h.till, other.id)).toMatchObject({ state: 'cancelled', moneyMoved: 'no' });
  });

  it('refuses bad input before anything is written', async () => {
    await expect(startTerminalSale(h.till, { amount: 100, funding: 'credit', terminalSerial: 'NOPE' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(h.till.ledger.sales.list()).toHaveLength(0);
  });
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
