// Resolving a sale whose outcome is unknown (field-lessons §3): look the payment up by its
// externalPaymentId on the device, then in Clover's Platform API; never charge again. What
// Clover still cannot answer stays unknown and waits for a person (force, with a reason).
import { interpretPayment, type CloverPayment, type LookupResult } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { SaleView } from '../../shared/contract/views';
import { UNRESOLVED_SALE_STATES, type Sale } from '../../shared/domain';
import type { SaleOutcome } from '../../sync';
import type { Till } from '../create-till';
import { emit } from './sale-outcome';
import { isInFlight } from './in-flight';
import { KEYED_TERMINAL, toSaleView } from './sale-view';

type Found = { kind: 'found'; payment: CloverPayment } | { kind: 'absent' } | { kind: 'unanswered'; why: string };

async function findPayment(till: Till, sale: Sale): Promise<Found> {
  const merchant = till.merchant();
  if (sale.terminalSerial === KEYED_TERMINAL) {
    // Ecommerce charges carry no externalPaymentId, so Clover cannot be searched for them.
    return { kind: 'unanswered', why: 'keyed charges cannot be looked up: check the Clover dashboard, then settle it by hand with a reason' };
  }
  const device: LookupResult<CloverPayment> = await merchant.payDisplay(sale.terminalSerial).getPaymentByExternalId(sale.externalPaymentId);
  if (device.kind === 'found') return { kind: 'found', payment: device.value };
  // busy = the payment is still in flight on the device: nothing to decide yet.
  if (device.kind === 'busy') return { kind: 'unanswered', why: 'the payment is still in progress on the terminal' };
  try {
    const matches = await merchant.platform.findPaymentsByExternalId(sale.externalPaymentId);
    const success = matches.find((p) => interpretPayment(p, undefined).kind === 'approved');
    if (success) return { kind: 'found', payment: success };
    if (matches[0]) return { kind: 'found', payment: matches[0] };
    // Both the device (when asked) and Clover's records say no such payment: no money moved.
    if (device.kind === 'not-found') return { kind: 'absent' };
    return { kind: 'unanswered', why: `the terminal answered ${device.kind}` };
  } catch (error) {
    if (device.kind === 'not-found') return { kind: 'unanswered', why: `Clover could not be asked (${(error as Error).message})` };
    return { kind: 'unanswered', why: (error as Error).message };
  }
}

function outcomeFrom(sale: Sale, found: Found): SaleOutcome {
  if (found.kind === 'absent') return { result: 'cancelled', reason: 'Clover has no payment for this attempt: no money moved' };
  if (found.kind === 'unanswered') return { result: 'unknown', reason: found.why };
  const verdict = interpretPayment(found.payment, sale.amount + sale.surcharge);
  if (verdict.kind === 'declined') return { result: 'declined', reason: `Clover recorded it as ${found.payment.result ?? 'not taken'}` };
  if (verdict.kind !== 'approved') return { result: 'unknown', reason: verdict.message ?? 'Clover has not finished this payment' };
  const { payment, approvedAmount, partial } = verdict.value;
  const card = { cardBrand: payment.cardTransaction?.cardType, last4: payment.cardTransaction?.last4, authCode: payment.cardTransaction?.authCode };
  return partial ? { result: 'partial', cloverPaymentId: payment.id, approvedAmount, ...card } : { result: 'approved', cloverPaymentId: payment.id, approvedAmount, ...card };
}

/** Looks one unresolved sale up and records what Clover says. */
export async function resolveSale(till: Till, saleId: number): Promise<SaleView> {
  const sale = till.ledger.sales.get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
  if (!UNRESOLVED_SALE_STATES.includes(sale.state)) return toSaleView(till.ledger, sale);
  if (isInFlight(till, sale.id)) throw new CounterError('REFUSED', `Sale #${sale.id} is still waiting for the terminal.`);
  const resolving = sale.state === 'resolving' ? sale : till.ledger.sales.startResolving(sale.id);
  emit(till, resolving);
  let outcome: SaleOutcome;
  try {
    outcome = outcomeFrom(sale, await findPayment(till, sale));
  } catch (error) {
    outcome = { result: 'unknown', reason: `lookup failed: ${(error as Error).message}` };
  }
  const { sale: after } = till.ledger.sales.recordOutcome(sale.id, outcome, 'resolver');
  emit(till, after);
  return toSaleView(till.ledger, after);
}

/** At start-up and on demand: every unresolved sale, oldest first. */
export async function resolveAll(till: Till): Promise<SaleView[]> {
  const results: SaleView[] = [];
  for (const sale of till.ledger.sales.unresolved()) results.push(await resolveSale(till, sale.id));
  return results;
}

export function forceResolve(till: Till, input: { saleId: number; outcome: 'approved' | 'declined'; reason: string; manager: string }): SaleView {
  const sale = till.ledger.sales.get(input.saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${input.saleId} does not exist.`);
  if (!UNRESOLVED_SALE_STATES.includes(sale.state)) throw new CounterError('REFUSED', `Sale #${sale.id} is already ${sale.state}.`);
  if (isInFlight(till, sale.id)) throw new CounterError('REFUSED', `Sale #${sale.id} is still waiting for the terminal.`);
  const { sale: after } = till.ledger.sales.forceResolve(sale.id, { outcome: input.outcome, reason: input.reason, manager: input.manager });
  emit(till, after);
  return toSaleView(till.ledger, after);
}
