// What Odoo says is still due on a document, re-read right before the card is charged, and
// whether the counter may take a payment on it at all (a posted customer invoice or a
// confirmed sale order: never a vendor bill, a credit note or a draft).
import type { ErpTarget } from '../../shared/domain';
import { fromOdooAmount } from './amounts';
import type { OdooClient } from './client';
import { counterPaymentsFor, INVOICE_FIELDS, ORDER_FIELDS } from './lookups';
import { m2oName } from './setup';

export interface DueNow {
  target: ErpTarget;
  /** Payable now: no refusal and something left (`due` > 0). */
  open: boolean;
  /** Minor units: `odooDue` minus `awaitingBank`. */
  due: number;
  currency: string | null;
  paymentState: string | null;
  /** The document's number for the cashier (INV/2026/00001, S00042); null if unknown. */
  name: string | null;
  /** Odoo's own figure: the invoice's residual, or what the order still lacks. */
  odooDue: number;
  /** Payments Odoo holds for it that its figure does not include yet (in_process, waiting for the bank match). */
  awaitingBank: number;
  /** Why the counter must not take a payment on it, in words; null when it may. */
  refusal: string | null;
}

type Row = Record<string, unknown>;

/**
 * Only customer invoices. `out_receipt` would work the same way, but no setting turns receipts
 * on for the till (findOpenInvoices never lists them), so they are refused like the rest.
 */
const PAYABLE_MOVE_TYPES = new Set(['out_invoice']);

const MOVE_TYPE_WORDS: Record<string, string> = {
  out_refund: 'a credit note',
  in_invoice: 'a vendor bill',
  in_refund: 'a vendor refund',
  out_receipt: 'a sales receipt',
  in_receipt: 'a purchase receipt',
  entry: 'a journal entry',
};

const ORDER_STATE_WORDS: Record<string, string> = {
  draft: 'a quotation',
  sent: 'a quotation',
  cancel: 'cancelled',
};

function label(r: Row | undefined, fallback: string): string {
  const name = typeof r?.name === 'string' ? r.name : '';
  return name && name !== '/' ? name : fallback;
}

function closed(target: ErpTarget, refusal: string, r?: Row, paymentState: string | null = null): DueNow {
  return { target, open: false, due: 0, currency: r ? m2oName(r.currency_id) : null, paymentState, name: r ? label(r, '') || null : null, odooDue: 0, awaitingBank: 0, refusal };
}

function invoiceRefusal(r: Row, name: string): string | null {
  const type = String(r.move_type);
  if (!PAYABLE_MOVE_TYPES.has(type)) return `Invoice ${name} is ${MOVE_TYPE_WORDS[type] ?? `of type ${type}`}: only customer invoices can be paid at the counter.`;
  if (r.state === 'draft') return `Invoice ${name} is still a draft in Odoo: only posted invoices can be paid at the counter.`;
  if (r.state !== 'posted') return `Invoice ${name} is cancelled in Odoo.`;
  if (r.payment_state === 'blocked') return `Payment of invoice ${name} is blocked in Odoo.`;
  if (r.payment_state === 'reversed') return `Invoice ${name} was reversed by a credit note in Odoo.`;
  return null;
}

/**
 * Inbound payments matched to the invoice that have not lowered its residual: with Enterprise
 * Accounting and no outstanding account on the journal a payment has no journal entry and stays
 * in_process until the bank statement is matched (odoo-erp.md §12a). A reconciled payment is
 * already in the residual and is not counted again.
 */
async function awaitingBankMatch(client: OdooClient, paymentIds: number[]): Promise<number> {
  if (paymentIds.length === 0) return 0;
  const rows = await client.call<Row[]>('account.payment', 'read', { ids: paymentIds, fields: ['amount', 'payment_type', 'state', 'is_reconciled'] });
  return rows.filter((p) => p.state === 'in_process' && p.payment_type === 'inbound' && p.is_reconciled !== true).reduce((sum, p) => sum + fromOdooAmount(p.amount), 0);
}

async function invoiceDue(client: OdooClient, target: Extract<ErpTarget, { kind: 'invoice' }>): Promise<DueNow> {
  const [r] = await client.call<Row[]>('account.move', 'read', { ids: [target.id], fields: [...INVOICE_FIELDS, 'move_type', 'matched_payment_ids'] });
  if (!r) return closed(target, `Invoice #${target.id} was not found in Odoo.`);
  const name = label(r, target.ref ?? `#${target.id}`);
  const paymentState = typeof r.payment_state === 'string' ? r.payment_state : null;
  const refusal = invoiceRefusal(r, name);
  if (refusal) return closed(target, refusal, r, paymentState);
  const odooDue = Math.max(0, fromOdooAmount(r.amount_residual));
  const matched = Array.isArray(r.matched_payment_ids) ? (r.matched_payment_ids as number[]) : [];
  const awaitingBank = odooDue > 0 ? await awaitingBankMatch(client, matched) : 0;
  const due = Math.max(0, odooDue - awaitingBank);
  return { target, open: due > 0, due, currency: m2oName(r.currency_id), paymentState, name, odooDue, awaitingBank, refusal: null };
}

async function orderDue(client: OdooClient, target: Extract<ErpTarget, { kind: 'sale_order' }>): Promise<DueNow> {
  const [r] = await client.call<Row[]>('sale.order', 'read', { ids: [target.id], fields: ORDER_FIELDS });
  if (!r) return closed(target, `Sale order #${target.id} was not found in Odoo.`);
  const name = label(r, target.ref ?? `#${target.id}`);
  if (r.state !== 'sale') {
    const what = ORDER_STATE_WORDS[String(r.state)] ?? `in state ${String(r.state)}`;
    return closed(target, `Sale order ${name} is ${what}: only confirmed sale orders can be paid at the counter.`, r);
  }
  // amount_paid counts online transactions only; the counter's own payments carry [SO:name].
  const counterPaid = (await counterPaymentsFor(client, [String(r.name)])).get(String(r.name)) ?? 0;
  const odooPaid = typeof r.amount_paid === 'number' ? fromOdooAmount(r.amount_paid) : 0;
  const odooDue = Math.max(0, fromOdooAmount(r.amount_total) - odooPaid - counterPaid);
  return { target, open: odooDue > 0, due: odooDue, currency: m2oName(r.currency_id), paymentState: null, name, odooDue, awaitingBank: 0, refusal: null };
}

/** Re-reads what is still due, right before the card is charged (someone may have paid meanwhile). */
export async function checkDue(client: OdooClient, target: ErpTarget): Promise<DueNow> {
  if (target.kind === 'walk_in') {
    return { target, open: true, due: Number.POSITIVE_INFINITY, currency: null, paymentState: null, name: null, odooDue: Number.POSITIVE_INFINITY, awaitingBank: 0, refusal: null };
  }
  return target.kind === 'invoice' ? invoiceDue(client, target) : orderDue(client, target);
}
