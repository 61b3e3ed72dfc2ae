// Card sale attempts (field-lessons §2/§3): journaled before Clover is called; the outcome,
// the payment it settled and its outbox item are committed together.
import { SALE_TRANSITIONS, UNRESOLVED_SALE_STATES, type ErpTarget, type ForcedOutcome, type MoneyOrigin, type Payment, type Sale, type SaleState } from '../../shared/domain';
import { LedgerRuleError } from '../errors';
import { containsPan } from '../pan-guard';
import { enqueue } from '../outbox/store';
import { cleanApproval, type CardDetails, type CleanApproval } from './approval-checks';
import { bool, type LedgerContext, optionalText, refusePan, requireCurrency, requireMinor, requireText } from './context';
import { newId, paymentDocKey, paymentErpKey } from './keys';
import { acknowledgeProblem, claimLease, flagProblem, leaseColumns, NO_LEASE, renewLease, type SendLease } from './lease';
import { originColumns, type PaymentRow, type SaleRow, targetColumns, toPayment, toSale } from './rows';
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
  /** The process about to send it: a journaled sale it is still preparing is not an orphan. */
  lease?: SendLease;
  /** The last sale id when the amount due was checked: a live sale on the document since refuses. */
  checkedAfterSale?: number;
  /**
   * Nothing to prepare before the request leaves (a terminal sale): the attempt is journaled and
   * marked sent under this lease in one commit, still before any network call.
   */
  sentNow?: SendLease;
  /** The Clover environment and merchant the money is taken on. */
  origin?: MoneyOrigin;
}

export type { CardDetails };

export type SaleOutcome =
  | ({ result: 'approved'; cloverPaymentId: string; approvedAmount?: number } & CardDetails)
  | ({ result: 'partial'; cloverPaymentId: string; approvedAmount: number; approvedSurcharge?: number } & CardDetails)
  | { result: 'declined' | 'cancelled' | 'unknown'; reason?: string };

export interface ForceResolveInput extends CardDetails {
  outcome: ForcedOutcome;
  reason: string;
  manager: string;
  /** The payment found at Clover (checked by the till against this attempt). */
  cloverPaymentId?: string;
  approvedAmount?: number;
}

/** States a late approval may still land in (the till had decided no money moved, or could not say). */
const LATE_FROM: readonly SaleState[] = ['cancelled', 'declined', 'unknown', 'forced'];

/** The columns an approval (by Clover, or forced by hand) sets on its sale; nobody waits any more. */
const approvalColumns = (cloverPaymentId: string | null, clean: CleanApproval) => ({
  clover_payment_id: cloverPaymentId,
  approved_amount: clean.total,
  card_brand: clean.cardBrand,
  card_last4: clean.last4,
  auth_code: clean.authCode,
  ...NO_LEASE,
});

