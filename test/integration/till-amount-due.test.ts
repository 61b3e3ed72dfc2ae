// Paying an invoice twice (issue 11, scenario 4): a real till, the Clover simulator and the fake
// Odoo over HTTP. What the till took but Odoo does not show yet (queue paused, sale unresolved,
// or delivered but waiting for the bank match) is subtracted before the same document is charged.
import { afterEach, describe, expect, it } from 'vitest';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { type FakeOdoo, type FakeOdooOptions, SEED, startFakeOdoo } from '../support/fake-odoo';
import { testWorker } from '../support/sync-fixtures';
import { SERIAL, SERIAL_2, startTillHarness, type TillHarness } from '../support/till-harness';

let h: TillHarness | undefined;
let odoo: FakeOdoo | undefined;
afterEach(async () => {
  await h?.close();
  await odoo?.close();
  h = odoo = undefined;
});

async function start(fake: FakeOdooOptions = {}): Promise<{ h: TillHarness; odoo: FakeOdoo }> {
  odoo = await startFakeOdoo(fake);
  h = await startTillHarness({ env: { ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' } });
  return { h, odoo };
}

const INV1 = { kind: 'invoice', id: SEED.invoices.acme120 } as const;
const charges = () => h!.sim.control.payments().filter((p) => p.kind === 'payment');

async function pay(amount: number, target: { kind: 'invoice' | 'sale_order'; id: number }, terminalSerial = SERIAL) {
  h!.sim.control.script(terminalSerial, { kind: 'approve' });
  return startTerminalSale(h!.till, { amount, funding: 'debit', target, terminalSerial });
}

/** The worker delivers everything it can, then stops. */
async function deliverAll(): Promise<void> {
  const w = testWorker(h!.till.ledger, h!.till.erp!);
  await w.runUntilIdle();
  await w.stop();
}

const refused = (message: string) => expect.objectContaining({ code: 'REFUSED', message });

describe('amount due on an invoice', () => {
  it('a payment still in the paused queue is subtracted: the invoice cannot be charged in full again', async () => {
    const { h, odoo } = await start();
    const worker = testWorker(h.till.ledger, h.till.erp!);
    worker.pause('closing time');
    expect(await pay(5000, INV1)).toMatchObject({ state: 'approved' });

    await expect(pay(12000, INV1)).rejects.toEqual(refused('Only $70.00 is still due on INV/2026/00001 ($120.00 in Odoo, $50.00 taken at this till and not yet in Odoo).'));
    expect(await pay(7000, INV1)).toMatchObject({ state: 'approved' });
    await expect(pay(100, INV1)).rejects.toEqual(refused('Nothing is left to pay on INV/2026/00001 ($120.00 in Odoo, $120.00 taken at this till and not yet in Odoo).'));
    expect(charges()).toHaveLength(2);
    expect(odoo.control.invoice(INV1.id)).toMatchObject({ amount_residual: 120 });

    // Once delivered, Odoo's residual says it all, and nothing is counted twice.
    worker.resume();
    await worker.runUntilIdle();
    await worker.stop();
    expect(odoo.control.invoice(INV1.id)).toMatchObject({ amount_residual: 0 });
    await expect(pay(100, INV1)).rejects.toEqual(refused('Nothing is left to pay on INV/2026/00001.'));
  });

  it('happy path: a partial payment, delivered, leaves exactly the rest to pay', async () => {
    const { odoo } = await start();
    await pay(2000, INV1);
    await deliverAll();
    expect(odoo.control.invoice(INV1.id)).toMatchObject({ amount_residual: 100, payment_state: 'partial' });
    await expect(pay(10001, INV1)).rejects.toEqual(refused('Only $100.00 is still due on INV/2026/00001.'));
    expect(await pay(10000, INV1)).toMatchObject({ state: 'approved' });
  });

  it('a sale on the invoice whose outcome is not known yet is subtracted (the money may have moved)', async () => {
    const { h } = await start();
    h.sim.control.script(SERIAL, { kind: 'hold' });
    const held = startTerminalSale(h.till, { amount: 10000, funding: 'debit', target: INV1 });
    await until(() => h.sim.control.device(SERIAL).operation !== undefined);

    await expect(pay(3000, INV1, SERIAL_2)).rejects.toEqual(
      refused('Only $20.00 is still due on INV/2026/00001 ($120.00 in Odoo, $100.00 in sales at this till whose outcome is not known yet).'),
    );
    expect(await pay(2000, INV1, SERIAL_2)).toMatchObject({ state: 'approved' });

    h.sim.control.act(SERIAL, { kind: 'approve' });
    expect(await held).toMatchObject({ state: 'approved' });
    await expect(pay(100, INV1, SERIAL_2)).rejects.toEqual(refused('Nothing is left to pay on INV/2026/00001 ($120.00 in Odoo, $120.00 taken at this till and not yet in Odoo).'));
  });

  it('Enterprise: a delivered payment waiting for the bank match is subtracted, and only until the match', async () => {
    const { odoo } = await start({ edition: 'enterprise' });
    const first = await pay(5000, INV1);
    await deliverAll();
    // Delivered, yet Odoo's residual has not moved (odoo-erp.md §12a).
    const [payment] = odoo.control.paymentsByKey(`CLV:${first.cloverPaymentId}`);
    expect(payment).toMatchObject({ state: 'in_process', move_id: false, is_reconciled: false });
    expect(odoo.control.invoice(INV1.id)).toMatchObject({ amount_residual: 120, payment_state: 'in_payment', matched_payment_ids: [payment!.id] });

    await expect(pay(12000, INV1)).rejects.toEqual(refused('Only $70.00 is still due on INV/2026/00001 ($120.00 in Odoo, $50.00 already paid in Odoo and waiting for the bank match).'));

    // The bank statement is matched: the residual drops and the payment is not subtracted again.
    odoo.control.matchWithBank(payment!.id);
    expect(odoo.control.invoice(INV1.id)).toMatchObject({ amount_residual: 70, payment_state: 'partial' });
    await expect(pay(7001, INV1)).rejects.toEqual(refused('Only $70.00 is still due on INV/2026/00001.'));
    expect(await pay(7000, INV1)).toMatchObject({ state: 'approved' });
    expect(charges()).toHaveLength(2);
  });
});

describe('what the counter may pay', () => {
  it('refuses a vendor bill, a credit note, a draft invoice and a quotation, saying what each is', async () => {
    const { h, odoo } = await start();
    const bill = odoo.control.addInvoice({ name: 'BILL/2026/00007', partnerId: SEED.bayId, total: 40, moveType: 'in_invoice' });
    const creditNote = odoo.control.addInvoice({ name: 'RINV/2026/00002', partnerId: SEED.acmeId, total: 15, moveType: 'out_refund' });
    const draft = odoo.control.addInvoice({ name: 'INV/2026/00099', partnerId: SEED.acmeId, total: 25, state: 'draft' });

    await expect(pay(1000, { kind: 'invoice', id: bill })).rejects.toEqual(refused('Invoice BILL/2026/00007 is a vendor bill: only customer invoices can be paid at the counter.'));
    await expect(pay(1000, { kind: 'invoice', id: creditNote })).rejects.toEqual(refused('Invoice RINV/2026/00002 is a credit note: only customer invoices can be paid at the counter.'));
    await expect(pay(1000, { kind: 'invoice', id: draft })).rejects.toEqual(refused('Invoice INV/2026/00099 is still a draft in Odoo: only posted invoices can be paid at the counter.'));
    await expect(pay(1000, { kind: 'sale_order', id: 3 })).rejects.toEqual(refused('Sale order S00003 is a quotation: only confirmed sale orders can be paid at the counter.'));
    await expect(pay(1000, { kind: 'invoice', id: 999 })).rejects.toEqual(refused('Invoice #999 was not found in Odoo.'));

    expect(charges()).toHaveLength(0);
    expect(h.till.ledger.sales.unresolved()).toHaveLength(0);
    expect(h.till.ledger.outbox.list()).toHaveLength(0);
  });
});

describe('amount due on a sale order', () => {
  it('subtracts undelivered payments, then counts the delivered ones once', async () => {
    const { h } = await start();
    const order = { kind: 'sale_order', id: SEED.orders.acme300 } as const;
    const worker = testWorker(h.till.ledger, h.till.erp!);
    worker.pause('closing time');
    await pay(10000, order);
    await expect(pay(25000, order)).rejects.toEqual(refused('Only $200.00 is still due on S00001 ($300.00 in Odoo, $100.00 taken at this till and not yet in Odoo).'));

    worker.resume();
    await worker.runUntilIdle();
    await worker.stop();
    await expect(pay(25000, order)).rejects.toEqual(refused('Only $200.00 is still due on S00001.'));
    expect(await pay(20000, order)).toMatchObject({ state: 'approved' });
  });
});

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
