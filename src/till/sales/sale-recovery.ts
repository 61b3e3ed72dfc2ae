// Resolving a sale whose outcome is not known (field-lessons §3): look the payment up by the
// attempt's own id, never charge again. Rules (issue 11):
// - a sale another process is still waiting on (a held lease) is left alone;
// - a sale journaled but never sent moved no money: it is closed as not sent;
// - "no payment at Clover" means no money moved only once the customer can no longer pay at the
//   terminal (its answer deadline passed, or the till cancelled it there and saw the device idle);
//   until then it stays open and is asked again later;
// - what Clover still cannot answer waits for a person (force, with a reason).
import { interpretPayment } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { SaleView } from '../../shared/contract/views';
import { UNRESOLVED_SALE_STATES, type Sale } from '../../shared/domain';
import type { SaleOutcome } from '../../sync';
import type { Till } from '../create-till';
import { ANSWER_MARGIN_MS, claimOrphan, holdingLease, leaseHeld } from '../process-lease';
import { lookUpSale, outcomeOfLookup } from './payment-lookup';
import { emit } from './sale-outcome';
import { KEYED_TERMINAL, toSaleView } from './sale-view';

/** The till's local time of day, for notes a cashier reads (the ledger keeps epoch ms). */
const formatTime = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

/** When the customer can no longer finish this attempt at the terminal (epoch ms). */
export function answerDeadline(till: Till, sale: Sale): number {
  return sale.answerBy ?? sale.updatedAt + till.config.timeoutSec * 1000 + ANSWER_MARGIN_MS;
}

/** Looks one unresolved sale up and records what Clover says. `idleSeen`: cancelled on the device and seen idle. */
export async function resolveSale(till: Till, saleId: number, options: { idleSeen?: boolean } = {}): Promise<SaleView> {
  const sale = till.ledger.sales.get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
  if (!UNRESOLVED_SALE_STATES.includes(sale.state) || !claimOrphan(till, 'sale', sale)) return toSaleView(till, till.ledger.sales.get(saleId)!);
  return holdingLease(till, 'sale', sale.id, async () => {
    if (sale.state === 'journaled') {
      // The request never left this till (a sale is marked sent before it is sent).
      return record(till, sale.id, { result: 'cancelled', reason: 'never sent to Clover: no money moved' });
    }
    emit(till, till.ledger.sales.startResolving(sale.id));
    const deadline = answerDeadline(till, sale);
    let outcome: SaleOutcome;
    try {
      outcome = outcomeOfLookup(sale, await lookUpSale(till, sale), !options.idleSeen && till.now() < deadline, formatTime(deadline));
    } catch (error) {
      outcome = { result: 'unknown', reason: `lookup failed: ${(error as Error).message}` };
    }
    return record(till, sale.id, outcome);
  });
}

function record(till: Till, saleId: number, outcome: SaleOutcome): SaleView {
  const { sale } = till.ledger.sales.recordOutcome(saleId, outcome, 'resolver');
  emit(till, sale);
  return toSaleView(till, sale);
}

/** At start-up and on demand: every unresolved sale, oldest first; one bad row never stops the rest. */
export async function resolveAll(till: Till): Promise<SaleView[]> {
  const results: SaleView[] = [];
  for (const sale of till.ledger.sales.unresolved()) {
    try {
      results.push(await resolveSale(till, sale.id));
    } catch (error) {
      till.logger.log('error', 'could not resolve a sale', { saleId: sale.id, error: String(error) });
      const now = till.ledger.sales.get(sale.id);
      if (now) results.push(toSaleView(till, now));
    }
  }
  return results;
}

export interface ForceSaleInput {
  saleId: number;
  outcome: 'approved' | 'declined';
  reason: string;
  manager: string;
  /** The payment found on the Clover dashboard: looked up and checked against this attempt. */
  cloverPaymentId?: string;
}

/** A manager settles an unresolved sale by hand. Never while the terminal may still answer. */
export async function forceResolve(till: Till, input: ForceSaleInput): Promise<SaleView> {
  const sale = till.ledger.sales.get(input.saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${input.saleId} does not exist.`);
  if (!UNRESOLVED_SALE_STATES.includes(sale.state)) throw new CounterError('REFUSED', `Sale #${sale.id} is already ${sale.state}.`);
  if (leaseHeld(till, 'sale', sale)) throw new CounterError('REFUSED', `Sale #${sale.id} is still in progress on ${sale.terminalSerial}: wait for it or cancel it first.`);
  if (input.cloverPaymentId && input.outcome !== 'approved') throw new CounterError('BAD_INPUT', 'A Clover payment id goes with "approved" only.');
  const found = input.cloverPaymentId ? await checkedPayment(till, sale, input.cloverPaymentId) : {};
  const { sale: after } = till.ledger.sales.forceResolve(sale.id, { outcome: input.outcome, reason: input.reason, manager: input.manager, ...found });
  emit(till, after);
  return toSaleView(till, after);
}

/** The named Clover payment, if it is an approved payment of this attempt; else a clear refusal. */
async function checkedPayment(till: Till, sale: Sale, id: string) {
  const known = till.ledger.payments.byCloverPaymentId(id);
  if (known) throw new CounterError('REFUSED', `Clover payment ${id} is already recorded for sale #${known.saleId}.`);
  const requested = sale.amount + sale.surcharge;
  const merchant = till.merchant();
  try {
    if (sale.terminalSerial === KEYED_TERMINAL) {
      const c = await merchant.ecommerce.getCharge(id);
      if (!c) throw new CounterError('REFUSED', `Clover has no charge ${id}.`);
      if (!c.paid) throw new CounterError('REFUSED', `Clover shows charge ${id} as ${c.status ?? 'not paid'}: no money moved on it.`);
      if (c.amount > requested) throw new CounterError('REFUSED', `Clover charge ${id} is for ${c.amount}, more than this sale's ${requested}: it is another payment.`);
      return { cloverPaymentId: id, approvedAmount: c.amount };
    }
    const p = await merchant.platform.getPayment(id);
    if (!p) throw new CounterError('REFUSED', `Clover has no payment ${id}.`);
    if (p.externalPaymentId && p.externalPaymentId !== sale.externalPaymentId) {
      throw new CounterError('REFUSED', `Clover payment ${id} belongs to another attempt (${p.externalPaymentId}), not sale #${sale.id} (${sale.externalPaymentId}).`);
    }
    if (interpretPayment(p, requested).kind !== 'approved') throw new CounterError('REFUSED', `Clover shows payment ${id} as ${p.result ?? 'unknown'}: no money moved on it.`);
    const total = p.amount + (p.tipAmount ?? 0);
    if (total > requested) throw new CounterError('REFUSED', `Clover payment ${id} is for ${total}, more than this sale's ${requested}: it is another payment.`);
    const card = p.cardTransaction ?? {};
    return { cloverPaymentId: id, approvedAmount: total, cardBrand: card.cardType, last4: card.last4, authCode: card.authCode };
  } catch (error) {
    if (error instanceof CounterError) throw error;
    throw new CounterError('CLOVER_UNAVAILABLE', `Clover could not confirm payment ${id} (${(error as Error).message}); nothing was changed.`);
  }
}
