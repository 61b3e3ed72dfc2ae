// "Email me the receipt": Clover sends it from the terminal that took the card (REST Pay
// Display `POST /v1/payments/{id}/receipt`, method EMAIL or SMS). The address or number goes
// to Clover in that one request and nowhere else: not the ledger, not the logs, not settings.
import type { ReceiptDelivery } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { cloverText } from '../refunds/operation-view';
import { KEYED_TERMINAL } from '../sales/sale-view';

export type ReceiptRecipient = { method: 'email'; email: string } | { method: 'sms'; phone: string };

export async function sendSaleReceipt(till: Till, saleId: number, to: ReceiptRecipient): Promise<{ sent: true; method: ReceiptRecipient['method'] }> {
  const sale = till.ledger.sales.get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
  const payment = till.ledger.payments.bySale(saleId);
  if (!payment?.cloverPaymentId) throw new CounterError('REFUSED', `Sale #${saleId} has no card payment at Clover to send a receipt for.`);
  if (sale.terminalSerial === KEYED_TERMINAL) {
    throw new CounterError('NOT_SUPPORTED', 'Clover sends receipts from a terminal; a keyed sale has none. Print it, or save it as a PDF.');
  }
  await requireCloverFeature(till, 'terminal');
  const delivery: ReceiptDelivery = to.method === 'email' ? { method: 'EMAIL', email: to.email.trim() } : { method: 'SMS', phone: to.phone.trim() };
  const result = await till.merchant().payDisplay(sale.terminalSerial).sendPaymentReceipt(payment.cloverPaymentId, delivery);
  switch (result.kind) {
    case 'ok':
      return { sent: true, method: to.method };
    case 'busy':
      throw new CounterError('TERMINAL_BUSY', 'The terminal is busy with another customer: send the receipt when it is free.');
    case 'unauthorized':
      throw new CounterError('NOT_CONNECTED', 'Clover asked for the till to be connected again before it sends receipts.');
    default:
      // Nothing moves money here: a receipt that may not have gone out can simply be sent again.
      throw new CounterError('CLOVER_UNAVAILABLE', cloverText(result.message, 'Clover did not send the receipt. Try again, or print it.'));
  }
}
