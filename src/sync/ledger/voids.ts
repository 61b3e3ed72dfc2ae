// Voids of a recorded payment. If the payment's outbox item was never sent, both settle
// locally and nothing goes to Odoo; otherwise a void item follows the payment and cancels it.
import type { Payment, Void } from '../../shared/domain';
import { LedgerRuleError } from '../errors';
import { cancelUnsentPayment, enqueue } from '../outbox/store';
import { type LedgerContext, optionalText, refusePan } from './context';
import { newId, paymentDocKey, voidErpKey } from './keys';
import { flagProblem, NO_LEASE } from './lease';
import { approvalPlan, checkAttribution, type DeclinedOutcome, forceOperation, type ForceOperationInput, insertJournaled, lateProblem, liveOperationMethods, NOT_FAILED, type OperationAttribution, operationSpec, recordNegative } from './operations';
import { type PaymentRow, toPayment, toVoid, type VoidRow } from './rows';
import { transition } from './transition';

export interface JournalVoidInput extends OperationAttribution {
  paymentId: number;
  reason?: string;
}

export type VoidOutcome = { result: 'approved' } | DeclinedOutcome;

const SPEC = operationSpec('voids', 'void');

export function createVoidsRepo(ctx: LedgerContext) {
  const { db } = ctx;

  function get(id: number): Void | undefined {
    const row = db.get<VoidRow>('SELECT * FROM voids WHERE id = ?', [id]);
    return row && toVoid(row);
  }
  function mustGet(id: number): Void {
    const v = get(id);
    if (!v) throw new LedgerRuleError('not_found', `void ${id} does not exist`);
    return v;
  }
  function payment(id: number): Payment {
    const row = db.get<PaymentRow>('SELECT * FROM payments WHERE id = ?', [id]);
    if (!row) throw new LedgerRuleError('not_found', `payment ${id} does not exist`);
    return toPayment(row);
  }

  /** The money came back: mark the payment voided and settle the outbox side. */
  function applyVoid(v: Void): void {
    const now = ctx.clock.now();
    const p = payment(v.paymentId);
    db.run('UPDATE payments SET voided_at = ? WHERE id = ?', [now, p.id]);
    if (p.training) return;
    const docKey = paymentDocKey(p.target, p.id);
    const unsent = cancelUnsentPayment(ctx, p.id, docKey);
    enqueue(ctx, {
      kind: 'void',
      entityId: v.id,
      docKey,
      erpKey: voidErpKey(p.erpKey),
      state: unsent ? 'cancelled_locally' : 'pending',
    });
  }

  return {
    get,

    /** Operations whose outcome is not settled yet (a person or the resolver must act). */
    unresolved(): Void[] {
      return db.all<VoidRow>(`SELECT * FROM voids WHERE state IN ('journaled', 'sent', 'unknown', 'resolving') ORDER BY id`).map(toVoid);
    },

    journal(input: JournalVoidInput): Void {
      checkAttribution(input);
      const reason = optionalText(input.reason, 'reason');
      refusePan({ reason });
      const opId = input.opId ?? newId();
      return db.transaction(() => {
        const p = payment(input.paymentId);
        if (p.voidedAt !== null) throw new LedgerRuleError('invalid_input', 'this payment is already voided');
        const busy = db.get<{ n: number }>(
          `SELECT (SELECT count(*) FROM voids WHERE payment_id = @p AND ${NOT_FAILED}) + (SELECT count(*) FROM refunds WHERE payment_id = @p AND ${NOT_FAILED}) AS n`,
          { p: p.id },
        );
        if (busy && busy.n > 0) throw new LedgerRuleError('invalid_input', 'this payment already has a void or refund; refund the rest instead');
        if (input.training !== undefined && input.training !== p.training) throw new LedgerRuleError('invalid_input', 'training and real records cannot be mixed');
        const id = insertJournaled(ctx, 'voids', opId, input, p.training, { payment_id: p.id, reason });
        ctx.audit({ actor: input.cashier, entity: 'void', entityId: id, action: 'journal', to: 'journaled', detail: { paymentId: p.id } });
        return mustGet(id);
      });
    },

    ...liveOperationMethods(ctx, SPEC, mustGet, toVoid),

    startResolving(id: number, actor = 'resolver'): Void {
      return db.transaction(() => {
        const v = mustGet(id);
        if (v.state === 'sent') transition(ctx, SPEC, id, 'unknown', actor, { note: 'app restarted while waiting' });
        if (v.state !== 'resolving') transition(ctx, SPEC, id, 'resolving', actor);
        return mustGet(id);
      });
    },

    recordOutcome(id: number, outcome: VoidOutcome, actor = 'till'): Void {
      return db.transaction(() => {
        const v = mustGet(id);
        if (outcome.result !== 'approved') {
          recordNegative(ctx, SPEC, id, v.state, outcome, actor);
          return mustGet(id);
        }
        // A void has no id of its own at Clover: the voided payment is the one it names.
        const plan = approvalPlan(v, 'void', 'void');
        if (plan === 'same' || plan === 'conflict' || plan === 'attach') return v;
        transition(ctx, SPEC, id, 'approved', actor, { ...NO_LEASE }, undefined, plan === 'late' ? 'late_approval' : 'state', v.state);
        if (plan === 'late') flagProblem(ctx, 'voids', 'void', id, lateProblem('void', v.state), actor);
        const done = mustGet(id);
        applyVoid(done);
        return done;
      });
    },

    forceResolve(id: number, input: ForceOperationInput): Void {
      return db.transaction(() => {
        forceOperation(ctx, SPEC, id, input);
        const done = mustGet(id);
        if (input.outcome === 'approved') applyVoid(done);
        return done;
      });
    },
  };
}

export type VoidsRepo = ReturnType<typeof createVoidsRepo>;
