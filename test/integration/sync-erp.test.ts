// The ERP port against the fake Odoo: lookups, the residual re-read, and each kind of
// delivery with its search-first idempotency.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/sync/ledger/ledger';
import { OdooError } from '../../src/sync/odoo/errors';
import { SEED } from '../support/fake-odoo';
import { approvedRefund, approvedSale, approvedVoid, type SyncRig, syncRig, tempLedger } from '../support/sync-fixtures';

let rig: SyncRig;
let ledger: Ledger;
let cleanup: () => void;
beforeEach(async () => {
  rig = await syncRig({ env: { ODOO_SURCHARGE_ACCOUNT: SEED.surchargeAccountCode } });
  ({ ledger, cleanup } = tempLedger());
});
afterEach(async () => {
  cleanup();
  await rig.close();
});

const INV1 = { kind: 'invoice', id: SEED.invoices.acme120, ref: 'INV/2026/00001', partnerId: SEED.acmeId } as const;

/** Delivers the next claimable outbox item, as the worker would. */
async function deliverNext() {
  const [claim] = ledger.outbox.finishAndClaim([], 1, 'test', 60_000);
  if (!claim) throw new Error('nothing to deliver');
  const outcome = await rig.erp.deliver(ledger.outbox.work(claim.item));
  if (outcome.outcome === 'delivered') ledger.outbox.finishAndClaim([{ id: claim.item.id, token: claim.token, outcome: 'delivered', odooIds: outcome.odooIds, reused: outcome.reused }], 0, 'test', 1);
  return outcome;
}

describe('lookups', () => {
  it('finds open posted customer invoices, soonest due first, with residuals in minor units', async () => {
    const all = await rig.erp.findOpenInvoices();
    expect(all.map((i) => [i.name, i.residual, i.paymentState])).toEqual([
      ['INV/2026/00002', 7550, 'not_paid'],
      ['INV/2026/00001', 12000, 'not_paid'],
      ['INV/2026/00003', 5000, 'partial'],
    ]);
    expect((await rig.erp.findOpenInvoices({ query: 'acme' })).map((i) => i.name)).toEqual(['INV/2026/00001', 'INV/2026/00003']);
    expect((await rig.erp.findOpenInvoices({ query: 'INV/2026/00002' })).map((i) => i.partnerName)).toEqual(['Bay Health']);
    expect((await rig.erp.findOpenInvoices({ query: 'PO-003' })).map((i) => i.id)).toEqual([SEED.invoices.acmePartial]);
    expect((await rig.erp.findOpenInvoices({ partnerId: SEED.bayId })).map((i) => i.id)).toEqual([SEED.invoices.bay75]);
  });

  it('finds confirmed sale orders with what is still due', async () => {
    const orders = await rig.erp.findSaleOrders();
    expect(orders.map((o) => [o.name, o.due])).toEqual([
      ['S00002', 8000],
      ['S00001', 30000],
    ]);
  });

  it('re-reads the residual right before a charge', async () => {
    expect(await rig.erp.checkDue(INV1)).toMatchObject({ open: true, due: 12000, currency: 'USD' });
    // Someone pays 20.00 at the office meanwhile.
    const [wizard] = rig.fake.control.call('account.payment.register', 'create', { vals_list: [{ amount: 20, journal_id: 2, payment_method_line_id: 3 }], context: { active_model: 'account.move', active_ids: [INV1.id] } }) as number[];
    rig.fake.control.call('account.payment.register', 'action_create_payments', { ids: [wizard], context: {} });
    expect(await rig.erp.checkDue(INV1)).toMatchObject({ open: true, due: 10000, paymentState: 'partial' });
    expect(await rig.erp.checkDue({ kind: 'invoice', id: SEED.invoices.draft })).toMatchObject({ open: false, due: 0 });
  });

  it('discovers the journal, its method lines, the walk-in partner and the surcharge account', async () => {
    expect(await rig.erp.setup()).toEqual({ journalId: 1, inboundMethodLineId: 1, outboundMethodLineId: 2, walkInPartnerId: 1, surchargeAccountId: 3, currency: 'USD' });
  });

  it('a missing journal is a setup problem that stops the queue, in words', async () => {
    const other = await syncRig({ env: { ODOO_JOURNAL: 'Stripe' } });
    try {
      await expect(other.erp.setup()).rejects.toMatchObject({ errorClass: 'stop', message: expect.stringMatching(/Journal "Stripe" \(ODOO_JOURNAL\) was not found/) });
    } finally {
      await other.close();
    }
  });
});

