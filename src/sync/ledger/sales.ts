// Card sale attempts (field-lessons §2/§3): journaled before Clover is called; the outcome,
// the payment it settled and its outbox item are committed together.
import { SALE_TRANSITIONS, UNRESOLVED_SALE_STATES, type ErpTarget, type ForcedOutcome, type Payment, type Sale, type SaleState } from '../../shared/domain';
import { LedgerRuleError } from '../errors';
import { enqueue } from '../outbox/store';
import { bool, type LedgerContext, optionalText, refusePan, requireCurrency, requireLast4, requireMinor, requireText } from './context';
import { newId, paymentDocKey, paymentErpKey } from './keys';
import { type PaymentRow, type SaleRow, targetColumns, toPayment, toSale } from './rows';
import { transition, type TransitionSpec } from './transition';

export interface JournalSaleInput {
  externalPaymentId: string;
  idempotencyKey: string;
  target: ErpTarget;
  /** Minor units that settle the ERP document. */
  amount: number;
  /** Minor units charged on top of `amount` (0 when none). */
  surcharge?: number;
  currency: string;
  cashier: string;
  terminalSerial: string;
  training?: boolean;
  /** The earlier partial sale this one collects the rest of. */
  parentSaleId?: number;
  /** Defaults to a fresh id. */
  opId?: string;
}

export interface CardDetails {
  cardBrand?: string;
  last4?: string;
  authCode?: string;
}

export type SaleOutcome =
  | ({ result: 'approved'; cloverPaymentId: string; approvedAmount?: number } & CardDetails)
  | ({ result: 'partial'; cloverPaymentId: string; approvedAmount: number; approvedSurcharge?: number } & CardDetails)
  | { result: 'declined' | 'cancelled' | 'unknown'; reason?: string };

export interface ForceResolveInput {
  outcome: ForcedOutcome;
  reason: string;
  manager: string;
  cloverPaymentId?: string;
  approvedAmount?: number;
}

const SPEC: TransitionSpec<SaleState> = { table: 'sales', entity: 'sale', machine: SALE_TRANSITIONS };
const UNRESOLVED_LIST = UNRESOLVED_SALE_STATES.map((s) => `'${s}'`).join(',');

