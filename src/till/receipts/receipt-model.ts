// One receipt model, rendered three ways (HTML/PDF for 80 mm paper, ESC/POS for network
// thermal printers). Built only from a COMMITTED ledger record: printing never decides
// payment state, and a receipt is never printed for an outcome that is not yet known.
import { formatMoney } from '../../shared/money';

export type ReceiptKind = 'sale' | 'refund' | 'void' | 'credit';

export interface ReceiptLine {
  description: string;
  amount: number; // minor units
}

export interface Receipt {
  kind: ReceiptKind;
  copy: boolean; // reprints say COPY
  training: boolean; // training mode: watermarked, not a real transaction
  merchant: { name: string; address?: string[]; phone?: string };
  document?: { type: 'invoice' | 'sale_order' | 'walk_in'; number?: string };
  lines: ReceiptLine[];
  amount: number; // base, minor units
  surcharge: number;
  total: number;
  currency: string;
  card?: { brand: string; last4: string; entryMode?: string; authCode?: string };
  clover: { paymentId?: string; externalPaymentId: string; refundId?: string; creditId?: string };
  terminal?: string;
  cashier?: string;
  saleId: string;
  at: Date;
  locale?: string;
}

const TITLES: Record<ReceiptKind, string> = { sale: 'SALE', refund: 'REFUND', void: 'VOID', credit: 'CREDIT' };

export type ReceiptRow =
  | { type: 'center'; text: string; bold?: boolean; big?: boolean }
  | { type: 'pair'; left: string; right: string; bold?: boolean }
  | { type: 'text'; text: string }
  | { type: 'rule' };

/** The receipt as rows; every renderer lays these out, so all three say the same thing. */
export function receiptRows(r: Receipt): ReceiptRow[] {
  const money = (minor: number) => formatMoney({ amount: r.kind === 'sale' ? minor : -Math.abs(minor), currency: r.currency }, r.locale);
  const rows: ReceiptRow[] = [];
  if (r.training) rows.push({ type: 'center', text: '*** TRAINING - NOT A TRANSACTION ***', bold: true });
  if (r.copy) rows.push({ type: 'center', text: '*** COPY ***', bold: true });
  rows.push({ type: 'center', text: r.merchant.name, bold: true, big: true });
  for (const line of r.merchant.address ?? []) rows.push({ type: 'center', text: line });
  if (r.merchant.phone) rows.push({ type: 'center', text: r.merchant.phone });
  rows.push({ type: 'rule' });
  rows.push({ type: 'center', text: TITLES[r.kind], bold: true, big: true });
  rows.push({ type: 'pair', left: 'Date', right: r.at.toISOString().replace('T', ' ').slice(0, 19) + ' UTC' });
  rows.push({ type: 'pair', left: 'Sale', right: r.saleId });
  if (r.document?.number) rows.push({ type: 'pair', left: r.document.type === 'sale_order' ? 'Order' : 'Invoice', right: r.document.number });
  if (r.cashier) rows.push({ type: 'pair', left: 'Cashier', right: r.cashier });
  if (r.terminal) rows.push({ type: 'pair', left: 'Terminal', right: r.terminal });
  rows.push({ type: 'rule' });
  for (const line of r.lines) rows.push({ type: 'pair', left: line.description, right: money(line.amount) });
  if (r.surcharge > 0) {
    rows.push({ type: 'pair', left: 'Subtotal', right: money(r.amount) });
    rows.push({ type: 'pair', left: 'Card surcharge', right: money(r.surcharge) });
  }
  rows.push({ type: 'pair', left: 'TOTAL', right: money(r.total), bold: true });
  rows.push({ type: 'rule' });
  if (r.card) {
    rows.push({ type: 'pair', left: r.card.brand, right: `**** ${r.card.last4}` });
    if (r.card.entryMode) rows.push({ type: 'pair', left: 'Entry', right: r.card.entryMode });
    if (r.card.authCode) rows.push({ type: 'pair', left: 'Auth code', right: r.card.authCode });
  }
  if (r.clover.paymentId) rows.push({ type: 'pair', left: 'Payment', right: r.clover.paymentId });
  if (r.clover.refundId) rows.push({ type: 'pair', left: 'Refund', right: r.clover.refundId });
  if (r.clover.creditId) rows.push({ type: 'pair', left: 'Credit', right: r.clover.creditId });
  rows.push({ type: 'pair', left: 'Ref', right: r.clover.externalPaymentId });
  rows.push({ type: 'rule' });
  rows.push({ type: 'center', text: r.kind === 'sale' ? 'Thank you' : 'Keep this receipt' });
  if (r.training) rows.push({ type: 'center', text: '*** TRAINING ***', bold: true });
  return rows;
}
