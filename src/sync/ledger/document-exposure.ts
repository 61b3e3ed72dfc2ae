// What this till has at stake on one ERP document that Odoo cannot know about yet: payments
// it took that have not been delivered, and sales whose outcome is still open (money may have
// moved). The till subtracts both from Odoo's residual before charging the document again
// (issue 11, "paying an invoice twice").
import type { ErpTarget } from '../../shared/domain';
import type { SqlDatabase } from '../db/database';
import { paymentDocKey } from './keys';

/** A document the counter can pay (an invoice or a sale order, by Odoo id). */
export type DocumentRef = Exclude<ErpTarget, { kind: 'walk_in' }>;

/** Minor units, in the ledger's currency. */
export interface DocumentExposure {
  /** Approved, partial or force-approved payments on it whose outbox item is not delivered. */
  undelivered: number;
  /** Sales on it still journaled, sent, cancel_requested, unknown or resolving. */
  unresolved: number;
}

// Same list as the partial index sales_unresolved, so SQLite reads only open sales.
const UNRESOLVED = `('journaled','sent','cancel_requested','unknown','resolving')`;

// Real payments are found through their open outbox items (index outbox_open_by_doc, keyed by
// document), so the cost does not grow with the ledger's history. A voided payment settles
// nothing; its item is cancelled_locally when it never left. Refunds are left out: an outbound
// refund does not raise Odoo's residual either (odoo-erp.md §12a), so netting it here would
// show more due now than Odoo will once the payment is delivered.
const UNDELIVERED_REAL = `
SELECT coalesce(sum(p.amount), 0) AS total
FROM outbox o JOIN payments p ON p.id = o.entity_id
WHERE o.doc_key = ? AND o.state IN ('pending','in_flight','parked') AND o.kind = 'payment'
  AND p.voided_at IS NULL AND p.training = 0`;

// Training payments never get an outbox item: they stay "not in Odoo" for good.
const UNDELIVERED_TRAINING = `
SELECT coalesce(sum(amount), 0) AS total FROM payments
WHERE target_kind = ? AND target_id = ? AND voided_at IS NULL AND training = 1`;

const UNRESOLVED_SALES = `
SELECT coalesce(sum(amount), 0) AS total FROM sales
WHERE state IN ${UNRESOLVED} AND target_kind = ? AND target_id = ? AND training = ?`;

export function createDocumentExposure(db: SqlDatabase) {
  return {
    /**
     * Only rows of the till's own mode count. Training runs on the simulator only (till
     * config), so its payments never moved real money: counting them on a real till would
     * refuse a customer's genuine payment of an invoice someone practised on. A training till
     * counts its training rows, so practice meets the same guard.
     */
    of(doc: DocumentRef, options: { training: boolean }): DocumentExposure {
      const total = (sql: string, params: Array<string | number>): number => db.get<{ total: number }>(sql, params)?.total ?? 0;
      // One snapshot: a sale approved between two reads would otherwise be in neither.
      return db.snapshot(() => ({
        undelivered: options.training ? total(UNDELIVERED_TRAINING, [doc.kind, doc.id]) : total(UNDELIVERED_REAL, [paymentDocKey(doc, 0 /* walk-in keys only */)]),
        unresolved: total(UNRESOLVED_SALES, [doc.kind, doc.id, options.training ? 1 : 0]),
      }));
    },
  };
}

export type DocumentExposureReader = ReturnType<typeof createDocumentExposure>;