export function createSalesRepo(ctx: LedgerContext) {
  const { db } = ctx;

  function get(id: number): Sale | undefined {
    const row = db.get<SaleRow>('SELECT * FROM sales WHERE id = ?', [id]);
    return row && toSale(row);
  }

  function mustGet(id: number): Sale {
    const sale = get(id);
    if (!sale) throw new LedgerRuleError('not_found', `sale ${id} does not exist`);
    return sale;
  }

  /** The payment row + (unless training) its outbox item, inside the caller's transaction. */
  function settle(sale: Sale, cloverPaymentId: string | null, total: number, surcharge: number, card: CardDetails): Payment {
    const row: PaymentRow = {
      id: sale.id,
      sale_id: sale.id,
      op_id: sale.opId,
      clover_payment_id: cloverPaymentId,
      erp_key: paymentErpKey(cloverPaymentId, sale.opId),
      amount: total - surcharge,
      surcharge,
      currency: sale.currency,
      ...targetColumns(sale.target),
      card_brand: card.cardBrand ?? null,
      card_last4: card.last4 ?? null,
      cashier: sale.cashier,
      terminal_serial: sale.terminalSerial,
      training: sale.training ? 1 : 0,
      voided_at: null,
      created_at: ctx.clock.now(),
    };
    const id = sale.id;
    // Positional parameters: this runs for every approved sale, and binding by name costs a
    // property lookup per column.
    db.run(
      `INSERT INTO payments (id, sale_id, op_id, clover_payment_id, erp_key, amount, surcharge, currency, target_kind, target_id, target_ref,
         partner_id, card_brand, card_last4, cashier, terminal_serial, training, voided_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id, row.sale_id, row.op_id, row.clover_payment_id, row.erp_key, row.amount, row.surcharge, row.currency, row.target_kind, row.target_id, row.target_ref,
        row.partner_id, row.card_brand, row.card_last4, row.cashier, row.terminal_serial, row.training, row.voided_at, row.created_at,
      ],
    );
    if (!sale.training) enqueue(ctx, { kind: 'payment', entityId: id, docKey: paymentDocKey(sale.target, id), erpKey: row.erp_key });
    return toPayment(row);
  }

  function approvedSplit(sale: Sale, outcome: Extract<SaleOutcome, { result: 'approved' | 'partial' }>): { total: number; surcharge: number } {
    const requested = sale.amount + sale.surcharge;
    if (outcome.result === 'approved') {
      const total = outcome.approvedAmount ?? requested;
      if (total !== requested) throw new LedgerRuleError('invalid_input', `approved ${total} differs from the requested ${requested}: record it as partial`);
      return { total, surcharge: sale.surcharge };
    }
    const total = requireMinor(outcome.approvedAmount, 'approvedAmount', 1);
    if (total >= requested) throw new LedgerRuleError('invalid_input', 'a partial approval must be below the requested amount');
    // The surcharge shrinks with the approval unless the till says otherwise.
    const surcharge = outcome.approvedSurcharge ?? Math.floor((sale.surcharge * total) / requested);
    requireMinor(surcharge, 'approvedSurcharge', 0);
    if (surcharge > total) throw new LedgerRuleError('invalid_input', 'approvedSurcharge exceeds the approved amount');
    return { total, surcharge };
  }

  return {
    get,

    byOpId(opId: string): Sale | undefined {
      const row = db.get<SaleRow>('SELECT * FROM sales WHERE op_id = ?', [opId]);
      return row && toSale(row);
    },

    byExternalPaymentId(externalPaymentId: string): Sale | undefined {
      const row = db.get<SaleRow>('SELECT * FROM sales WHERE external_payment_id = ?', [externalPaymentId]);
      return row && toSale(row);
    },

    /** Sales the startup resolver must settle before the device takes another payment. */
    unresolved(): Sale[] {
      // Literal states (not parameters) so SQLite can use the partial index sales_unresolved.
      return db.all<SaleRow>(`SELECT * FROM sales WHERE state IN (${UNRESOLVED_LIST}) ORDER BY id`).map(toSale);
    },

    list(options: { since?: number; limit?: number } = {}): Sale[] {
      return db
        .all<SaleRow>('SELECT * FROM sales WHERE created_at >= ? ORDER BY id DESC LIMIT ?', [options.since ?? 0, options.limit ?? 100])
        .map(toSale);
    },

    /** Step 1 of every card sale: commit the attempt before any network call. */
    journal(input: JournalSaleInput): Sale {
      const amount = requireMinor(input.amount, 'amount', 1);
      const surcharge = requireMinor(input.surcharge ?? 0, 'surcharge', 0);
      const currency = requireCurrency(input.currency);
      requireText(input.externalPaymentId, 'externalPaymentId', 32);
      requireText(input.idempotencyKey, 'idempotencyKey', 64);
      requireText(input.cashier, 'cashier');
      requireText(input.terminalSerial, 'terminalSerial');
      if (input.target.kind !== 'walk_in') requireMinor(input.target.id, 'target id', 1);
      const opId = input.opId ?? newId();
      const target = targetColumns(input.target);
      refusePan({ opId, externalPaymentId: input.externalPaymentId, idempotencyKey: input.idempotencyKey, cashier: input.cashier, terminalSerial: input.terminalSerial, targetRef: target.target_ref });
      return db.transaction(() => {
        const now = ctx.clock.now();
        const { lastInsertRowid: id } = db.run(
          `INSERT INTO sales (op_id, external_payment_id, idempotency_key, state, target_kind, target_id, target_ref, partner_id, amount, surcharge,
             currency, cashier, terminal_serial, training, parent_sale_id, created_at, updated_at)
           VALUES (@op_id, @external_payment_id, @idempotency_key, 'journaled', @target_kind, @target_id, @target_ref, @partner_id, @amount, @surcharge,
             @currency, @cashier, @terminal_serial, @training, @parent_sale_id, @now, @now)`,
          {
            op_id: opId,
            external_payment_id: input.externalPaymentId,
            idempotency_key: input.idempotencyKey,
            ...target,
            amount,
            surcharge,
            currency,
            cashier: input.cashier,
            terminal_serial: input.terminalSerial,
            training: bool(input.training),
            parent_sale_id: input.parentSaleId ?? null,
            now,
          },
        );
        ctx.audit({ actor: input.cashier, entity: 'sale', entityId: id, action: 'journal', to: 'journaled', detail: { amount, surcharge, currency, target: input.target.kind, training: !!input.training } });
        return mustGet(id);
      });
    },

    markSent(id: number, actor = 'till'): Sale {
      return db.transaction(() => {
        transition(ctx, SPEC, id, 'sent', actor);
        return mustGet(id);
      });
    },

    requestCancel(id: number, actor = 'till'): Sale {
      return db.transaction(() => {
        transition(ctx, SPEC, id, 'cancel_requested', actor);
        return mustGet(id);
      });
    },

    /** unknown (or a journaled/sent row found at startup) -> resolving. */
    startResolving(id: number, actor = 'resolver'): Sale {
      return db.transaction(() => {
        const sale = mustGet(id);
        if (sale.state === 'sent' || sale.state === 'cancel_requested') transition(ctx, SPEC, id, 'unknown', actor, { note: 'app restarted while waiting' });
        if (sale.state !== 'resolving') transition(ctx, SPEC, id, 'resolving', actor);
        return mustGet(id);
      });
    },

    /**
     * Commits what Clover answered. Approved/partial: the payment row and its outbox item in
     * the same transaction. Recording the same approval twice is a no-op (a retried call).
     */
    recordOutcome(id: number, outcome: SaleOutcome, actor = 'till'): { sale: Sale; payment: Payment | null } {
      return db.transaction(() => {
        const sale = mustGet(id);
        if (outcome.result === 'approved' || outcome.result === 'partial') {
          if (sale.state === outcome.result && sale.cloverPaymentId === outcome.cloverPaymentId) {
            return { sale, payment: toPayment(db.get<PaymentRow>('SELECT * FROM payments WHERE id = ?', [id])!) };
          }
          requireText(outcome.cloverPaymentId, 'cloverPaymentId');
          const last4 = requireLast4(outcome.last4);
          const card = { cardBrand: optionalText(outcome.cardBrand, 'cardBrand', 32), authCode: optionalText(outcome.authCode, 'authCode', 32) };
          refusePan({ cloverPaymentId: outcome.cloverPaymentId, ...card });
          const { total, surcharge } = approvedSplit(sale, outcome);
          const patch = {
            clover_payment_id: outcome.cloverPaymentId,
            approved_amount: total,
            card_brand: card.cardBrand,
            card_last4: last4,
            auth_code: card.authCode,
          };
          const at = transition(ctx, SPEC, id, outcome.result, actor, patch, { cloverPaymentId: outcome.cloverPaymentId, approved: total }, 'state', sale.state);
          const payment = settle(sale, outcome.cloverPaymentId, total, surcharge, { cardBrand: card.cardBrand ?? undefined, last4: last4 ?? undefined });
          // What the row now holds (built, not read back: this is the hot path of every sale).
          const after: Sale = {
            ...sale,
            state: outcome.result,
            cloverPaymentId: outcome.cloverPaymentId,
            approvedAmount: total,
            cardBrand: card.cardBrand,
            cardLast4: last4,
            authCode: card.authCode,
            updatedAt: at,
          };
          return { sale: after, payment };
        }
        const note = optionalText(outcome.reason, 'reason', 500);
        refusePan({ note });
        if (sale.state === outcome.result) return { sale, payment: null }; // a repeated call
        transition(ctx, SPEC, id, outcome.result, actor, { note }, note ? { reason: note } : undefined);
        return { sale: mustGet(id), payment: null };
      });
    },

    /** A manager settles an unresolved sale by hand; reason and manager are required. */
    forceResolve(id: number, input: ForceResolveInput): { sale: Sale; payment: Payment | null } {
      const reason = requireText(input.reason, 'reason', 500);
      const manager = requireText(input.manager, 'manager');
      refusePan({ reason, manager, cloverPaymentId: input.cloverPaymentId });
      return db.transaction(() => {
        const sale = mustGet(id);
        const approved = input.outcome === 'approved' ? (input.approvedAmount ?? sale.amount + sale.surcharge) : null;
        transition(ctx, SPEC, id, 'forced', manager, {
          forced_outcome: input.outcome,
          forced_reason: reason,
          forced_by: manager,
          clover_payment_id: input.cloverPaymentId ?? sale.cloverPaymentId,
          approved_amount: approved,
        }, { outcome: input.outcome, reason, cloverPaymentId: input.cloverPaymentId ?? null, approved }, 'force_resolve');
        if (input.outcome === 'declined') return { sale: mustGet(id), payment: null };
        const total = input.approvedAmount ?? sale.amount + sale.surcharge;
        requireMinor(total, 'approvedAmount', 1);
        const surcharge = Math.min(sale.surcharge, total);
        const payment = settle(sale, input.cloverPaymentId ?? null, total, surcharge, {});
        return { sale: mustGet(id), payment };
      });
    },
  };
}

export type SalesRepo = ReturnType<typeof createSalesRepo>;