const SPEC: TransitionSpec<SaleState> = { table: 'sales', entity: 'sale', machine: SALE_TRANSITIONS };
const KEYED = 'KEYED'; // keyed sales' terminal marker (src/till/sales/sale-view.ts)
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
      ...originColumns(sale.origin),
      voided_at: null,
      created_at: ctx.clock.now(),
    };
    const id = sale.id;
    // Positional parameters: this runs for every approved sale, and binding by name costs a
    // property lookup per column.
    db.run(
      `INSERT INTO payments (id, sale_id, op_id, clover_payment_id, erp_key, amount, surcharge, currency, target_kind, target_id, target_ref,
         partner_id, card_brand, card_last4, cashier, terminal_serial, training, clover_env, merchant_id, voided_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id, row.sale_id, row.op_id, row.clover_payment_id, row.erp_key, row.amount, row.surcharge, row.currency, row.target_kind, row.target_id, row.target_ref,
        row.partner_id, row.card_brand, row.card_last4, row.cashier, row.terminal_serial, row.training, row.clover_env ?? null, row.merchant_id ?? null, row.voided_at, row.created_at,
      ],
    );
    if (!sale.training) enqueue(ctx, { kind: 'payment', entityId: id, docKey: paymentDocKey(sale.target, id), erpKey: row.erp_key });
    return toPayment(row);
  }

  /** The database holds one open sale per terminal; a keyed sale of the same total waits too. */
  function refuseWhileOpen(terminalSerial: string, total: number): void {
    const open = db.get<{ id: number; amount: number; surcharge: number }>(
      `SELECT id, amount, surcharge FROM sales WHERE state IN (${UNRESOLVED_LIST}) AND terminal_serial = ? ${terminalSerial === KEYED ? 'AND amount + surcharge = ?' : ''} ORDER BY id LIMIT 1`,
      terminalSerial === KEYED ? [terminalSerial, total] : [terminalSerial],
    );
    if (!open) return;
    throw new LedgerRuleError(
      'busy',
      terminalSerial === KEYED
        ? `keyed sale #${open.id} of the same amount has an unknown outcome: resolve it (Needs attention) before keying a card for this amount again`
        : `sale #${open.id} on this terminal is not settled yet: resolve it (Needs attention) before taking a new card payment there`,
    );
  }

  /** Another process journaled on the same terminal between the check above and the insert. */
  function insertOpen<T>(insert: () => T): T {
    try {
      return insert();
    } catch (error) {
      if (error instanceof LedgerRuleError && error.code === 'duplicate' && /terminal_serial/.test(error.message)) {
        throw new LedgerRuleError('busy', 'another sale on this terminal was just started: resolve it before taking a new card payment there');
      }
      throw error;
    }
  }

  function recordApproval(sale: Sale, outcome: Extract<SaleOutcome, { result: 'approved' | 'partial' }>, actor: string): { sale: Sale; payment: Payment | null } {
    const cloverPaymentId = outcome.cloverPaymentId;
    const id = sale.id;
    const existing = () => {
      const row = db.get<PaymentRow>('SELECT * FROM payments WHERE id = ?', [id]);
      return row ? toPayment(row) : null;
    };
    if (typeof cloverPaymentId !== 'string' || cloverPaymentId.trim() === '' || cloverPaymentId.length > 64 || containsPan(cloverPaymentId)) {
      // Without Clover's id the approval cannot be recorded or found again: it stays open for a lookup.
      if (!UNRESOLVED_SALE_STATES.includes(sale.state)) return { sale, payment: existing() };
      flagProblem(ctx, 'sales', 'sale', id, 'Clover reported an approval without a usable payment id: look it up again or check the Clover dashboard', actor);
      if (sale.state !== 'unknown') transition(ctx, SPEC, id, 'unknown', actor, { note: 'approved without a payment id', ...NO_LEASE }, undefined, 'state', sale.state);
      return { sale: mustGet(id), payment: null };
    }
    const settled = sale.state === 'approved' || sale.state === 'partial' || (sale.state === 'forced' && sale.forcedOutcome === 'approved');
    if (settled) {
      if (sale.cloverPaymentId === cloverPaymentId) return { sale, payment: existing() };
      if (sale.cloverPaymentId === null) {
        // Forced approved by hand before Clover's id was known: the payment it was is now named.
        db.run('UPDATE sales SET clover_payment_id = ? WHERE id = ?', [cloverPaymentId, id]);
        db.run('UPDATE payments SET clover_payment_id = ? WHERE id = ? AND clover_payment_id IS NULL', [cloverPaymentId, id]);
        ctx.audit({ actor, entity: 'sale', entityId: id, action: 'clover_id_found', detail: { cloverPaymentId } });
        const approved = outcome.approvedAmount;
        if (approved !== undefined && approved !== sale.approvedAmount) flagProblem(ctx, 'sales', 'sale', id, `Clover took ${approved}; the sale was forced as ${sale.approvedAmount ?? '?'}: check it`, actor);
        return { sale: mustGet(id), payment: existing() };
      }
      flagProblem(ctx, 'sales', 'sale', id, `Clover reported a second payment ${cloverPaymentId} for this attempt (recorded: ${sale.cloverPaymentId}): check the Clover dashboard`, actor);
      return { sale: mustGet(id), payment: existing() };
    }
    const taken = db.get<{ id: number }>('SELECT id FROM payments WHERE clover_payment_id = ?', [cloverPaymentId]);
    if (taken && UNRESOLVED_SALE_STATES.includes(sale.state)) {
      // One Clover payment settles one sale: the answer belongs to another attempt. Kept open.
      flagProblem(ctx, 'sales', 'sale', id, `Clover answered with payment ${cloverPaymentId}, which is already recorded for sale #${taken.id}: look it up again or check the Clover dashboard`, actor);
      if (sale.state !== 'unknown') transition(ctx, SPEC, id, 'unknown', actor, { note: 'answer named another sale\'s payment', ...NO_LEASE }, undefined, 'state', sale.state);
      return { sale: mustGet(id), payment: null };
    }
    const requested = sale.amount + sale.surcharge;
    const clean = cleanApproval(requested, sale.surcharge, outcome.approvedAmount, outcome, outcome.result === 'partial' ? outcome.approvedSurcharge : undefined);
    const late = LATE_FROM.includes(sale.state);
    const to: SaleState = clean.partial ? 'partial' : 'approved';
    const at = transition(ctx, SPEC, id, to, actor, approvalColumns(cloverPaymentId, clean), { cloverPaymentId, approved: clean.total }, late ? 'late_approval' : 'state', sale.state);
    const payment = settle(sale, cloverPaymentId, clean.total, clean.surcharge, { cardBrand: clean.cardBrand ?? undefined, last4: clean.last4 ?? undefined });
    const problems = late ? [`Approved late: Clover took the payment after the till had recorded it as ${sale.state}`, ...clean.problems] : clean.problems;
    if (problems.length) {
      flagProblem(ctx, 'sales', 'sale', id, problems.join('; '), actor);
      return { sale: mustGet(id), payment };
    }
    // What the row now holds (built, not read back: this is the hot path of every sale).
    const after: Sale = { ...sale, state: to, cloverPaymentId, approvedAmount: clean.total, cardBrand: clean.cardBrand, cardLast4: clean.last4, authCode: clean.authCode, leaseOwner: null, leaseUntil: null, updatedAt: at };
    return { sale: after, payment };
  }

  return {
    get,

    /** The highest sale id so far (0 for an empty ledger). */
    lastId: (): number => db.get<{ id: number | null }>('SELECT max(id) AS id FROM sales')?.id ?? 0,

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
        refuseWhileOpen(input.terminalSerial, amount + surcharge);
        if (input.checkedAfterSale !== undefined && input.target.kind !== 'walk_in') {
          const since = db.get<{ id: number }>(
            `SELECT id FROM sales WHERE id > ? AND target_kind = ? AND target_id = ? AND state NOT IN ('declined','cancelled') AND NOT (state = 'forced' AND forced_outcome = 'declined') LIMIT 1`,
            [input.checkedAfterSale, input.target.kind, input.target.id],
          );
          if (since) throw new LedgerRuleError('busy', `sale #${since.id} on this document was started meanwhile: check what is still due, then try again`);
        }
        const now = ctx.clock.now();
        const { lastInsertRowid: id } = insertOpen(() => db.run(
          `INSERT INTO sales (op_id, external_payment_id, idempotency_key, state, target_kind, target_id, target_ref, partner_id, amount, surcharge,
             currency, cashier, terminal_serial, training, parent_sale_id, lease_owner, lease_until, answer_by, clover_env, merchant_id, created_at, updated_at)
           VALUES (@op_id, @external_payment_id, @idempotency_key, 'journaled', @target_kind, @target_id, @target_ref, @partner_id, @amount, @surcharge,
             @currency, @cashier, @terminal_serial, @training, @parent_sale_id, @lease_owner, @lease_until, @answer_by, @clover_env, @merchant_id, @now, @now)`,
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
            lease_owner: input.lease?.owner ?? null,
            lease_until: input.lease?.until ?? null,
            answer_by: input.lease?.answerBy ?? null,
            ...originColumns(input.origin),
            now,
          },
        ));
        ctx.audit({ actor: input.cashier, entity: 'sale', entityId: id, action: 'journal', to: 'journaled', detail: { amount, surcharge, currency, target: input.target.kind, training: !!input.training } });
        if (input.sentNow) transition(ctx, SPEC, id, 'sent', 'till', leaseColumns(input.sentNow), { owner: input.sentNow.owner }, 'state', 'journaled');
        return mustGet(id);
      });
    },

    /** The request leaves now; `lease` says who waits for the answer and until when. */
    markSent(id: number, lease?: SendLease, actor = 'till'): Sale {
      return db.transaction(() => {
        transition(ctx, SPEC, id, 'sent', actor, lease ? leaseColumns(lease) : {}, lease ? { owner: lease.owner } : undefined);
        return mustGet(id);
      });
    },

    renewLease: (id: number, owner: string, until: number): boolean => renewLease(ctx, 'sales', id, owner, until),

    /** Takes an open sale whose owner is gone (the caller checked); false if it moved on. */
    claim: (id: number, owner: string, until: number, expectedOwner: string | null): boolean => claimLease(ctx, 'sales', id, owner, until, expectedOwner),

    /** Sales with a problem a manager has not acknowledged yet (approved late, details missing). */
    withProblems(): Sale[] {
      return db.all<SaleRow>('SELECT * FROM sales WHERE problem IS NOT NULL AND problem_seen_at IS NULL ORDER BY id').map(toSale);
    },

    acknowledgeProblem(id: number, by: string): Sale {
      return db.transaction(() => {
        acknowledgeProblem(ctx, 'sales', 'sale', id, requireText(by, 'manager', 100));
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
     * the same transaction, whatever the sale's state was: money Clover says moved is recorded
     * (late, with a `late_approval` audit entry, and flagged), never refused. An answer that
     * fails a check is stored with the problem flagged. Repeating an answer is a no-op, and a
     * negative or unknown answer never undoes a settled sale.
     */
    recordOutcome(id: number, outcome: SaleOutcome, actor = 'till'): { sale: Sale; payment: Payment | null } {
      return db.transaction(() => {
        const sale = mustGet(id);
        if (outcome.result === 'approved' || outcome.result === 'partial') return recordApproval(sale, outcome, actor);
        if (sale.state === outcome.result || !UNRESOLVED_SALE_STATES.includes(sale.state)) return { sale, payment: null };
        const note = optionalText(outcome.reason, 'reason', 500);
        refusePan({ note });
        transition(ctx, SPEC, id, outcome.result, actor, { note, ...NO_LEASE }, note ? { reason: note } : undefined, 'state', sale.state);
        return { sale: mustGet(id), payment: null };
      });
    },

    /** A manager settles an unresolved sale by hand; reason and manager are required. */
    forceResolve(id: number, input: ForceResolveInput): { sale: Sale; payment: Payment | null } {
      const reason = requireText(input.reason, 'reason', 500);
      const manager = requireText(input.manager, 'manager');
      if (input.cloverPaymentId !== undefined) requireText(input.cloverPaymentId, 'cloverPaymentId');
      refusePan({ reason, manager, cloverPaymentId: input.cloverPaymentId });
      return db.transaction(() => {
        const sale = mustGet(id);
        if (input.outcome === 'declined') {
          transition(ctx, SPEC, id, 'forced', manager, { forced_outcome: 'declined', forced_reason: reason, forced_by: manager, ...NO_LEASE }, { outcome: 'declined', reason, cloverPaymentId: null, approved: null }, 'force_resolve');
          return { sale: mustGet(id), payment: null };
        }
        const requested = sale.amount + sale.surcharge;
        const clean = cleanApproval(requested, sale.surcharge, input.approvedAmount, input);
        const cloverPaymentId = input.cloverPaymentId ?? null;
        transition(ctx, SPEC, id, 'forced', manager, {
          forced_outcome: 'approved',
          forced_reason: reason,
          forced_by: manager,
          ...approvalColumns(cloverPaymentId, clean),
        }, { outcome: 'approved', reason, cloverPaymentId, approved: clean.total }, 'force_resolve');
        const payment = settle(sale, cloverPaymentId, clean.total, clean.surcharge, { cardBrand: clean.cardBrand ?? undefined, last4: clean.last4 ?? undefined });
        return { sale: mustGet(id), payment };
      });
    },
  };
}

export type SalesRepo = ReturnType<typeof createSalesRepo>;
