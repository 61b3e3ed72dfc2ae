// What the worker needs to deliver one outbox item: the ledger records it reports.
import type { Credit, OutboxItem, Payment, Refund, Void } from '../../shared/domain';
import type { SqlDatabase } from '../db/database';
import { type CreditRow, type PaymentRow, type RefundRow, toCredit, toPayment, toRefund, toVoid, type VoidRow } from '../ledger/rows';

export type OutboxWork =
  /** `voided`: the payment was voided while this item waited; deliver only if Odoo already has it. */
  | { kind: 'payment'; item: OutboxItem; payment: Payment; voided: boolean }
  | { kind: 'refund'; item: OutboxItem; refund: Refund; payment: Payment }
  | { kind: 'void'; item: OutboxItem; void: Void; payment: Payment }
  | { kind: 'credit'; item: OutboxItem; credit: Credit };

function payment(db: SqlDatabase, id: number): Payment {
  const row = db.get<PaymentRow>('SELECT * FROM payments WHERE id = ?', [id]);
  if (!row) throw new Error(`payment ${id} is missing from the ledger`);
  return toPayment(row);
}

export function loadWork(db: SqlDatabase, item: OutboxItem): OutboxWork {
  switch (item.kind) {
    case 'payment': {
      const p = payment(db, item.entityId);
      return { kind: 'payment', item, payment: p, voided: p.voidedAt !== null };
    }
    case 'refund': {
      const row = db.get<RefundRow>('SELECT * FROM refunds WHERE id = ?', [item.entityId]);
      if (!row) throw new Error(`refund ${item.entityId} is missing from the ledger`);
      return { kind: 'refund', item, refund: toRefund(row), payment: payment(db, row.payment_id) };
    }
    case 'void': {
      const row = db.get<VoidRow>('SELECT * FROM voids WHERE id = ?', [item.entityId]);
      if (!row) throw new Error(`void ${item.entityId} is missing from the ledger`);
      return { kind: 'void', item, void: toVoid(row), payment: payment(db, row.payment_id) };
    }
    case 'credit': {
      const row = db.get<CreditRow>('SELECT * FROM credits WHERE id = ?', [item.entityId]);
      if (!row) throw new Error(`credit ${item.entityId} is missing from the ledger`);
      return { kind: 'credit', item, credit: toCredit(row) };
    }
  }
}
