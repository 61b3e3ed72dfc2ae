// Refunds of a recorded payment. The refundable balance counts refunds still in progress, so
// a double click or a second till cannot refund the same money twice (field-lessons §6).
import type { Payment, Refund } from '../../shared/domain';
import { LedgerRuleError } from '../errors';
import { enqueue } from '../outbox/store';
import { type LedgerContext, optionalText, refusePan, requireMinor, requireText } from './context';
import { newId, paymentDocKey, refundErpKey } from './keys';
import { flagProblem, NO_LEASE } from './lease';
import { checkAttribution, type DeclinedOutcome, forceOperation, type ForceOperationInput, insertJournaled, lateProblem, liveOperationMethods, NOT_FAILED, type OperationAttribution, operationSpec, recordNegative, settleKnownApproval } from './operations';
import { type PaymentRow, type RefundRow, toPayment, toRefund } from './rows';
import { transition } from './transition';

export interface JournalRefundInput extends OperationAttribution {
  paymentId: number;
  amount: number;
  reason?: string;
}

export type RefundOutcome = { result: 'approved'; cloverRefundId: string; refundedAmount?: number } | DeclinedOutcome;

const SPEC = operationSpec('refunds', 'refund');

export function createRefundsRepo(ctx: LedgerContext) {
  const { db } = ctx;

  function get(id: number): Refund | undefined {
    const row = db.get<RefundRow>('SELECT * FROM refunds WHERE id = ?', [id]);
    return row && toRefund(row);
  }
  function mustGet(id: number): Refund {
    const refund = get(id);
    if (!refund) throw new LedgerRuleError('not_found', `refund ${id} does not exist`);
    return refund;
  }
  function payment(id: number): Payment {
    const row = db.get<PaymentRow>('SELECT * FROM payments WHERE id = ?', [id]);
    if (!row) throw new LedgerRuleError('not_found', `payment ${id} does not exist`);
    return toPayment(row);
  }

  function refundable(paymentId: number): number {
    const p = payment(paymentId);
    if (p.voidedAt !== null) return 0;
    const used = db.get<{ total: number | null }>(`SELECT sum(amount) AS total FROM refunds WHERE payment_id = ? AND ${NOT_FAILED}`, [paymentId]);
    return p.amount + p.surcharge - (used?.total ?? 0);
  }

  /** The outbox item of a refund that moved money; it follows its payment (same doc key). */
  function queue(refund: Refund): void {
    const p = payment(refund.paymentId);
    if (refund.training) return;
    enqueue(ctx, { kind: 'refund', entityId: refund.id, docKey: paymentDocKey(p.target, p.id), erpKey: refundErpKey(refund.cloverRefundId, refund.opId) });
  }

  return {
    get,
    refundable,

    /** Operations whose outcome is not settled yet (a person or the resolver must act). */
    unresolved(): Refund[] {
      return db.all<RefundRow>(`SELECT * FROM refunds WHERE state IN ('journaled', 'sent', 'unknown', 'resolving') ORDER BY id`).map(toRefund);
    },

    forPayment(paymentId: number): Refund[] {
      return db.all<RefundRow>('SELECT * FROM refunds WHERE payment_id = ? ORDER BY id', [paymentId]).map(toRefund);
    },

    journal(input: JournalRefundInput): Refund {
      checkAttribution(input);
      const amount = requireMinor(input.amount, 'amount', 1);
      const reason = optionalText(input.reason, 'reason');
      refusePan({ reason });
      const opId = input.opId ?? newId();
      return db.transaction(() => {
        const p = payment(input.paymentId);
        if (p.voidedAt !== null) throw new LedgerRuleError('invalid_input', 'this payment was voided; there is nothing to refund');
        const open = db.get<{ n: number }>(`SELECT count(*) AS n FROM voids WHERE payment_id = ? AND ${NOT_FAILED}`, [p.id]);
        if (open && open.n > 0) throw new LedgerRuleError('invalid_input', 'a void of this payment is in progress');
        if (input.training !== undefined && input.training !== p.training) throw new LedgerRuleError('invalid_input', 'training and real records cannot be mixed');
        const left = refundable(p.id);
        if (amount > left) throw new LedgerRuleError('invalid_input', `at most ${left} can still be refunded on this payment`);
        const id = insertJournaled(ctx, 'refunds', opId, input, p.training, { payment_id: p.id, amount, currency: p.currency, reason });
        ctx.audit({ actor: input.cashier, entity: 'refund', entityId: id, action: 'journal', to: 'journaled', detail: { paymentId: p.id, amount } });
        return mustGet(id);
      });
    },

    ...liveOperationMethods(ctx, SPEC, mustGet, toRefund),

    startResolving(id: number, actor = 'resolver'): Refund {
      return db.transaction(() => {
        const r = mustGet(id);
        if (r.state === 'sent') transition(ctx, SPEC, id, 'unknown', actor, { note: 'app restarted while waiting' });
        if (r.state !== 'resolving') transition(ctx, SPEC, id, 'resolving', actor);
        return mustGet(id);
      });
    },

    /** Approved: the refund and its outbox item in one transaction. Clover's amount is what counts. */
    recordOutcome(id: number, outcome: RefundOutcome, actor = 'till'): Refund {
      return db.transaction(() => {
        const r = mustGet(id);
        if (outcome.result !== 'approved') {
          recordNegative(ctx, SPEC, id, r.state, outcome, actor);
          return mustGet(id);
        }
        requireText(outcome.cloverRefundId, 'cloverRefundId');
        refusePan({ cloverRefundId: outcome.cloverRefundId });
        const plan = settleKnownApproval(ctx, SPEC, r, 'clover_refund_id', r.cloverRefundId, outcome.cloverRefundId, actor);
        if (!plan) return mustGet(id);
        const given = outcome.refundedAmount;
        const refunded = given !== undefined && Number.isSafeInteger(given) && given > 0 ? given : r.amount;
        const note = refunded === r.amount ? null : `Clover refunded ${refunded}, ${r.amount} was asked`;
        const detail = { cloverRefundId: outcome.cloverRefundId, amount: refunded, ...(note ? { mismatch: note } : {}) };
        transition(ctx, SPEC, id, 'approved', actor, { clover_refund_id: outcome.cloverRefundId, amount: refunded, note, ...NO_LEASE }, detail, plan === 'late' ? 'late_approval' : 'state', r.state);
        if (plan === 'late') flagProblem(ctx, 'refunds', 'refund', id, lateProblem('refund', r.state), actor);
        const done = mustGet(id);
        queue(done);
        return done;
      });
    },

    forceResolve(id: number, input: ForceOperationInput & { cloverRefundId?: string }): Refund {
      refusePan({ cloverRefundId: input.cloverRefundId });
      return db.transaction(() => {
        forceOperation(ctx, SPEC, id, input, input.cloverRefundId ? { clover_refund_id: input.cloverRefundId } : {});
        const done = mustGet(id);
        if (input.outcome === 'approved') queue(done);
        return done;
      });
    },
  };
}

export type RefundsRepo = ReturnType<typeof createRefundsRepo>;
