import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/sync/ledger/ledger';
import { LedgerRuleError } from '../../src/sync/errors';
import { approvedRefund, approvedSale, approvedVoid, ids, tempLedger } from '../support/sync-fixtures';

let ledger: Ledger;
let cleanup: () => void;
beforeEach(() => {
  ({ ledger, cleanup } = tempLedger());
});
afterEach(() => cleanup());

const INVOICE = { kind: 'invoice', id: 7, ref: 'INV/2026/00007', partnerId: 2 } as const;

let terminal = 0;
function journal(extra: Partial<Parameters<Ledger['sales']['journal']>[0]> = {}) {
  const id = ids();
  terminal++; // one open sale per terminal: each journal here gets a terminal of its own
  return ledger.sales.journal({
    externalPaymentId: id.externalPaymentId,
    idempotencyKey: id.idempotencyKey,
    target: INVOICE,
    amount: 10_000,
    surcharge: 300,
    currency: 'USD',
    cashier: 'ann',
    terminalSerial: `C045UQ${String(terminal).padStart(8, '0')}`,
    ...extra,
  });
}

describe('sales', () => {
  it('journals before anything else, with ids, amounts, target and attribution', () => {
    const s = journal();
    expect(s).toMatchObject({ state: 'journaled', amount: 10_000, surcharge: 300, currency: 'USD', target: INVOICE, cashier: 'ann', training: false, cloverPaymentId: null });
    expect(s.opId).toMatch(/^[0-9A-Z]{16}$/);
    expect(ledger.sales.unresolved().map((x) => x.id)).toEqual([s.id]);
    expect(ledger.outbox.metrics().depth).toBe(0);
  });

  it('approval writes the payment and its outbox item in the same transaction', () => {
    const s = journal();
    ledger.sales.markSent(s.id);
    const { sale, payment } = ledger.sales.recordOutcome(s.id, { result: 'approved', cloverPaymentId: 'CP00APPROVED1', cardBrand: 'VISA', last4: '4242', authCode: 'OK1' });
    expect(sale).toMatchObject({ state: 'approved', cloverPaymentId: 'CP00APPROVED1', approvedAmount: 10_300, cardLast4: '4242' });
    expect(payment).toMatchObject({ amount: 10_000, surcharge: 300, erpKey: 'CLV:CP00APPROVED1', target: INVOICE });
    const [item] = ledger.outbox.list();
    expect(item).toMatchObject({ kind: 'payment', entityId: payment!.id, docKey: 'account.move:7', erpKey: 'CLV:CP00APPROVED1', state: 'pending' });
    // What it returns is what the ledger now holds.
    expect(sale).toEqual(ledger.sales.get(s.id));
    expect(payment).toEqual(ledger.payments.get(payment!.id));
    // A repeated call (the till retrying after a crash) changes nothing.
    ledger.sales.recordOutcome(s.id, { result: 'approved', cloverPaymentId: 'CP00APPROVED1' });
    expect(ledger.outbox.list()).toHaveLength(1);
  });

  it("an answer naming another sale's Clover payment is not recorded twice: the sale stays open, flagged", () => {
    const s = journal({ training: false });
    ledger.sales.markSent(s.id);
    const other = journal();
    ledger.sales.markSent(other.id);
    ledger.sales.recordOutcome(other.id, { result: 'approved', cloverPaymentId: 'CPDUPLICATE01', last4: '4242' });
    const { sale, payment } = ledger.sales.recordOutcome(s.id, { result: 'approved', cloverPaymentId: 'CPDUPLICATE01', last4: '4242' });
    expect(payment).toBeNull();
    expect(sale).toMatchObject({ state: 'unknown', problem: expect.stringContaining(`already recorded for sale #${other.id}`) });
    expect(ledger.outbox.list()).toHaveLength(1);
    expect(ledger.sales.unresolved().map((x) => x.id)).toEqual([s.id]);
  });

  it('one open sale per terminal, held by the database; a keyed sale waits for an open keyed one of the same amount', () => {
    const s = journal({ terminalSerial: 'C045UQBUSY0001' });
    expect(() => journal({ terminalSerial: 'C045UQBUSY0001' })).toThrow(expect.objectContaining({ code: 'busy', message: expect.stringContaining(`sale #${s.id}`) }));
    expect(journal({ terminalSerial: 'C045UQBUSY0002' }).state).toBe('journaled'); // another terminal is free
    ledger.sales.recordOutcome(s.id, { result: 'cancelled', reason: 'never sent' });
    expect(journal({ terminalSerial: 'C045UQBUSY0001' }).state).toBe('journaled');
    const keyed = journal({ terminalSerial: 'KEYED', amount: 2_000, surcharge: 0 });
    expect(() => journal({ terminalSerial: 'KEYED', amount: 2_000, surcharge: 0 })).toThrow(/keyed sale #\d+ of the same amount/);
    expect(journal({ terminalSerial: 'KEYED', amount: 2_500, surcharge: 0 }).state).toBe('journaled');
    expect(keyed.state).toBe('journaled');
  });

  it('a sent sale carries its lease; renewal only extends it; a takeover names the owner it replaces', () => {
    const s = journal();
    const sent = ledger.sales.markSent(s.id, { owner: 'host/boot/1', until: 5_000, answerBy: 4_000 });
    expect(sent).toMatchObject({ leaseOwner: 'host/boot/1', leaseUntil: 5_000, answerBy: 4_000 });
    expect(ledger.sales.renewLease(s.id, 'host/boot/1', 3_000)).toBe(true);
    expect(ledger.sales.get(s.id)!.leaseUntil).toBe(5_000); // never shortened
    expect(ledger.sales.renewLease(s.id, 'host/boot/2', 9_000)).toBe(false); // not the owner
    expect(ledger.sales.claim(s.id, 'host/boot/3', 9_000, 'host/boot/2')).toBe(false); // another took it meanwhile
    expect(ledger.sales.claim(s.id, 'host/boot/3', 9_000, 'host/boot/1')).toBe(true);
    expect(ledger.sales.recordOutcome(s.id, { result: 'declined' }).sale).toMatchObject({ state: 'declined', leaseOwner: null, leaseUntil: null });
    expect(ledger.sales.claim(s.id, 'host/boot/3', 9_000, null)).toBe(false); // settled: nothing to claim
  });

  it('a sale on the same document started after the amount due was checked refuses the journal', () => {
    const checked = ledger.sales.lastId();
    const first = journal({ checkedAfterSale: checked }); // another terminal, same invoice
    expect(() => journal({ checkedAfterSale: checked })).toThrow(expect.objectContaining({ code: 'busy', message: expect.stringContaining(`sale #${first.id} on this document`) }));
    ledger.sales.recordOutcome(first.id, { result: 'cancelled' });
    expect(journal({ checkedAfterSale: checked }).state).toBe('journaled'); // a sale that moved no money does not count
    expect(journal({ checkedAfterSale: checked, target: { kind: 'invoice', id: 8 } }).state).toBe('journaled');
  });

  it('an approval whose card details fail a check is recorded all the same, with the problem flagged', () => {
    const s = journal();
    ledger.sales.markSent(s.id);
    const { sale, payment } = ledger.sales.recordOutcome(s.id, { result: 'approved', cloverPaymentId: 'CP00NOLAST401', last4: '', cardBrand: '', approvedAmount: 10_300 });
    expect(sale).toMatchObject({ state: 'approved', cardLast4: null, problem: expect.stringContaining('last 4') });
    expect(payment).toMatchObject({ amount: 10_000, surcharge: 300 });
    expect(ledger.outbox.list()).toHaveLength(1);
  });

  it('training sales are recorded but never queued for Odoo', () => {
    const p = approvedSale(ledger, { training: true });
    expect(p.training).toBe(true);
    expect(ledger.outbox.list()).toHaveLength(0);
    approvedRefund(ledger, p.id, 100);
    approvedVoid(ledger, approvedSale(ledger, { training: true }).id);
    expect(ledger.outbox.list()).toHaveLength(0);
  });

  it('partial approvals split the surcharge and link the follow-up sale', () => {
    const s = journal();
    ledger.sales.markSent(s.id);
    const { payment } = ledger.sales.recordOutcome(s.id, { result: 'partial', cloverPaymentId: 'CP00PARTIAL01', approvedAmount: 5_150 });
    expect(payment).toMatchObject({ amount: 5_000, surcharge: 150 });
    const rest = journal({ amount: 5_000, surcharge: 150, parentSaleId: s.id });
    expect(rest.parentSaleId).toBe(s.id);
    ledger.sales.markSent(rest.id);
    // More than asked is money that moved: recorded as approved, flagged for a person.
    const over = ledger.sales.recordOutcome(rest.id, { result: 'partial', cloverPaymentId: 'X1', approvedAmount: 9_999_999, last4: '4242' });
    expect(over.sale).toMatchObject({ state: 'approved', approvedAmount: 9_999_999, problem: expect.stringContaining('more than the 5150 asked') });
  });

  it('walks the unknown -> resolving -> approved path; a negative answer never undoes money', () => {
    const s = journal();
    ledger.sales.markSent(s.id);
    ledger.sales.recordOutcome(s.id, { result: 'unknown', reason: 'timeout' });
    ledger.sales.startResolving(s.id);
    ledger.sales.recordOutcome(s.id, { result: 'approved', cloverPaymentId: 'CP0000000UNK1', last4: '4242' });
    expect(ledger.sales.get(s.id)).toMatchObject({ state: 'approved', problem: null });
    expect(ledger.sales.recordOutcome(s.id, { result: 'declined' }).sale.state).toBe('approved');
    expect(ledger.sales.recordOutcome(s.id, { result: 'unknown' }).sale.state).toBe('approved');
    expect(ledger.sales.unresolved()).toHaveLength(0);
    expect(() => ledger.sales.markSent(s.id)).toThrow(LedgerRuleError);
  });

  it.each(['cancelled', 'declined', 'unknown'] as const)('an approval that arrives after the till recorded %s wins: approved late, flagged, synced', (state) => {
    const s = journal();
    ledger.sales.markSent(s.id);
    ledger.sales.recordOutcome(s.id, { result: state, reason: 'the till gave up' });
    const { sale, payment } = ledger.sales.recordOutcome(s.id, { result: 'approved', cloverPaymentId: 'CP00LATE00001', last4: '4242' });
    expect(sale).toMatchObject({ state: 'approved', problem: expect.stringContaining(`Approved late`) });
    expect(payment).not.toBeNull();
    expect(ledger.outbox.list()).toHaveLength(1);
    expect(ledger.audit.check().ok).toBe(true);
    expect(ledger.sales.withProblems().map((x) => x.id)).toEqual([s.id]);
    ledger.sales.acknowledgeProblem(s.id, 'mia');
    expect(ledger.sales.withProblems()).toHaveLength(0);
    expect(ledger.sales.get(s.id)!.problem).toContain('Approved late'); // the flag stays on record
  });

  it('a late approval lands on a sale forced declined, never on one forced approved twice', () => {
    const s = journal();
    ledger.sales.markSent(s.id);
    ledger.sales.recordOutcome(s.id, { result: 'unknown' });
    ledger.sales.forceResolve(s.id, { outcome: 'declined', reason: 'customer left', manager: 'mia' });
    expect(ledger.sales.recordOutcome(s.id, { result: 'approved', cloverPaymentId: 'CP00LATE00002', last4: '4242' }).sale.state).toBe('approved');
    const f = journal();
    ledger.sales.markSent(f.id);
    ledger.sales.forceResolve(f.id, { outcome: 'approved', reason: 'seen on the dashboard', manager: 'mia' });
    // Clover's id of the forced payment becomes known: attached, not a second payment.
    const { sale } = ledger.sales.recordOutcome(f.id, { result: 'approved', cloverPaymentId: 'CP00FORCED001', approvedAmount: 10_300 });
    expect(sale).toMatchObject({ state: 'forced', cloverPaymentId: 'CP00FORCED001' });
    expect(ledger.payments.bySale(f.id)!.cloverPaymentId).toBe('CP00FORCED001');
    expect(ledger.outbox.list()).toHaveLength(2);
    expect(ledger.audit.check().ok).toBe(true);
  });

  it('a sale found "sent" at startup goes unknown -> resolving', () => {
    const s = journal();
    ledger.sales.markSent(s.id);
    expect(ledger.sales.startResolving(s.id).state).toBe('resolving');
    expect(ledger.sales.recordOutcome(s.id, { result: 'declined', reason: 'not found at Clover' }).sale.state).toBe('declined');
  });

  it('force-resolve needs a reason and a manager, and an approved force queues the payment', () => {
    const s = journal();
    ledger.sales.markSent(s.id);
    ledger.sales.recordOutcome(s.id, { result: 'unknown' });
    expect(() => ledger.sales.forceResolve(s.id, { outcome: 'approved', reason: '', manager: 'mia' })).toThrow(/reason/);
    const { sale, payment } = ledger.sales.forceResolve(s.id, { outcome: 'approved', reason: 'seen approved on the Clover dashboard', manager: 'mia' });
    expect(sale).toMatchObject({ state: 'forced', forcedOutcome: 'approved', forcedBy: 'mia' });
    expect(payment!.erpKey).toBe(`CLV:OP-${s.opId}`);
    expect(ledger.outbox.list()).toHaveLength(1);
  });

  it('refuses duplicate ids, bad amounts and bad currencies with clear errors', () => {
    const s = journal();
    ledger.sales.recordOutcome(s.id, { result: 'cancelled' });
    expect(() => journal({ externalPaymentId: s.externalPaymentId })).toThrow(/Already recorded/);
    expect(() => journal({ amount: 0 })).toThrow(/amount/);
    expect(() => journal({ amount: 12.5 })).toThrow(/whole number/);
    expect(() => journal({ currency: 'usd' })).toThrow(/currency/);
    expect(() => ledger.sales.markSent(999)).toThrow(/does not exist/);
  });
});

describe('refunds, voids, credits', () => {
  it('limits refunds to what is still refundable, counting refunds in progress', () => {
    const p = approvedSale(ledger, { amount: 1000, surcharge: 30 });
    expect(ledger.refunds.refundable(p.id)).toBe(1030);
    const r1 = ledger.refunds.journal({ paymentId: p.id, amount: 1000, idempotencyKey: 'r-1', cashier: 'ann', terminalSerial: 'C1' });
    expect(() => ledger.refunds.journal({ paymentId: p.id, amount: 31, idempotencyKey: 'r-2', cashier: 'ann', terminalSerial: 'C1' })).toThrow(/at most 30/);
    ledger.refunds.markSent(r1.id);
    ledger.refunds.recordOutcome(r1.id, { result: 'declined' });
    expect(ledger.refunds.refundable(p.id)).toBe(1030);
    const done = approvedRefund(ledger, p.id, 500);
    expect(done.state).toBe('approved');
    const item = ledger.outbox.list().find((i) => i.kind === 'refund')!;
    expect(item).toMatchObject({ docKey: `payment:${p.id}`, erpKey: `CLV-R:${done.cloverRefundId}` });
  });

  it('records what Clover actually refunded when it differs from the request', () => {
    const p = approvedSale(ledger, { amount: 1000 });
    const r = ledger.refunds.journal({ paymentId: p.id, amount: 600, idempotencyKey: 'r-x', cashier: 'ann', terminalSerial: 'C1' });
    ledger.refunds.markSent(r.id);
    const done = ledger.refunds.recordOutcome(r.id, { result: 'approved', cloverRefundId: 'RFMISMATCH001', refundedAmount: 500 });
    expect(done).toMatchObject({ amount: 500, note: 'Clover refunded 500, 600 was asked' });
  });

  it('a void before the payment was ever sent settles both locally: nothing goes to Odoo', () => {
    const p = approvedSale(ledger);
    const v = approvedVoid(ledger, p.id);
    expect(v.state).toBe('approved');
    expect(ledger.payments.get(p.id)!.voidedAt).not.toBeNull();
    expect(ledger.outbox.list().map((i) => [i.kind, i.state])).toEqual([
      ['payment', 'cancelled_locally'],
      ['void', 'cancelled_locally'],
    ]);
    expect(ledger.outbox.metrics().depth).toBe(0);
    expect(() => approvedRefund(ledger, p.id, 100)).toThrow(/voided/);
  });

  it('a void after the payment may have been sent queues a cancel behind it', () => {
    const p = approvedSale(ledger);
    ledger.outbox.finishAndClaim([], 1, 'test', 60_000); // claimed once: it may have reached Odoo
    approvedVoid(ledger, p.id);
    expect(ledger.outbox.list().map((i) => [i.kind, i.state, i.docKey])).toEqual([
      ['payment', 'in_flight', `payment:${p.id}`],
      ['void', 'pending', `payment:${p.id}`],
    ]);
  });

  it('credits need a reason and a manager, and are queued once approved', () => {
    const c = ledger.credits.journal({ amount: 2000, currency: 'USD', reason: 'goodwill', approvedBy: 'mia', idempotencyKey: 'c-1', cashier: 'ann', terminalSerial: 'C1' });
    ledger.credits.markSent(c.id);
    const done = ledger.credits.recordOutcome(c.id, { result: 'approved', cloverCreditId: 'CRCREDIT00001', last4: '1111' });
    expect(done).toMatchObject({ state: 'approved', cardLast4: '1111', partnerId: null });
    expect(ledger.outbox.list()[0]).toMatchObject({ kind: 'credit', docKey: `credit:${c.id}`, erpKey: 'CLV-C:CRCREDIT00001' });
    expect(() => ledger.credits.journal({ amount: 1, currency: 'USD', reason: '', approvedBy: 'mia', idempotencyKey: 'c-2', cashier: 'ann', terminalSerial: 'C1' })).toThrow(/reason/);
  });
});
