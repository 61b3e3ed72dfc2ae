import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CounterError } from '../../src/shared/contract/result';
import { startKeyedSale } from '../../src/till/keyed/keyed-sale';
import { creditCard } from '../../src/till/refunds/credit';
import { hashPin } from '../../src/till/refunds/manager-pin';
import { refundSale } from '../../src/till/refunds/refund-payment';
import { insideVoidWindow, voidSale } from '../../src/till/refunds/void-payment';
import { toSaleView } from '../../src/till/sales/sale-view';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { SERIAL, startClockedTillHarness, type ClockedTillHarness } from '../support/till-harness-clock';

let h: ClockedTillHarness;
beforeEach(async () => {
  h = await startClockedTillHarness();
});
afterEach(async () => h.close());

const MIN = 60_000;
const PIN = '90817263';
const requestCount = () => h.sim.control.requests().length;
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as CounterError);

async function terminalSale(amount: number) {
  h.sim.control.script(SERIAL, { kind: 'approve' });
  const sale = await startTerminalSale(h.till, { amount, funding: 'credit' });
  expect(sale.state).toBe('approved');
  return sale;
}

describe('void', () => {
  it('voids inside the window: Clover payment VOIDED, sale shows voided, nothing left to refund', async () => {
    const sale = await terminalSale(1500);
    h.advance(5 * MIN);
    const op = await voidSale(h.till, { saleId: sale.id });
    expect(op).toMatchObject({ kind: 'void', state: 'approved', saleId: sale.id, amount: 1500, cloverId: sale.cloverPaymentId });
    const atClover = h.sim.control.payments().find((p) => p.id === sale.cloverPaymentId)!;
    expect(atClover).toMatchObject({ result: 'VOIDED', voidReason: 'USER_CANCEL' });
    expect(toSaleView(h.till, h.till.ledger.sales.get(sale.id)!)).toMatchObject({ voided: true, refundable: 0 });
    await expect(refundSale(h.till, { saleId: sale.id })).rejects.toMatchObject({ code: 'REFUSED' });
  });

  it('refuses after 20 minutes with "void window passed: refund instead", before calling Clover; the refund then works', async () => {
    const sale = await terminalSale(1500);
    h.advance(21 * MIN);
    const before = requestCount();
    const err = await refusal(voidSale(h.till, { saleId: sale.id }));
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/void window passed: refund instead/);
    expect(requestCount()).toBe(before);
    expect(await refundSale(h.till, { saleId: sale.id })).toMatchObject({ kind: 'refund', state: 'approved', amount: 1500 });
  });

  it("Clover's own window (25 min on its clock) refuses too, and the till says to refund", async () => {
    const sale = await terminalSale(1500);
    h.sim.control.advanceClock(26 * MIN); // the till's clock still says "just now"
    const err = await refusal(voidSale(h.till, { saleId: sale.id }));
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/void window passed: refund instead/);
    expect(h.sim.control.payments().find((p) => p.id === sale.cloverPaymentId)!.result).toBe('SUCCESS');
    expect(toSaleView(h.till, h.till.ledger.sales.get(sale.id)!).voided).toBe(false);
  });

  it('the window closes at local midnight (closeout) even within 20 minutes', () => {
    const t = new Date(2026, 0, 1, 23, 55).getTime();
    expect(insideVoidWindow(t, t + 4 * MIN)).toBe(true);
    expect(insideVoidWindow(t, new Date(2026, 0, 2, 0, 5).getTime())).toBe(false);
    expect(insideVoidWindow(t, t + 20 * MIN)).toBe(false);
  });

  it('refuses keyed sales (refund them in full), refunded sales, and a second void at once', async () => {
    h.till.updateSettings((s) => void (s.clover.keyedEntry = 'app'));
    const keyed = await startKeyedSale(h.till, { amount: 800, card: { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 1, cvv: '123' } });
    expect((await refusal(voidSale(h.till, { saleId: keyed.id }))).message).toMatch(/refund it in full instead/);

    const refunded = await terminalSale(900);
    await refundSale(h.till, { saleId: refunded.id, amount: 100 });
    expect((await refusal(voidSale(h.till, { saleId: refunded.id }))).code).toBe('REFUSED');

    const twice = await terminalSale(700);
    const results = await Promise.allSettled([voidSale(h.till, { saleId: twice.id }), voidSale(h.till, { saleId: twice.id })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe('REFUSED');
  });
});

describe('non-referenced credit', () => {
  const credit = (managerPin: string) => creditCard(h.till, { amount: 2500, managerPin, reason: 'goodwill: damaged item' });
  const setPin = async () => {
    const hash = await hashPin(PIN);
    h.till.updateSettings((s) => void (s.managerPinHash = hash));
  };

  it('is refused until a manager PIN is set; nothing is written or sent', async () => {
    const before = requestCount();
    const err = await refusal(credit(PIN));
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/set a manager PIN first/);
    expect(h.till.ledger.credits.get(1)).toBeUndefined();
    expect(requestCount()).toBe(before);
  });

  it('is refused with a wrong PIN, and locks after five wrong tries', async () => {
    await setPin();
    const err = await refusal(credit('1111'));
    expect(err).toMatchObject({ code: 'REFUSED', message: 'Wrong manager PIN.' });
    expect(h.till.ledger.credits.get(1)).toBeUndefined();
    for (let i = 0; i < 4; i++) await refusal(credit('1111'));
    expect((await refusal(credit(PIN))).message).toMatch(/Too many wrong manager PINs/);
    h.advance(6 * MIN, { tillOnly: true });
    h.sim.control.script(SERIAL, { kind: 'approve' });
    expect(await credit(PIN)).toMatchObject({ state: 'approved' });
  });

  it('pays out on the terminal with the right PIN; the PIN is in no log line and no file', async () => {
    await setPin();
    h.sim.control.script(SERIAL, { kind: 'approve', cardType: 'MC', last4: '4444' });
    const op = await credit(PIN);
    expect(op).toMatchObject({ kind: 'credit', state: 'approved', amount: 2500, saleId: null });
    expect(op.cloverId).toBeTruthy();
    expect(h.till.ledger.credits.get(op.id)).toMatchObject({ approvedBy: 'manager PIN', reason: 'goodwill: damaged item', cardBrand: 'MC', cardLast4: '4444' });
    expect(h.sim.control.payments().filter((p) => p.kind === 'credit')).toEqual([expect.objectContaining({ amount: 2500 })]);
    expect(h.till.ledger.outbox.list().filter((i) => i.kind === 'credit')).toHaveLength(1);
    expect(h.logLines.join('\n')).not.toContain(PIN);
    for (const file of filesUnder(h.dataDir)) expect(readFileSync(file).includes(PIN), file).toBe(false);
  });

  it('a customer cancelling on the terminal records a declined credit', async () => {
    await setPin();
    h.sim.control.script(SERIAL, { kind: 'cancel' });
    expect(await credit(PIN)).toMatchObject({ state: 'declined', message: 'cancelled on the terminal' });
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
