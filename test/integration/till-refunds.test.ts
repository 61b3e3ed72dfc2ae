import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CounterError } from '../../src/shared/contract/result';
import { startKeyedSale } from '../../src/till/keyed/keyed-sale';
import { resolveOperation } from '../../src/till/refunds/operation-recovery';
import { refundSale, settleRefund } from '../../src/till/refunds/refund-payment';
import { toSaleView } from '../../src/till/sales/sale-view';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { SERIAL, startClockedTillHarness, type ClockedTillHarness } from '../support/till-harness-clock';

let h: ClockedTillHarness;
beforeEach(async () => {
  h = await startClockedTillHarness();
});
afterEach(async () => h.close());

const DAY = 86_400_000;
const REFUND_PATH = /^\/connect\/v1\/payments\/[^/]+\/refunds$/;

async function terminalSale(amount: number) {
  h.sim.control.script(SERIAL, { kind: 'approve', cardType: 'VISA', last4: '1111' });
  const sale = await startTerminalSale(h.till, { amount, funding: 'credit' });
  expect(sale.state).toBe('approved');
  return sale;
}

const simPayment = (id: string | null) => h.sim.control.payments().find((p) => p.id === id)!;
const successfulRefunds = (id: string | null) => simPayment(id).refunds.filter((r) => r.status === 'SUCCESS');
const requestCount = () => h.sim.control.requests().length;
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as CounterError);

