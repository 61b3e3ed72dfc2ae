// A small store's books: the Clover journal with its method lines, a walk-in partner,
// customers with open invoices and confirmed sale orders, a surcharge income account.
import type { FakeOdooData } from './data';

export const SEED = {
  walkInPartnerId: 1,
  acmeId: 2,
  bayId: 3,
  surchargeAccountCode: '4950',
  journalName: 'Clover',
  invoices: { acme120: 1, bay75: 2, acmePartial: 3, draft: 4, paid: 5 },
  orders: { acme300: 1, bay80: 2 },
} as const;

export function seed(data: FakeOdooData, money: { currency: 'USD' | 'CAD'; journalCurrency?: 'USD' | 'CAD' } = { currency: 'USD' }): void {
  const usd = 1;
  const cad = 2;
  const currencyId = (code: 'USD' | 'CAD') => (code === 'USD' ? usd : cad);
  const docCurrency = currencyId(money.currency);
  data.insert('res.currency', { name: 'USD', decimal_places: 2, active: true });
  data.insert('res.currency', { name: 'CAD', decimal_places: 2, active: true });
  data.insert('res.company', { name: 'Fusion Supply', currency_id: docCurrency });

  data.insert('res.partner', { name: 'Walk-in Customer', ref: 'WALKIN', active: true });
  data.insert('res.partner', { name: 'Acme Clinic', ref: 'ACME', email: 'ap@acme.example', active: true });
  data.insert('res.partner', { name: 'Bay Health', ref: 'BAY', active: true });
  data.insert('res.partner', { name: 'Jo Smith', parent_id: 2, active: true });
  for (const p of data.all('res.partner')) data.update('res.partner', p.id, { commercial_partner_id: (p.parent_id as number | undefined) ?? p.id });

  data.insert('account.account', { code: '101402', name: 'Outstanding Receipts', account_type: 'asset_current' });
  data.insert('account.account', { code: '121000', name: 'Account Receivable', account_type: 'asset_receivable' });
  data.insert('account.account', { code: '4950', name: 'Card surcharge income', account_type: 'income_other' });

  data.insert('account.journal', {
    name: 'Clover', code: 'CLV', type: 'bank', company_id: 1, currency_id: money.journalCurrency ? currencyId(money.journalCurrency) : false,
    inbound_payment_method_line_ids: [1], outbound_payment_method_line_ids: [2],
  });
  data.insert('account.journal', { name: 'Bank', code: 'BNK1', type: 'bank', company_id: 1, inbound_payment_method_line_ids: [3], outbound_payment_method_line_ids: [4] });
  data.insert('account.payment.method.line', { name: 'Clover card', payment_type: 'inbound', journal_id: 1 });
  data.insert('account.payment.method.line', { name: 'Clover card', payment_type: 'outbound', journal_id: 1 });
  data.insert('account.payment.method.line', { name: 'Manual Payment', payment_type: 'inbound', journal_id: 2 });
  data.insert('account.payment.method.line', { name: 'Manual Payment', payment_type: 'outbound', journal_id: 2 });

  const invoice = (name: string, partner: number, total: number, residual: number, state = 'posted', due = '2026-06-01') =>
    data.insert('account.move', {
      name,
      move_type: 'out_invoice',
      state,
      partner_id: partner,
      commercial_partner_id: partner,
      invoice_date: '2026-05-01',
      invoice_date_due: due,
      amount_total: total,
      amount_residual: residual,
      amount_residual_signed: residual,
      currency_id: docCurrency,
      payment_state: residual === 0 ? 'paid' : residual < total ? 'partial' : 'not_paid',
      invoice_origin: false,
      ref: `PO-${name.slice(-3)}`,
      payment_reference: name,
      company_id: 1,
    });
  invoice('INV/2026/00001', 2, 120, 120);
  invoice('INV/2026/00002', 3, 75.5, 75.5, 'posted', '2026-05-20');
  invoice('INV/2026/00003', 2, 200, 50);
  invoice('INV/2026/00004', 3, 40, 40, 'draft');
  invoice('INV/2026/00005', 2, 10, 0);

  const order = (name: string, partner: number, total: number, state = 'sale') =>
    data.insert('sale.order', { name, partner_id: partner, state, date_order: '2026-05-02 10:00:00', amount_total: total, amount_paid: 0, currency_id: docCurrency, invoice_status: 'to invoice', invoice_ids: [], transaction_ids: [], client_order_ref: false });
  order('S00001', 2, 300);
  order('S00002', 3, 80);
  order('S00003', 3, 15, 'draft');
}
