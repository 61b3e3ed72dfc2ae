// The one path every card sale takes, terminal or keyed (architecture.md "a card sale, end to
// end"; field-lessons §3):
//   1. checks before anything is written: ledger writable, attempt not repeated, amount due;
//   2. the attempt is journaled (externalPaymentId + Idempotency-Key) BEFORE any network call;
//      the ledger itself refuses a second open sale on the terminal (or keyed, same amount);
//   3. `prepare` (keyed: tokenize) may fail: nothing was charged, the attempt is closed;
//   4. marked sent with this process's lease (in the journal's own commit when there is nothing
//      to prepare), then `send`, renewing the lease while it waits;
//   5. Clover's answer is committed (payment + outbox item together); an unknown one is looked up
//      at once and otherwise waits for the resolver.
import { CounterError } from '../../shared/contract/result';
import type { SaleView } from '../../shared/contract/views';
import type { ErpTarget, Sale } from '../../shared/domain';
import { LedgerRuleError, type SaleOutcome } from '../../sync';
import type { Till } from '../create-till';
import { holdingLease, sendLease, SELF } from '../process-lease';
import { moneyOrigin } from '../odoo-binding';
import { checkAmountDue, erpTarget } from './amount-due';
import { newExternalPaymentId, newIdempotencyKey, refuseRepeatedAttempt } from './attempt-ids';
import { emit, recordSaleOutcome } from './sale-outcome';
import { resolveSale } from './sale-recovery';
import { toSaleView } from './sale-view';

export interface JournaledSale<P> {
  kind: 'terminal' | 'keyed';
  /** The device serial, or KEYED_TERMINAL. */
  terminalSerial: string;
  amount: number;
  /** The surcharge for this amount (quoted once the card is known enough). */
  surcharge: number;
  target?: { kind: 'invoice' | 'sale_order'; id: number } | { kind: 'walk_in' };
  parentSaleId?: number;
  opId?: string;
  /**
   * After the journal, before anything is sent (keyed: tokenize); a throw closes the attempt as
   * not charged. Without one, the attempt is journaled already marked sent, in one commit.
   */
  prepare?: (sale: Sale) => Promise<P>;
  /** The one network call that may move money; a throw means Clover processed nothing. */
  send: (sale: Sale, prepared: P) => Promise<SaleOutcome>;
  /** Why a failed `prepare` charged nothing, for the ledger's note. */
  notCharged: (error: unknown) => string;
}

export async function runJournaledSale<P>(till: Till, spec: JournaledSale<P>): Promise<SaleView> {
  // No separate write probe: the journal is the first write, and a ledger that cannot take it
  // fails there (LEDGER_UNAVAILABLE) before anything is sent.
  refuseRepeatedAttempt(till, spec.opId);
  const document = await erpTarget(till, spec.target);
  const due = await checkAmountDue(till, document, spec.amount);
  // The document's number goes on the receipt and to Clover as the sale's reference.
  const target: ErpTarget = due && document.kind !== 'walk_in' ? { ...document, ref: due.name.slice(0, 64) } : document;
  const settings = till.settings();

  const lease = sendLease(till, till.config.timeoutSec);
  let sale: Sale;
  try {
    sale = till.ledger.sales.journal({
      externalPaymentId: newExternalPaymentId(spec.kind === 'keyed' ? 'K' : 'S'),
      idempotencyKey: newIdempotencyKey(),
      target,
      amount: spec.amount,
      surcharge: spec.surcharge,
      currency: settings.currency,
      cashier: till.config.cashier,
      terminalSerial: spec.terminalSerial,
      training: till.config.training,
      lease,
      ...(spec.prepare ? {} : { sentNow: sendLease(till, till.config.timeoutSec) }),
      ...moneyOrigin(till),
      ...(due ? { checkedAfterSale: due.lastSaleId } : {}),
      ...(spec.parentSaleId ? { parentSaleId: spec.parentSaleId } : {}),
      ...(spec.opId ? { opId: spec.opId } : {}),
    });
  } catch (error) {
    if (error instanceof LedgerRuleError && error.code === 'busy') throw new CounterError('REFUSED', capitalise(error.message) + '.');
    throw error;
  }
  emit(till, sale);

  return holdingLease(till, 'sale', sale.id, async () => {
    let prepared = undefined as P;
    if (spec.prepare) {
      try {
        prepared = await spec.prepare(sale);
      } catch (error) {
        recordSaleOutcome(till, sale.id, { result: 'cancelled', reason: `not charged: ${spec.notCharged(error)}` });
        throw error;
      }
      // Sent from here on: marked before the request leaves, so a crash after it is looked up.
      emit(till, till.ledger.sales.markSent(sale.id, sendLease(till, till.config.timeoutSec)));
    }
    let outcome: SaleOutcome;
    try {
      outcome = await spec.send(sale, prepared);
    } catch (error) {
      recordSaleOutcome(till, sale.id, { result: 'cancelled', reason: `not sent: ${spec.notCharged(error)}` });
      throw error;
    }
    const settled = recordSaleOutcome(till, sale.id, outcome);
    if (settled.state === 'unknown') {
      // One immediate lookup; if Clover still cannot say, the sale waits in Needs attention.
      await resolveSale(till, settled.id).catch((e) => till.logger.log('warn', 'immediate resolve failed', { saleId: settled.id, error: String(e), owner: SELF }));
    }
    return toSaleView(till, till.ledger.sales.get(sale.id)!);
  });
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
