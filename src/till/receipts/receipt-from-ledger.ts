// Builds the receipt of a committed sale from the ledger (never from an in-flight answer).
import { CounterError } from '../../shared/contract/result';
import type { Till } from '../create-till';
import { KEYED_TERMINAL } from '../sales/sale-view';
import type { Receipt } from './receipt-model';

export function saleReceipt(till: Till, saleId: number, copy: boolean): Receipt {
  const sale = till.ledger.sales.get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
  const payment = till.ledger.payments.bySale(sale.id);
  if (!payment) throw new CounterError('REFUSED', `Sale #${sale.id} took no money (${sale.state}): there is no receipt to print.`);
  const settings = till.settings();
  const terminal = settings.terminals.find((t) => t.serial === sale.terminalSerial);
  const base = payment.amount;
  const doc = sale.target.kind === 'walk_in' ? undefined : { type: sale.target.kind, number: sale.target.ref ?? `#${sale.target.id}` };
  return {
    kind: 'sale',
    copy,
    training: sale.training,
    merchant: { name: settings.store.name ?? settings.clover.merchantName ?? 'Fusion Clover Counter', address: settings.store.address, ...(settings.store.phone ? { phone: settings.store.phone } : {}) },
    ...(doc ? { document: doc } : {}),
    lines: [{ description: doc ? `${doc.type === 'invoice' ? 'Invoice' : 'Order'} ${doc.number}` : 'Walk-in sale', amount: base }],
    amount: base,
    surcharge: payment.surcharge,
    total: payment.amount + payment.surcharge,
    currency: payment.currency,
    ...(sale.cardLast4 ? { card: { brand: sale.cardBrand ?? 'CARD', last4: sale.cardLast4, entryMode: sale.terminalSerial === KEYED_TERMINAL ? 'KEYED' : 'CARD PRESENT', ...(sale.authCode ? { authCode: sale.authCode } : {}) } } : {}),
    clover: { ...(sale.cloverPaymentId ? { paymentId: sale.cloverPaymentId } : {}), externalPaymentId: sale.externalPaymentId },
    terminal: sale.terminalSerial === KEYED_TERMINAL ? 'Keyed' : (terminal?.name ?? sale.terminalSerial),
    cashier: sale.cashier,
    saleId: `S-${String(sale.id).padStart(6, '0')}`,
    at: new Date(payment.createdAt),
    locale: settings.language === 'fr-CA' ? 'fr-CA' : 'en-US',
  };
}
