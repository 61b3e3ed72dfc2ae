// Non-referenced credits: money paid out to a card with no original payment. A manager's
// approval and a reason are required (field-lessons §6).
import type { Credit, MoneyOrigin } from '../../shared/domain';
import { LedgerRuleError } from '../errors';
import { enqueue } from '../outbox/store';
import { type LedgerContext, refusePan, requireCurrency, requireMinor, requireText } from './context';
import { fieldsWithPan } from '../pan-guard';
import { creditDocKey, creditErpKey, newId } from './keys';
import { flagProblem, NO_LEASE } from './lease';
import { checkAttribution, type DeclinedOutcome, forceOperation, type ForceOperationInput, insertJournaled, lateProblem, liveOperationMethods, type OperationAttribution, operationSpec, recordNegative, settleKnownApproval } from './operations';
import { type CreditRow, originColumns, toCredit } from './rows';
import { transition } from './transition';

export interface JournalCreditInput extends OperationAttribution {
  amount: number;
  currency: string;
  reason: string;
  approvedBy: string;
  /** Odoo partner to credit; omitted = the configured walk-in partner. */
  partnerId?: number;
  /** The Clover environment and merchant the money goes out on. */
  origin?: MoneyOrigin;
}

/** creditedAmount: what Clover says it credited (the request when omitted). */
export type CreditOutcome = { result: 'approved'; cloverCreditId: string; creditedAmount?: number; cardBrand?: string; last4?: string } | DeclinedOutcome;

const SPEC = operationSpec('credits', 'credit');

export function createCreditsRepo(ctx: LedgerContext) {
  const { db } = ctx;

  function get(id: number): Credit | undefined {
    const row = db.get<CreditRow>('SELECT * FROM credits WHERE id = ?', [id]);
    return row && toCredit(row);
  }
  function mustGet(id: number): Credit {
    const c = get(id);
    if (!c) throw new LedgerRuleError('not_found', `credit ${id} does not exist`);
    return c;
  }
  function queue(c: Credit): void {
    if (!c.training) enqueue(ctx, { kind: 'credit', entityId: c.id, docKey: creditDocKey(c.id), erpKey: creditErpKey(c.cloverCreditId, c.opId) });
  }

  return {
    get,

    /** Credits made in [from, to) of one mode (end of day): one query, not a walk from id 1. */
    madeBetween(from: number, to: number, training: boolean): Credit[] {
      return db.all<CreditRow>('SELECT * FROM credits WHERE created_at >= ? AND created_at < ? AND training = ? ORDER BY id', [from, to, training ? 1 : 0]).map(toCredit);
    },

    /** Operations whose outcome is not settled yet (a person or the resolver must act). */
    unresolved(): Credit[] {
      return db.all<CreditRow>(`SELECT * FROM credits WHERE state IN ('journaled', 'sent', 'unknown', 'resolving') ORDER BY id`).map(toCredit);
    },

    journal(input: JournalCreditInput): Credit {
      checkAttribution(input);
      const amount = requireMinor(input.amount, 'amount', 1);
      const currency = requireCurrency(input.currency);
      const reason = requireText(input.reason, 'reason', 200);
      const approvedBy = requireText(input.approvedBy, 'approvedBy');
      if (input.partnerId !== undefined) requireMinor(input.partnerId, 'partnerId', 1);
      refusePan({ reason, approvedBy });
      const opId = input.opId ?? newId();
      return db.transaction(() => {
        const id = insertJournaled(ctx, 'credits', opId, input, !!input.training, {
          amount,
          currency,
          reason,
          approved_by: approvedBy,
          partner_id: input.partnerId ?? null,
          ...originColumns(input.origin),
        });
        ctx.audit({ actor: input.cashier, entity: 'credit', entityId: id, action: 'journal', to: 'journaled', detail: { amount, currency, approvedBy, reason } });
        return mustGet(id);
      });
    },

    ...liveOperationMethods(ctx, SPEC, mustGet, toCredit),

    startResolving(id: number, actor = 'resolver'): Credit {
      return db.transaction(() => {
        const c = mustGet(id);
        if (c.state === 'sent') transition(ctx, SPEC, id, 'unknown', actor, { note: 'app restarted while waiting' });
        if (c.state !== 'resolving') transition(ctx, SPEC, id, 'resolving', actor);
        return mustGet(id);
      });
    },

    recordOutcome(id: number, outcome: CreditOutcome, actor = 'till'): Credit {
      return db.transaction(() => {
        const c = mustGet(id);
        if (outcome.result !== 'approved') {
          recordNegative(ctx, SPEC, id, c.state, outcome, actor);
          return mustGet(id);
        }
        requireText(outcome.cloverCreditId, 'cloverCreditId');
        refusePan({ cloverCreditId: outcome.cloverCreditId });
        const plan = settleKnownApproval(ctx, SPEC, c, 'clover_credit_id', c.cloverCreditId, outcome.cloverCreditId, actor);
        if (!plan) return mustGet(id);
        const problems: string[] = plan === 'late' ? [lateProblem('credit', c.state)] : [];
        const brand = typeof outcome.cardBrand === 'string' && outcome.cardBrand.trim() && fieldsWithPan({ b: outcome.cardBrand }).length === 0 ? outcome.cardBrand.trim().slice(0, 32) : null;
        const last4 = typeof outcome.last4 === 'string' && /^\d{4}$/.test(outcome.last4) ? outcome.last4 : null;
        const given = outcome.creditedAmount;
        // Money moved either way: Clover's amount is what the ledger and Odoo must say.
        const credited = given !== undefined && Number.isSafeInteger(given) && given > 0 ? given : c.amount;
        if (credited !== c.amount) problems.push(`Clover credited ${credited}, ${c.amount} was asked: check the Clover dashboard`);
        const detail = { cloverCreditId: outcome.cloverCreditId, amount: credited };
        transition(ctx, SPEC, id, 'approved', actor, { clover_credit_id: outcome.cloverCreditId, card_brand: brand, card_last4: last4, amount: credited, ...NO_LEASE }, detail, plan === 'late' ? 'late_approval' : 'state', c.state);
        if (problems.length) flagProblem(ctx, 'credits', 'credit', id, problems.join('; '), actor);
        const done = mustGet(id);
        queue(done);
        return done;
      });
    },

    forceResolve(id: number, input: ForceOperationInput & { cloverCreditId?: string }): Credit {
      refusePan({ cloverCreditId: input.cloverCreditId });
      return db.transaction(() => {
        forceOperation(ctx, SPEC, id, input, input.cloverCreditId ? { clover_credit_id: input.cloverCreditId } : {});
        const done = mustGet(id);
        if (input.outcome === 'approved') queue(done);
        return done;
      });
    },
  };
}

export type CreditsRepo = ReturnType<typeof createCreditsRepo>;
