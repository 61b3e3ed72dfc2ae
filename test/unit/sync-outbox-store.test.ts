import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/sync/ledger/ledger';
import { backoffDelay } from '../../src/sync/outbox/backoff';
import { approvedRefund, approvedSale, tempLedger } from '../support/sync-fixtures';

let ledger: Ledger;
let cleanup: () => void;
let now = 1_000_000;
beforeEach(() => {
  now = 1_000_000;
  ({ ledger, cleanup } = tempLedger({ clock: { now: () => now } }));
});
afterEach(() => cleanup());

const invoice = (id: number) => ({ kind: 'invoice', id, partnerId: 2 }) as const;
const claim = (limit: number, owner = 'w1', leaseMs = 10_000) => ledger.outbox.finishAndClaim([], limit, owner, leaseMs);

describe('outbox claims', () => {
  it('claims only the first open item of each document, independent documents together', () => {
    const a1 = approvedSale(ledger, { target: invoice(1) });
    approvedSale(ledger, { target: invoice(1) });
    const b1 = approvedSale(ledger, { target: invoice(2) });
    const w = approvedSale(ledger);
    approvedRefund(ledger, w.id, 100); // waits for its payment
    const claimed = claim(10).map((c) => c.item.entityId);
    expect(claimed).toEqual([a1.id, b1.id, w.id]);
    expect(claim(10)).toEqual([]); // everything else is behind an in-flight item
  });

  it('releases the next item of a document only once the earlier one is delivered', () => {
    approvedSale(ledger, { target: invoice(1) });
    const second = approvedSale(ledger, { target: invoice(1) });
    const [first] = claim(5);
    const next = ledger.outbox.finishAndClaim([{ id: first!.item.id, token: first!.token, outcome: 'delivered', odooIds: [9], reused: false }], 5, 'w1', 10_000);
    expect(next.map((c) => c.item.entityId)).toEqual([second.id]);
    expect(ledger.outbox.get(first!.item.id)).toMatchObject({ state: 'delivered', odooIds: [9] });
  });

  it('a parked item blocks its document (strict order) but not others, until retried', () => {
    approvedSale(ledger, { target: invoice(1) });
    approvedSale(ledger, { target: invoice(1) });
    const [first] = claim(1);
    ledger.outbox.finishAndClaim([{ id: first!.item.id, token: first!.token, outcome: 'park', reason: 'nothing left to pay', error: '422', errorClass: 'permanent' }], 0, 'w1', 1);
    const other = approvedSale(ledger, { target: invoice(2) });
    expect(claim(5).map((c) => c.item.entityId)).toEqual([other.id]);
    expect(ledger.outbox.activeCount()).toBe(1); // the one behind the parked item does not count
    expect(ledger.outbox.metrics()).toMatchObject({ parked: 1, lastError: '422' });
    ledger.outbox.retry(first!.item.id, 'mia', 'invoice reopened');
    expect(claim(5).map((c) => c.item.id)).toEqual([first!.item.id]);
  });

  it('hands a crashed owner\'s item to another worker once its lease runs out, and fences the old result', () => {
    approvedSale(ledger);
    const [old] = claim(1, 'dead', 1_000);
    expect(claim(1, 'w2')).toEqual([]);
    now += 1_001;
    const [again] = claim(1, 'w2');
    expect(again!.item).toMatchObject({ id: old!.item.id, attempts: 2 });
    // The dead owner's late answer must not overwrite the new claim.
    ledger.outbox.finishAndClaim([{ id: old!.item.id, token: old!.token, outcome: 'park', reason: 'x', error: 'x', errorClass: 'permanent' }], 0, 'dead', 1);
    expect(ledger.outbox.get(old!.item.id)!.state).toBe('in_flight');
  });

  it('renewed leases are not taken over', () => {
    approvedSale(ledger);
    const [c] = claim(1, 'w1', 1_000);
    now += 900;
    ledger.outbox.renewLeases([c!.token], 1_000);
    now += 900;
    expect(claim(1, 'w2')).toEqual([]);
  });

  it('waits out a retry delay', () => {
    approvedSale(ledger);
    const [c] = claim(1);
    ledger.outbox.finishAndClaim([{ id: c!.item.id, token: c!.token, outcome: 'retry', error: 'timeout', errorClass: 'retryable', delayMs: 5_000, serverError: false }], 0, 'w1', 1);
    expect(claim(1)).toEqual([]);
    expect(ledger.outbox.nextDueAt()).toBe(now + 5_000);
    now += 5_000;
    expect(claim(1)).toHaveLength(1);
  });

  it('reports depth, oldest age, parked count and the pause reason', () => {
    approvedSale(ledger);
    now += 60_000;
    approvedSale(ledger);
    ledger.outbox.pause('Odoo rejected the API key', 'sync-worker', 'auth');
    expect(ledger.outbox.metrics()).toEqual({ depth: 2, inFlight: 0, parked: 0, delivered: 0, oldestPendingAgeMs: 60_000, lastError: null, pausedReason: 'Odoo rejected the API key' });
    expect(ledger.outbox.paused()).toMatchObject({ kind: 'auth' });
    expect(ledger.outbox.resume('mia')).toBe(true);
    expect(ledger.outbox.metrics().pausedReason).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles per attempt, is capped, and jitters between 50% and 100%', () => {
    const p = { baseMs: 1000, maxMs: 8000 };
    expect(backoffDelay(1, p, () => 0)).toBe(500);
    expect(backoffDelay(1, p, () => 1)).toBe(1000);
    expect(backoffDelay(3, p, () => 1)).toBe(4000);
    expect(backoffDelay(10, p, () => 1)).toBe(8000);
    expect(backoffDelay(10, p, () => 0)).toBe(4000);
  });
});

describe('retention', () => {
  it('removes delivered items older than the cut-off, never open items, money records or the audit log', () => {
    const p1 = approvedSale(ledger);
    approvedSale(ledger); // stays pending
    const [first] = claim(1);
    expect(first!.item.entityId).toBe(p1.id);
    ledger.outbox.finishAndClaim([{ id: first!.item.id, token: first!.token, outcome: 'delivered', odooIds: [9], reused: false }], 0, 'w1', 1);
    const auditBefore = ledger.audit.head().seq;
    const at = ledger.outbox.list({ state: 'delivered' })[0]!.updatedAt;
    expect(ledger.outbox.compact(at, 'retention')).toBe(0); // not older than the cut-off: kept
    expect(ledger.outbox.compact(at + 1, 'retention')).toBe(1);
    expect(ledger.outbox.list().map((i) => i.state)).toEqual(['pending']);
    expect(ledger.payments.get(p1.id)).toBeDefined();
    expect(ledger.audit.head().seq).toBe(auditBefore + 1); // one entry says what went
    expect(ledger.audit.check().ok).toBe(true);
  });
});