describe('deliveries', () => {
  it('a partial invoice payment goes through the register wizard; the surcharge to its account', async () => {
    const p = approvedSale(ledger, { target: INV1, amount: 5000, surcharge: 150 });
    const out = await deliverNext();
    expect(out).toMatchObject({ outcome: 'delivered', reused: false });
    const inv = rig.fake.control.invoice(INV1.id)!;
    expect(inv).toMatchObject({ amount_residual: 70, payment_state: 'partial' });
    const [main] = rig.fake.control.paymentsByKey(p.erpKey);
    expect(main).toMatchObject({ amount: 50, state: 'in_process', journal_id: 1, invoice_ids: [INV1.id] });
    expect(String(main!.memo)).toMatch(new RegExp(`^${p.erpKey} op:${p.opId} INV/2026/00001$`));
    expect(rig.fake.control.paymentsByKey(`${p.erpKey}/S`)).toMatchObject([{ amount: 1.5, destination_account_id: 3, partner_id: SEED.acmeId, state: 'in_process' }]);
  });

  it('without a surcharge account the surcharge is included in the payment and noted in the memo', async () => {
    const plain = await syncRig();
    try {
      const p = approvedSale(ledger, { amount: 2000, surcharge: 60 });
      const [claim] = ledger.outbox.finishAndClaim([], 1, 't', 60_000);
      await plain.erp.deliver(ledger.outbox.work(claim!.item));
      expect(plain.fake.control.paymentsByKey(p.erpKey)).toMatchObject([{ amount: 20.6, memo: `${p.erpKey} op:${p.opId} incl. card surcharge 0.60`, payment_reference: p.erpKey, partner_id: SEED.walkInPartnerId }]);
    } finally {
      await plain.close();
    }
  });

  it('a walk-in payment left as a draft by a crash is only posted, never created again', async () => {
    const p = approvedSale(ledger, { amount: 2500 });
    rig.fake.control.call('account.payment', 'create', { vals_list: [{ payment_type: 'inbound', partner_id: 1, amount: 25, journal_id: 1, payment_method_line_id: 1, memo: `${p.erpKey} op:${p.opId}`, payment_reference: p.erpKey }] });
    expect(await deliverNext()).toMatchObject({ outcome: 'delivered', reused: true });
    expect(rig.fake.control.paymentsByKey(p.erpKey)).toMatchObject([{ state: 'in_process' }]);
    expect(rig.fake.control.callCount('account.payment', 'create')).toBe(0);
  });

  it('a sale order payment is a customer payment tagged with the order, and lowers what is due', async () => {
    approvedSale(ledger, { target: { kind: 'sale_order', id: SEED.orders.acme300, ref: 'S00001', partnerId: SEED.acmeId }, amount: 10000 });
    await deliverNext();
    expect(await rig.erp.checkDue({ kind: 'sale_order', id: SEED.orders.acme300 })).toMatchObject({ open: true, due: 20000 });
  });

  it('refunds are outbound payments to the customer, after their payment', async () => {
    const p = approvedSale(ledger, { target: INV1, amount: 12000 });
    const r = approvedRefund(ledger, p.id, 2000);
    await deliverNext();
    await deliverNext();
    expect(rig.fake.control.paymentsByKey(`CLV-R:${r.cloverRefundId}`)).toMatchObject([{ payment_type: 'outbound', amount: 20, partner_id: SEED.acmeId, journal_id: 1, payment_method_line_id: 2 }]);
  });

  it('a void of a delivered payment cancels it in Odoo and reopens the invoice', async () => {
    const p = approvedSale(ledger, { target: INV1, amount: 12000 });
    await deliverNext();
    expect(rig.fake.control.invoice(INV1.id)).toMatchObject({ amount_residual: 0, payment_state: 'in_payment' });
    approvedVoid(ledger, p.id);
    expect(await deliverNext()).toMatchObject({ outcome: 'delivered', reused: false });
    expect(rig.fake.control.paymentsByKey(p.erpKey)).toMatchObject([{ state: 'canceled' }]);
    expect(rig.fake.control.invoice(INV1.id)).toMatchObject({ amount_residual: 120, payment_state: 'not_paid' });
  });

  it('a 422 "nothing left to pay" on a retry searches first: the earlier attempt had landed', async () => {
    const p = approvedSale(ledger, { target: INV1, amount: 12000 });
    // While our wizard is being created, the first attempt (lost answer) commits in Odoo.
    rig.fake.control.inject({
      model: 'account.payment.register',
      method: 'create',
      before: () => {
        const [w] = rig.fake.control.call('account.payment.register', 'create', { vals_list: [{ amount: 120, journal_id: 1, payment_method_line_id: 1, communication: `${p.erpKey} op:${p.opId}` }], context: { active_model: 'account.move', active_ids: [INV1.id] } }) as number[];
        rig.fake.control.call('account.payment.register', 'action_create_payments', { ids: [w], context: {} });
      },
    });
    expect(await deliverNext()).toMatchObject({ outcome: 'delivered', reused: true });
    expect(rig.fake.control.paymentsByKey(p.erpKey)).toHaveLength(1);
  });

  it('a 422 for a payment that never landed is a permanent error with Odoo\'s reason', async () => {
    approvedSale(ledger, { target: { kind: 'invoice', id: SEED.invoices.paid, partnerId: SEED.acmeId }, amount: 1000 });
    const err = await deliverNext().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooError);
    expect(err).toMatchObject({ status: 422, errorClass: 'permanent', message: expect.stringMatching(/nothing left to pay/) });
  });
});
