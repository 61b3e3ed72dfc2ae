// The ledger's side of "amount due": what this till took on a document that Odoo does not
// know yet, read from a real SQLite ledger file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/sync/ledger/ledger';
import { approvedRefund, approvedSale, approvedVoid, ids, tempLedger } from '../support/sync-fixtures';

let ledger: Ledger;
let cleanup: () => void;
beforeEach(() => {
  ({ ledger, cleanup } = tempLedger());
});
afterEach(() => cleanup());

const INV = { kind: 'invoice', id: 7, ref: 'INV/2026/00007' } as const;
const REAL = { training: false };
const exposure = (doc: { kind: 'invoice' | 'sale_order'; id: number } = INV, mode = REAL) => ledger.exposure.of(doc, mode);

/** Finishes the next claimable outbox item as the worker would after Odoo accepted it. */
function deliverNext(): void {
  const [claim] = ledger.outbox.finishAndClaim([], 1, 'test', 60_000);
  if (!claim) throw new Error('nothing to deliver');
  ledger.outbox.finishAndClaim([{ id: claim.item.id, token: claim.token, outcome: 'delivered', odooIds: [1], reused: false }], 0, 'test', 1);
}

/** A sale left open on its own terminal (a terminal takes one open sale at a time). */
function journaledSale(amount: number, terminalSerial: string, training = false) {
  const id = ids();
  return ledger.sales.journal({ externalPaymentId: id.externalPaymentId, idempotencyKey: id.idempotencyKey, target: INV, amount, surcharge: 0, currency: 'USD', cashier: 'ann', terminalSerial, training });
}

describe('document exposure', () => {
  it('counts approved payments on the document until their outbox item is delivered', () => {
    approvedSale(ledger, { target: INV, amount: 5000, surcharge: 150 });
    approvedSale(ledger, { target: INV, amount: 2000 });
    approvedSale(ledger, { target: { kind: 'invoice', id: 8 }, amount: 900 });
    approvedSale(ledger, { amount: 700 }); // walk-in
    expect(exposure()).toEqual({ undelivered: 7000, unresolved: 0 }); // the surcharge settles nothing on the invoice

    deliverNext();
    expect(exposure()).toEqual({ undelivered: 2000, unresolved: 0 });
    expect(exposure({ kind: 'sale_order', id: 7 })).toEqual({ undelivered: 0, unresolved: 0 });
  });

  it('a parked item still counts; a payment voided before it left does not', () => {
    approvedSale(ledger, { target: INV, amount: 3000 });
    const voided = approvedSale(ledger, { target: INV, amount: 1000 });
    const [first] = ledger.outbox.list({ state: 'pending' }).sort((a, b) => a.id - b.id);
    ledger.outbox.park(first!.id, 'Odoo said no', 'test');
    approvedVoid(ledger, voided.id);
    expect(exposure()).toEqual({ undelivered: 3000, unresolved: 0 });
  });

  it('an undelivered refund does not raise what is due (Odoo would not either)', () => {
    const p = approvedSale(ledger, { target: INV, amount: 4000 });
    approvedRefund(ledger, p.id, 1500);
    expect(exposure().undelivered).toBe(4000);
  });

  it('sales whose outcome is open count as unresolved until they are settled', () => {
    const journaled = journaledSale(2500, 'C045UQ00000002');
    const sent = journaledSale(1200, 'C045UQ00000003');
    ledger.sales.markSent(sent.id);
    expect(exposure()).toEqual({ undelivered: 0, unresolved: 3700 });

    ledger.sales.markSent(journaled.id);
    ledger.sales.recordOutcome(journaled.id, { result: 'declined', reason: 'declined' });
    ledger.sales.recordOutcome(sent.id, { result: 'approved', cloverPaymentId: ids().cloverPaymentId });
    expect(exposure()).toEqual({ undelivered: 1200, unresolved: 0 });
  });

  it('training rows count on a training till only (they never moved real money)', () => {
    approvedSale(ledger, { target: INV, amount: 1100, training: true });
    journaledSale(400, 'C045UQ00000002', true);
    expect(exposure()).toEqual({ undelivered: 0, unresolved: 0 });
    expect(exposure(INV, { training: true })).toEqual({ undelivered: 1100, unresolved: 400 });
  });
});
