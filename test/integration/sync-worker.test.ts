// The sync worker draining a real ledger file into the fake Odoo over HTTP: exactly once
// under lost answers and 500s, per-document order, parking, pausing and resuming.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/sync/ledger/ledger';
import type { SyncEvent } from '../../src/sync/outbox/worker';
import { SEED } from '../support/fake-odoo';
import { approvedRefund, approvedSale, approvedVoid, type SyncRig, syncRig, tempLedger, testWorker } from '../support/sync-fixtures';

let rig: SyncRig;
let ledger: Ledger;
let cleanup: () => void;
let stopWorker: (() => Promise<void>) | null = null;
beforeEach(async () => {
  rig = await syncRig();
  ({ ledger, cleanup } = tempLedger());
});
afterEach(async () => {
  await stopWorker?.();
  stopWorker = null;
  cleanup();
  await rig.close();
});

function worker(overrides: Parameters<typeof testWorker>[2] = {}) {
  const w = testWorker(ledger, rig.erp, overrides);
  const events: SyncEvent[] = [];
  w.onEvent((e) => events.push(e));
  stopWorker = () => w.stop();
  return { w, events };
}

const invoice = (id: number, partnerId: number) => ({ kind: 'invoice', id, partnerId }) as const;

/** Every key the ledger sent exists exactly once in Odoo. */
function expectExactlyOnce(expectedKeys: string[]): void {
  const counts = rig.fake.control.keyCounts();
  for (const key of expectedKeys) expect(counts.get(key), key).toBe(1);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
}

