// Refunds, voids and credits as the cashier sees them (OperationView), plus the small rules they
// share: which Clover text may be stored, and the error an unknown outcome becomes.
import { CounterError } from '../../shared/contract/result';
import type { OperationView } from '../../shared/contract/views';
import type { Credit, Refund, Void } from '../../shared/domain';
import { redact } from '../../shared/redact';
import { LedgerRuleError } from '../../sync';
import type { Till } from '../create-till';
import { inProgress } from '../process-lease';

const messageOf = (op: { note: string | null; forcedReason: string | null }) => op.forcedReason ?? op.note;

const live = (till: Till, kind: 'refund' | 'void' | 'credit', op: Refund | Void | Credit) => ({
  inProgress: inProgress(till, kind, op),
  problem: op.problemSeenAt === null ? op.problem : null,
});

export function refundView(till: Till, r: Refund): OperationView {
  const payment = till.ledger.payments.get(r.paymentId);
  return { id: r.id, kind: 'refund', state: r.state, saleId: payment?.saleId ?? null, amount: r.amount, currency: r.currency, cloverId: r.cloverRefundId, message: messageOf(r), ...live(till, 'refund', r), createdAt: r.createdAt };
}

/** A void gives back the whole payment; its Clover id is the voided payment's. */
export function voidView(till: Till, v: Void): OperationView {
  const payment = till.ledger.payments.get(v.paymentId);
  return {
    id: v.id,
    kind: 'void',
    state: v.state,
    saleId: payment?.saleId ?? null,
    amount: payment ? payment.amount + payment.surcharge : 0,
    currency: payment?.currency ?? 'USD',
    cloverId: payment?.cloverPaymentId ?? null,
    message: messageOf(v),
    ...live(till, 'void', v),
    createdAt: v.createdAt,
  };
}

export function creditView(till: Till, c: Credit): OperationView {
  return { id: c.id, kind: 'credit', state: c.state, saleId: null, amount: c.amount, currency: c.currency, cloverId: c.cloverCreditId, message: messageOf(c), ...live(till, 'credit', c), createdAt: c.createdAt };
}

/** Clover's text is stored and shown: card-like numbers masked, length bounded (ledger max 500). */
export function cloverText(text: string | undefined, fallback: string): string {
  return redact(text && text.trim() ? text : fallback).slice(0, 300);
}

/** The caller learns at once that money may have moved; the row waits in Needs attention. */
export function outcomeUnknown(view: OperationView): CounterError {
  return new CounterError(
    'OUTCOME_UNKNOWN',
    `The ${view.kind} #${view.id} was sent but Clover did not confirm it (${view.message ?? 'no answer'}). It may have gone through: ` +
      'do not repeat it. Check the Clover dashboard, then settle it in Needs attention.',
  );
}

/** A ledger rule that refused the journal (already refunded, in progress, ...) is a refusal. */
export function refusedByLedger(error: unknown): never {
  if (error instanceof LedgerRuleError && (error.code === 'invalid_input' || error.code === 'duplicate' || error.code === 'constraint')) {
    throw new CounterError('REFUSED', capitalise(error.message));
  }
  throw error;
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
