// Reads for the till: open customer invoices and confirmed sale orders with what is still
// due (odoo-erp.md §6). The re-read right before a charge is check-due.ts.
import { fromOdooAmount } from './amounts';
import type { OdooClient } from './client';
import { m2oId, m2oName } from './setup';

export interface OpenInvoice {
  id: number;
  name: string;
  partnerId: number | null;
  partnerName: string | null;
  commercialPartnerId: number | null;
  invoiceDate: string | null;
  dueDate: string | null;
  /** Minor units, invoice currency. */
  total: number;
  residual: number;
  currency: string;
  paymentState: string;
  ref: string | null;
  paymentReference: string | null;
  origin: string | null;
}

export interface OpenSaleOrder {
  id: number;
  name: string;
  partnerId: number | null;
  partnerName: string | null;
  dateOrder: string | null;
  total: number;
  /** total - Odoo's amount_paid - payments the counter already recorded for it. */
  due: number;
  currency: string;
  invoiceStatus: string | null;
}

export type { DueNow } from './check-due';

export interface LookupQuery {
  /** Matches invoice number, partner, reference or payment reference (ilike). */
  query?: string;
  /** Restrict to one customer (commercial partner id). */
  partnerId?: number;
  limit?: number;
  /** Also list out_receipt moves. */
  includeReceipts?: boolean;
}

export const INVOICE_FIELDS = ['id', 'name', 'partner_id', 'commercial_partner_id', 'invoice_date', 'invoice_date_due', 'amount_total', 'amount_residual', 'amount_residual_signed', 'currency_id', 'payment_state', 'state', 'invoice_origin', 'ref', 'payment_reference', 'company_id'];
export const ORDER_FIELDS = ['id', 'name', 'partner_id', 'date_order', 'amount_total', 'currency_id', 'invoice_status', 'invoice_ids', 'amount_paid', 'state'];

/** Tag in a payment memo that ties a counter payment to a sale order: `[SO:S00042]`. */
export function saleOrderTag(name: string): string {
  return `[SO:${name}]`;
}

function openInvoiceDomain(q: LookupQuery): unknown[] {
  const domain: unknown[] = [
    ['move_type', 'in', q.includeReceipts ? ['out_invoice', 'out_receipt'] : ['out_invoice']],
    ['state', '=', 'posted'],
    ['amount_residual', '>', 0],
    ['payment_state', 'in', ['not_paid', 'partial']],
  ];
  if (q.partnerId) domain.push(['commercial_partner_id', '=', q.partnerId]);
  const text = q.query?.trim();
  if (text) domain.push('|', '|', '|', ['name', 'ilike', text], ['partner_id', 'ilike', text], ['ref', 'ilike', text], ['payment_reference', 'ilike', text]);
  return domain;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function toInvoice(r: Row): OpenInvoice {
  return {
    id: r.id as number,
    name: String(r.name),
    partnerId: m2oId(r.partner_id),
    partnerName: m2oName(r.partner_id),
    commercialPartnerId: m2oId(r.commercial_partner_id),
    invoiceDate: str(r.invoice_date),
    dueDate: str(r.invoice_date_due),
    total: fromOdooAmount(r.amount_total),
    residual: fromOdooAmount(r.amount_residual),
    currency: m2oName(r.currency_id) ?? '',
    paymentState: String(r.payment_state),
    ref: str(r.ref),
    paymentReference: str(r.payment_reference),
    origin: str(r.invoice_origin),
  };
}

export async function findOpenInvoices(client: OdooClient, q: LookupQuery = {}): Promise<OpenInvoice[]> {
  const rows = await client.call<Row[]>('account.move', 'search_read', {
    domain: openInvoiceDomain(q),
    fields: INVOICE_FIELDS,
    order: 'invoice_date_due asc, id asc',
    limit: q.limit ?? 50,
  });
  return rows.map(toInvoice);
}

/** Net amount of the counter's own (non-cancelled) payments tagged for each sale order. */
export async function counterPaymentsFor(client: OdooClient, names: string[]): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  if (names.length === 0) return sums;
  const domain: unknown[] = [['state', '!=', 'canceled']];
  for (let i = 1; i < names.length; i++) domain.push('|');
  for (const n of names) domain.push(['memo', 'ilike', saleOrderTag(n)]);
  const rows = await client.call<Row[]>('account.payment', 'search_read', { domain, fields: ['amount', 'payment_type', 'memo'] });
  for (const r of rows) {
    const memo = String(r.memo ?? '');
    const name = names.find((n) => memo.includes(saleOrderTag(n)));
    if (!name) continue;
    const signed = fromOdooAmount(r.amount) * (r.payment_type === 'outbound' ? -1 : 1);
    sums.set(name, (sums.get(name) ?? 0) + signed);
  }
  return sums;
}

export async function findSaleOrders(client: OdooClient, q: LookupQuery = {}): Promise<OpenSaleOrder[]> {
  const domain: unknown[] = [['state', '=', 'sale']];
  if (q.partnerId) domain.push(['partner_id', 'child_of', q.partnerId]);
  const text = q.query?.trim();
  if (text) domain.push('|', '|', ['name', 'ilike', text], ['partner_id', 'ilike', text], ['client_order_ref', 'ilike', text]);
  const rows = await client.call<Row[]>('sale.order', 'search_read', { domain, fields: ORDER_FIELDS, order: 'date_order desc, id desc', limit: q.limit ?? 50 });
  const paid = await counterPaymentsFor(client, rows.map((r) => String(r.name)));
  return rows
    .map((r) => {
      const total = fromOdooAmount(r.amount_total);
      const odooPaid = typeof r.amount_paid === 'number' ? fromOdooAmount(r.amount_paid) : 0;
      return {
        id: r.id as number,
        name: String(r.name),
        partnerId: m2oId(r.partner_id),
        partnerName: m2oName(r.partner_id),
        dateOrder: str(r.date_order),
        total,
        due: Math.max(0, total - odooPaid - (paid.get(String(r.name)) ?? 0)),
        currency: m2oName(r.currency_id) ?? '',
        invoiceStatus: str(r.invoice_status),
      };
    })
    .filter((o) => o.due > 0);
}