describe('refunds', () => {
  it('refunds a terminal sale in full: one Clover refund, recorded with its id and an outbox item', async () => {
    const sale = await terminalSale(1234);
    const op = await refundSale(h.till, { saleId: sale.id });
    expect(op).toMatchObject({ kind: 'refund', state: 'approved', saleId: sale.id, amount: 1234, currency: 'USD' });
    expect(op.cloverId).toBeTruthy();
    expect(successfulRefunds(sale.cloverPaymentId)).toEqual([expect.objectContaining({ amount: 1234, via: 'rest-pay' })]);
    expect(toSaleView(h.till, h.till.ledger.sales.get(sale.id)!)).toMatchObject({ refunded: 1234, refundable: 0 });
    expect(h.till.ledger.outbox.list().filter((i) => i.kind === 'refund')).toHaveLength(1);
  });

  it('refunds partially, then the rest; then nothing is left', async () => {
    const sale = await terminalSale(1000);
    expect(await refundSale(h.till, { saleId: sale.id, amount: 300 })).toMatchObject({ state: 'approved', amount: 300 });
    expect(await refundSale(h.till, { saleId: sale.id })).toMatchObject({ state: 'approved', amount: 700 });
    expect(successfulRefunds(sale.cloverPaymentId).map((r) => r.amount)).toEqual([300, 700]);
    const err = await refusal(refundSale(h.till, { saleId: sale.id }));
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/nothing left/);
  });

  it('refuses more than is refundable before any network call, and writes nothing', async () => {
    const sale = await terminalSale(1000);
    await refundSale(h.till, { saleId: sale.id, amount: 600 });
    const before = requestCount();
    const err = await refusal(refundSale(h.till, { saleId: sale.id, amount: 401 }));
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/At most 4\.00/);
    expect(requestCount()).toBe(before);
    expect(h.till.ledger.refunds.forPayment(h.till.ledger.payments.bySale(sale.id)!.id)).toHaveLength(1);
  });

  it('two refunds submitted at once refund once: the second is refused', async () => {
    const sale = await terminalSale(2500);
    const results = await Promise.allSettled([refundSale(h.till, { saleId: sale.id }), refundSale(h.till, { saleId: sale.id })]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: 'REFUSED' });
    expect(simPayment(sale.cloverPaymentId).refunds).toHaveLength(1);
    expect(simPayment(sale.cloverPaymentId).refundedAmount).toBe(2500);
  });

  it('two tills on the same ledger refunding the same sale at once: Clover sees one refund', async () => {
    const sale = await terminalSale(1800);
    const other = await h.openAnother();
    const results = await Promise.allSettled([refundSale(h.till, { saleId: sale.id }), refundSale(other, { saleId: sale.id })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['REFUSED']);
    expect(simPayment(sale.cloverPaymentId).refunds).toHaveLength(1);
  });

  it('refuses refunds more than 180 days after the payment, with the reason, without calling Clover', async () => {
    const old = await terminalSale(900);
    const recent = await terminalSale(800);
    h.advance(179 * DAY);
    expect(await refundSale(h.till, { saleId: recent.id, amount: 100 })).toMatchObject({ state: 'approved' });
    h.advance(2 * DAY);
    const before = requestCount();
    const err = await refusal(refundSale(h.till, { saleId: old.id }));
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/180 days.*181 days old/);
    expect(requestCount()).toBe(before);
    expect(successfulRefunds(old.cloverPaymentId)).toHaveLength(0);
  });

  it("takes the smaller of Clover's and the ledger's balance: a refund made elsewhere counts", async () => {
    const sale = await terminalSale(1000);
    // Refunded on the Clover side (dashboard, another POS): the ledger never heard of it.
    const elsewhere = await h.till.merchant().payDisplay(SERIAL).refund(sale.cloverPaymentId!, { amount: 400, idempotencyKey: 'elsewhere-1' });
    expect(elsewhere.kind).toBe('approved');
    const err = await refusal(refundSale(h.till, { saleId: sale.id }));
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/Clover shows 6\.00 still refundable/);
    const rows = h.till.ledger.refunds.forPayment(h.till.ledger.payments.bySale(sale.id)!.id);
    expect(rows).toEqual([expect.objectContaining({ state: 'declined', note: expect.stringMatching(/^not sent/) })]);
    expect(await refundSale(h.till, { saleId: sale.id, amount: 600 })).toMatchObject({ state: 'approved', amount: 600 });
    expect(successfulRefunds(sale.cloverPaymentId).map((r) => r.amount)).toEqual([400, 600]);
  });

  it("records Clover's refunded amount when it differs from the request (remote-pay-windows#56)", async () => {
    const sale = await terminalSale(1000);
    const payment = h.till.ledger.payments.bySale(sale.id)!;
    const row = h.till.ledger.refunds.journal({ paymentId: payment.id, amount: 300, idempotencyKey: 'k-mismatch', cashier: 'c', terminalSerial: SERIAL });
    h.till.ledger.refunds.markSent(row.id);
    const { view } = settleRefund(h.till, row.id, { kind: 'approved', idempotencyKey: 'k-mismatch', value: { refundId: 'RFND00000001X', amount: 1000 } }, false);
    expect(view).toMatchObject({ state: 'approved', amount: 1000, message: 'Clover refunded 1000, 300 was asked' });
    expect(h.logLines.some((l) => l.includes('refund amount differs from the request'))).toBe(true);
  });

  it('refuses a sale that took no money', async () => {
    h.sim.control.script(SERIAL, { kind: 'decline' });
    const sale = await startTerminalSale(h.till, { amount: 500, funding: 'credit' });
    await expect(refundSale(h.till, { saleId: sale.id })).rejects.toMatchObject({ code: 'REFUSED' });
    await expect(refundSale(h.till, { saleId: 9999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an unknown outcome stays unknown (OUTCOME_UNKNOWN), blocks another refund, and a resend under the same key settles it', async () => {
    const sale = await terminalSale(1500);
    h.sim.control.fault({ method: 'POST', path: REFUND_PATH, kind: 'drop-after-complete' });
    const err = await refusal(refundSale(h.till, { saleId: sale.id, amount: 500 }));
    expect(err.code).toBe('OUTCOME_UNKNOWN');
    const [row] = h.till.ledger.refunds.forPayment(h.till.ledger.payments.bySale(sale.id)!.id);
    expect(row).toMatchObject({ state: 'unknown', amount: 500 });
    expect(successfulRefunds(sale.cloverPaymentId)).toHaveLength(1); // Clover did refund
    await expect(refundSale(h.till, { saleId: sale.id, amount: 100 })).rejects.toMatchObject({ code: 'REFUSED' });
    const resolved = await resolveOperation(h.till, { kind: 'refund', id: row!.id });
    expect(resolved).toMatchObject({ state: 'approved', amount: 500 });
    expect(successfulRefunds(sale.cloverPaymentId)).toHaveLength(1); // replayed, not repeated
  });

  describe('keyed sales', () => {
    const card = () => ({ number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvv: '123' });
    beforeEach(() => {
      h.till.updateSettings((s) => void (s.clover.keyedEntry = 'app'));
    });

    it('refunds a keyed sale in full through Ecommerce', async () => {
      const sale = await startKeyedSale(h.till, { amount: 2200, card: card() });
      expect(sale.state).toBe('approved');
      expect(await refundSale(h.till, { saleId: sale.id })).toMatchObject({ state: 'approved', amount: 2200 });
      expect(successfulRefunds(sale.cloverPaymentId)).toEqual([expect.objectContaining({ amount: 2200, via: 'ecommerce' })]);
    });

    it('refuses a partial keyed refund with NOT_SUPPORTED before any network call', async () => {
      const sale = await startKeyedSale(h.till, { amount: 2200, card: card() });
      const before = requestCount();
      const err = await refusal(refundSale(h.till, { saleId: sale.id, amount: 200 }));
      expect(err.code).toBe('NOT_SUPPORTED');
      expect(err.message).toMatch(/only be refunded in full/);
      expect(requestCount()).toBe(before);
    });
  });
});
