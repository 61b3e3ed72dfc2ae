// Asking Clover what became of one sale attempt, by the id the till gave it: terminal sales on
// the device (GET /v1/payments/external/{id}), then in Platform v3; keyed sales among the recent
// Ecommerce charges whose description carries the attempt id. Whatever comes back must carry
// this attempt's externalPaymentId (field-lessons §2: accept a result only for its attempt id).
import { interpretPayment, type CloverPayment, type FoundCharge, type LookupResult } from '../../clover';
import type { Sale } from '../../shared/domain';
import type { SaleOutcome } from '../../sync';
import type { Till } from '../create-till';
import { KEYED_TERMINAL } from './sale-view';

export type Found =
  | { kind: 'payment'; payment: CloverPayment }
  | { kind: 'charge'; charge: FoundCharge }
  | { kind: 'absent' }
  | { kind: 'unanswered'; why: string };

/** The description a keyed charge carries, so it can be found again after a lost answer. */
export const keyedChargeDescription = (externalPaymentId: string) => `Counter sale ${externalPaymentId}`;

export async function lookUpSale(till: Till, sale: Sale): Promise<Found> {
  return sale.terminalSerial === KEYED_TERMINAL ? lookUpKeyed(till, sale) : lookUpTerminal(till, sale);
}

async function lookUpKeyed(till: Till, sale: Sale): Promise<Found> {
  let charges: FoundCharge[];
  try {
    charges = await till.merchant().ecommerce.findCharges(keyedChargeDescription(sale.externalPaymentId));
  } catch (error) {
    return { kind: 'unanswered', why: `Clover could not be asked (${(error as Error).message})` };
  }
  const mine = charges.filter((c) => c.description === keyedChargeDescription(sale.externalPaymentId));
  const paid = mine.find((c) => c.paid);
  if (paid) return { kind: 'charge', charge: paid };
  if (mine[0]) return { kind: 'charge', charge: mine[0] };
  return { kind: 'absent' };
}

async function lookUpTerminal(till: Till, sale: Sale): Promise<Found> {
  const merchant = till.merchant();
  const ours = (p: CloverPayment) => p.externalPaymentId === sale.externalPaymentId;
  let device: LookupResult<CloverPayment>;
  try {
    device = await merchant.payDisplay(sale.terminalSerial).getPaymentByExternalId(sale.externalPaymentId);
  } catch (error) {
    device = { kind: 'unknown', cause: 'network', message: (error as Error).message } as LookupResult<CloverPayment>;
  }
  if (device.kind === 'found' && ours(device.value)) return { kind: 'payment', payment: device.value };
  // busy = the payment is still in flight on the device: nothing to decide yet.
  if (device.kind === 'busy') return { kind: 'unanswered', why: 'the payment is still in progress on the terminal' };
  const strange = device.kind === 'found' ? `the terminal answered with another payment (${device.value.id})` : null;
  try {
    const matches = (await merchant.platform.findPaymentsByExternalId(sale.externalPaymentId)).filter(ours);
    const success = matches.find((p) => interpretPayment(p, undefined).kind === 'approved');
    if (success) return { kind: 'payment', payment: success };
    if (matches[0]) return { kind: 'payment', payment: matches[0] };
    // Both the device and Clover's records say there is no such payment (yet).
    if (device.kind === 'not-found') return { kind: 'absent' };
    return { kind: 'unanswered', why: strange ?? `the terminal answered ${device.kind}` };
  } catch (error) {
    return { kind: 'unanswered', why: strange ?? `Clover could not be asked (${(error as Error).message})` };
  }
}

/**
 * What a lookup means for the ledger. `absent` is "no money moved" only once the customer can
 * no longer pay (`canStillPay` false): until then the sale stays open and is asked again.
 */
export function outcomeOfLookup(sale: Sale, found: Found, canStillPay: boolean, until: string): SaleOutcome {
  const requested = sale.amount + sale.surcharge;
  if (found.kind === 'absent') {
    return canStillPay
      ? { result: 'unknown', reason: `Clover has no payment for this attempt yet; the customer could still pay at the terminal until ${until}` }
      : { result: 'cancelled', reason: 'Clover has no payment for this attempt: no money moved' };
  }
  if (found.kind === 'unanswered') return { result: 'unknown', reason: found.why };
  if (found.kind === 'charge') {
    const c = found.charge;
    if (!c.paid) return { result: 'declined', reason: `Clover recorded the charge as ${c.status ?? 'not paid'}` };
    const card = { cardBrand: c.cardBrand ?? undefined, last4: c.last4 ?? undefined, authCode: c.authCode ?? undefined };
    return c.amount < requested ? { result: 'partial', cloverPaymentId: c.chargeId, approvedAmount: c.amount, ...card } : { result: 'approved', cloverPaymentId: c.chargeId, approvedAmount: c.amount, ...card };
  }
  const verdict = interpretPayment(found.payment, requested);
  if (verdict.kind === 'declined') return { result: 'declined', reason: `Clover recorded it as ${found.payment.result ?? 'not taken'}` };
  if (verdict.kind !== 'approved') return { result: 'unknown', reason: verdict.message ?? 'Clover has not finished this payment' };
  const { payment, approvedAmount, partial } = verdict.value;
  const card = { cardBrand: payment.cardTransaction?.cardType, last4: payment.cardTransaction?.last4, authCode: payment.cardTransaction?.authCode };
  return partial ? { result: 'partial', cloverPaymentId: payment.id, approvedAmount, ...card } : { result: 'approved', cloverPaymentId: payment.id, approvedAmount, ...card };
}
