import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKeyedSale } from '../../src/till/keyed/keyed-sale';
import { creditCard } from '../../src/till/refunds/credit';
import { hashPin } from '../../src/till/refunds/manager-pin';
import { refundSale } from '../../src/till/refunds/refund-payment';
import { voidSale } from '../../src/till/refunds/void-payment';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { dayTotals } from '../../src/till/totals';
import { SERIAL, startClockedTillHarness, type ClockedTillHarness } from '../support/till-harness-clock';

let h: ClockedTillHarness;
beforeEach(async () => {
  h = await startClockedTillHarness();
});
afterEach(async () => h.close());

const today = () => {
  const d = new Date(h.now());
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function terminalSale(amount: number, cardType: string) {
  h.sim.control.script(SERIAL, { kind: 'approve', cardType, last4: '0005' });
  const sale = await startTerminalSale(h.till, { amount, funding: 'credit' });
  expect(sale.state).toBe('approved');
  return sale;
}

/** A ledger sale recorded as approved with a given Clover id (what a bug or a forced entry leaves). */
function ledgerOnlySale(amount: number, cloverPaymentId: string, training = false) {
  const sale = h.till.ledger.sales.journal({
    externalPaymentId: `SPLANT${cloverPaymentId}`.slice(0, 32), idempotencyKey: `k-${cloverPaymentId}`, target: { kind: 'walk_in' },
    amount, currency: 'USD', cashier: 'c', terminalSerial: SERIAL, training,
  });
  h.till.ledger.sales.markSent(sale.id);
  h.till.ledger.sales.recordOutcome(sale.id, { result: 'approved', cloverPaymentId, cardBrand: 'VISA', last4: '0005' });
  return sale;
}

/** A payment taken on the terminal behind the till's back: Clover has it, the ledger never saw it. */
async function directAtClover(amount: number, ext: string) {
  h.sim.control.script(SERIAL, { kind: 'approve' });
  const r = await h.till.merchant().payDisplay(SERIAL).sale({ amount, externalPaymentId: ext, idempotencyKey: `k-${ext}` });
  if (r.kind !== 'approved') throw new Error(`direct sale ${r.kind}`);
  return r.value.payment.id;
}

describe('day totals', () => {
  it('totals by brand match the ledger and Clover agrees', async () => {
    await terminalSale(1000, 'VISA');
    const mc = await terminalSale(2000, 'MC');
    const voided = await terminalSale(700, 'VISA');
    h.till.updateSettings((s) => {
      s.clover.keyedEntry = 'app';
    });
    await startKeyedSale(h.till, { amount: 500, card: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 1, cvv: '123' } });
    await refundSale(h.till, { saleId: mc.id, amount: 300 });
    await voidSale(h.till, { saleId: voided.id });
    const hash = await hashPin('2468');
    h.till.updateSettings((s) => void (s.managerPinHash = hash));
    h.sim.control.script(SERIAL, { kind: 'approve', cardType: 'VISA' });
    await creditCard(h.till, { amount: 150, managerPin: '2468', reason: 'price match' });
    ledgerOnlySale(9999, 'TRAINING00001', true); // training: never in real totals

    const totals = await dayTotals(h.till, { date: today() });
    expect(totals).toMatchObject({ date: today(), currency: 'USD', net: 1000 + 2000 + 700 + 500 - 700 - 300 - 150 });
    expect(totals.byBrand).toEqual([
      { brand: 'MC', sales: 2000, salesCount: 1, refunds: 300, refundsCount: 1, voids: 0, voidsCount: 0, surcharge: 0 },
      { brand: 'VISA', sales: 2200, salesCount: 3, refunds: 150, refundsCount: 1, voids: 700, voidsCount: 1, surcharge: 0 },
    ]);
    expect(totals.clover).toEqual({ checked: true, message: null, differences: [] });
  });

  it('lists the planted differences: a Clover payment the ledger lacks, a ledger payment Clover lacks, an amount mismatch', async () => {
    await terminalSale(1000, 'VISA');
    const orphan = await directAtClover(4321, 'SDIRECT0000000000001');
    const mismatched = await directAtClover(500, 'SDIRECT0000000000002');
    ledgerOnlySale(600, mismatched);
    const phantom = ledgerOnlySale(800, 'NOSUCHPAYMENT');

    const { clover } = await dayTotals(h.till, { date: today() });
    expect(clover.checked).toBe(true);
    expect(clover.message).toBe('3 difference(s) with Clover.');
    expect(clover.differences).toEqual(
      expect.arrayContaining([
        { cloverPaymentId: orphan, saleId: null, what: 'Clover has a payment of 43.21 that the ledger does not have' },
        { cloverPaymentId: mismatched, saleId: expect.any(Number), what: 'amount differs: ledger 6.00, Clover 5.00' },
        { cloverPaymentId: 'NOSUCHPAYMENT', saleId: phantom.id, what: 'the ledger has a payment of 8.00 that Clover does not have' },
      ]),
    );
    expect(clover.differences).toHaveLength(3);
  });

  it('lists sales with an unknown outcome, which are not in the totals', async () => {
    const sale = h.till.ledger.sales.journal({
      externalPaymentId: 'SUNKNOWN000000000001', idempotencyKey: 'k-unknown', target: { kind: 'walk_in' }, amount: 250, currency: 'USD', cashier: 'c', terminalSerial: SERIAL,
    });
    const totals = await dayTotals(h.till, { date: today() });
    expect(totals.net).toBe(0);
    expect(totals.clover.differences).toEqual([expect.objectContaining({ saleId: sale.id, what: expect.stringMatching(/unknown outcome/) })]);
  });

  it('still totals the ledger when Clover cannot be asked', async () => {
    await terminalSale(1000, 'VISA');
    h.sim.control.fault({ method: 'GET', path: /^\/v3\/merchants\/[^/]+\/payments$/, kind: 'status500', times: 10 });
    const totals = await dayTotals(h.till, { date: today() });
    expect(totals.net).toBe(1000);
    expect(totals.clover.checked).toBe(false);
    expect(totals.clover.message).toMatch(/Clover could not be asked/);
  });

  it('counts only the asked local day, and refuses a malformed date', async () => {
    await terminalSale(1000, 'VISA');
    const d = new Date(h.now());
    const yesterday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - 1);
    const y = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    expect(await dayTotals(h.till, { date: y })).toMatchObject({ net: 0, byBrand: [] });
    await expect(dayTotals(h.till, { date: '2026-02-30' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