describe('sync worker', () => {
  it('delivers exactly once when Odoo commits but the answer is lost (every write step)', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 8; i++) keys.push(approvedSale(ledger, { amount: 1000 + i }).erpKey);
    for (let i = 0; i < 4; i++) {
      const inv = rig.fake.control.addInvoice({ name: `INV/2026/1${i}`, partnerId: SEED.acmeId, total: 100 });
      keys.push(approvedSale(ledger, { target: invoice(inv, SEED.acmeId), amount: 4000 }).erpKey);
    }
    const p = approvedSale(ledger);
    keys.push(p.erpKey, `CLV-R:${approvedRefund(ledger, p.id, 500).cloverRefundId}`);
    rig.fake.control.inject({ model: 'account.payment', method: 'create', drop: true, times: 3 });
    rig.fake.control.inject({ model: 'account.payment', method: 'action_post', drop: true, times: 2 });
    rig.fake.control.inject({ model: 'account.payment.register', method: 'action_create_payments', drop: true, times: 2 });

    const { w, events } = worker();
    await w.runUntilIdle();

    expect(rig.fake.control.calls.filter((c) => c.dropped)).toHaveLength(7);
    expect(ledger.outbox.metrics()).toMatchObject({ depth: 0, parked: 0, delivered: 14 });
    expectExactlyOnce(keys);
    expect(rig.fake.control.payments().every((x) => x.state === 'in_process')).toBe(true); // drafts were posted
    expect(events.filter((e) => e.type === 'retry').length).toBeGreaterThanOrEqual(7);
    expect(events.filter((e) => e.type === 'delivered' && e.reused).length).toBeGreaterThanOrEqual(5);
  });

  it('retries 500s with backoff, and parks an item after 3 server errors with the reason', async () => {
    const ok = approvedSale(ledger);
    rig.fake.control.inject({ model: 'account.payment', method: 'create', status: 500, times: 2 });
    const { w } = worker({ concurrency: 1 });
    await w.runUntilIdle();
    expect(ledger.outbox.metrics()).toMatchObject({ delivered: 1, parked: 0 });
    expectExactlyOnce([ok.erpKey]);

    const doomed = approvedSale(ledger);
    rig.fake.control.inject({ model: 'account.payment', method: 'create', status: 500, message: 'KeyError: journal', times: 3 });
    await w.runUntilIdle();
    const item = ledger.outbox.list({ state: 'parked' })[0]!;
    expect(item).toMatchObject({ entityId: doomed.id, attempts: 3 });
    expect(item.parkReason).toMatch(/server error 3 times.*KeyError: journal/);
    expect(rig.fake.control.paymentsByKey(doomed.erpKey)).toHaveLength(0);
  });

  it('keeps items of one document strictly in order while independent documents flow past', async () => {
    const slowInvoice = rig.fake.control.addInvoice({ name: 'INV/2026/SLOW', partnerId: SEED.acmeId, total: 100 });
    const first = approvedSale(ledger, { target: invoice(slowInvoice, SEED.acmeId), amount: 2000 });
    const second = approvedSale(ledger, { target: invoice(slowInvoice, SEED.acmeId), amount: 3000 });
    const refund = approvedRefund(ledger, first.id, 500);
    const third = approvedSale(ledger, { target: invoice(slowInvoice, SEED.acmeId), amount: 1000 });
    const walkIns = Array.from({ length: 6 }, () => approvedSale(ledger));
    rig.fake.control.inject({ model: 'account.payment.register', method: 'action_create_payments', delayMs: 300, times: 1 });

    const { w } = worker({ concurrency: 8 });
    await w.runUntilIdle();

    const idOf = (key: string) => rig.fake.control.paymentsByKey(key)[0]!.id;
    const docOrder = [first.erpKey, second.erpKey, `CLV-R:${refund.cloverRefundId}`, third.erpKey].map(idOf);
    expect([...docOrder].sort((a, b) => a - b)).toEqual(docOrder);
    // The walk-ins did not wait for the slow invoice.
    expect(walkIns.map((p) => idOf(p.erpKey)).every((id) => id < docOrder[0]!)).toBe(true);
    expect(rig.fake.control.invoice(slowInvoice)).toMatchObject({ amount_residual: 40 });
  });

  it('parks a 422 with Odoo\'s reason, blocks only that document, and delivers after a manual retry', async () => {
    const inv = SEED.invoices.paid;
    const stuck = approvedSale(ledger, { target: invoice(inv, SEED.acmeId), amount: 1000 });
    const behind = approvedSale(ledger, { target: invoice(inv, SEED.acmeId), amount: 500 });
    const other = approvedSale(ledger);
    const { w, events } = worker();
    await w.runUntilIdle();
    const parked = ledger.outbox.list({ state: 'parked' });
    expect(parked.map((i) => i.entityId)).toEqual([stuck.id]);
    expect(parked[0]!.parkReason).toMatch(/nothing left to pay/);
    expect(events).toContainEqual(expect.objectContaining({ type: 'parked' }));
    expect(ledger.outbox.list({ state: 'pending' }).map((i) => i.entityId)).toEqual([behind.id]);
    expectExactlyOnce([other.erpKey]);
    expect(w.status()).toMatchObject({ parked: 1, depth: 1, pausedReason: null });

    // The accountant reopens the invoice; a manager retries the parked item.
    rig.fake.control.data.update('account.move', inv, { amount_residual: 15, payment_state: 'partial' });
    ledger.outbox.retry(parked[0]!.id, 'mia', 'invoice reopened');
    await w.runUntilIdle();
    expect(ledger.outbox.metrics()).toMatchObject({ depth: 0, parked: 0, delivered: 3 });
    expect(ledger.audit.verify().ok).toBe(true);
  });

  it('pauses the whole queue on 401 and resumes by itself once a new key is stored', async () => {
    await rig.secrets.set('odoo.apiKey', 'expired-key');
    const a = approvedSale(ledger);
    const b = approvedSale(ledger);
    const { w, events } = worker();
    await w.runUntilIdle();
    expect(w.status()).toMatchObject({ depth: 2, delivered: 0, pausedReason: expect.stringMatching(/API key/) });
    expect(ledger.outbox.list().every((i) => i.state === 'pending')).toBe(true);
    expect(rig.fake.control.calls.filter((c) => c.status === 401).length).toBeLessThanOrEqual(8);
    expect(events).toContainEqual(expect.objectContaining({ type: 'paused' }));

    await rig.secrets.set('odoo.apiKey', 'test-key');
    await w.runUntilIdle();
    expect(w.status()).toMatchObject({ depth: 0, delivered: 2, pausedReason: null });
    expect(events).toContainEqual({ type: 'resumed' });
    expectExactlyOnce([a.erpKey, b.erpKey]);
  });

  it.each([403, 404, 415])('stops the queue on %i until a person resumes it', async (status) => {
    const p = approvedSale(ledger);
    rig.fake.control.inject({ status, times: 1 });
    const { w } = worker();
    await w.runUntilIdle();
    expect(w.status()).toMatchObject({ depth: 1, pausedReason: expect.stringContaining(String(status)) });
    expect(ledger.outbox.paused()).toMatchObject({ kind: 'stop' });
    w.resume('mia', 'rights fixed in Odoo');
    await w.runUntilIdle();
    expect(w.status()).toMatchObject({ depth: 0, delivered: 1, pausedReason: null });
    expectExactlyOnce([p.erpKey]);
  });

  it('a voided payment whose first attempt may have landed: found -> cancelled in Odoo; not found -> settled locally', async () => {
    const landed = approvedSale(ledger);
    const lost = approvedSale(ledger);
    // landed: created and posted in Odoo, answer lost. lost: Odoo was down (503), nothing written.
    rig.fake.control.inject({ model: 'account.payment', method: 'action_post', drop: true, times: 1 });
    const { w } = worker({ concurrency: 1, prefetch: 0, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const nextRetry = () => new Promise<void>((resolve) => w.onEvent((e) => e.type === 'retry' && resolve()));
    const firstRetry = nextRetry();
    w.start();
    await firstRetry; // landed: committed, answer dropped
    rig.fake.control.inject({ model: 'account.payment', method: 'search_read', status: 503, times: 1 });
    await nextRetry(); // lost: 503 before anything was written
    await w.stop();
    approvedVoid(ledger, landed.id);
    approvedVoid(ledger, lost.id);
    ledger.transaction(() => {
      for (const i of ledger.outbox.list({ state: 'pending' })) ledger.outbox.retry(i.id, 'test'); // skip the long backoff
    });
    const again = worker();
    await again.w.runUntilIdle();
    expect(rig.fake.control.paymentsByKey(landed.erpKey)).toMatchObject([{ state: 'canceled' }]);
    expect(rig.fake.control.paymentsByKey(lost.erpKey)).toHaveLength(0);
    const states = ledger.outbox.list().map((i) => [i.kind, i.entityId, i.state]);
    expect(states).toEqual(
      expect.arrayContaining([
        ['payment', landed.id, 'delivered'],
        ['payment', lost.id, 'cancelled_locally'],
        ['void', expect.any(Number), 'delivered'],
        ['void', expect.any(Number), 'cancelled_locally'],
      ]),
    );
  });

  it('while Odoo is unreachable it holds the whole queue instead of trying every item', async () => {
    for (let i = 0; i < 5; i++) approvedSale(ledger);
    await rig.fake.close(); // connection refused from now on
    const { w } = worker({ concurrency: 1, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const firstRetry = new Promise<SyncEvent>((resolve) => w.onEvent((e) => e.type === 'retry' && resolve(e)));
    w.start();
    expect(await firstRetry).toMatchObject({ error: expect.stringMatching(/Cannot reach Odoo/) });
    await new Promise((r) => setTimeout(r, 100));
    await w.stop();
    expect(ledger.outbox.list().map((i) => i.attempts)).toEqual([1, 0, 0, 0, 0]);
    expect(ledger.outbox.metrics()).toMatchObject({ depth: 5, lastError: expect.stringMatching(/Cannot reach Odoo/) });
  });

  it('two malformed requests (400) in a row stop the queue', async () => {
    approvedSale(ledger);
    approvedSale(ledger);
    rig.fake.control.inject({ status: 400, message: 'Invalid JSON data', times: 2 });
    const { w } = worker({ concurrency: 1 });
    await w.runUntilIdle();
    expect(w.status()).toMatchObject({ parked: 2, pausedReason: expect.stringMatching(/400/) });
  });
});
