// Identifiers the ledger hands out and the keys that make Odoo writes idempotent
// (odoo-erp.md §10). The SQL backfill in db/migrations/v3-outbox.ts mirrors these rules.
import type { ErpTarget } from '../../shared/domain';

export { newId } from '../../shared/ids';

/** Items sharing a doc key are delivered strictly in order. */
export function paymentDocKey(target: ErpTarget, paymentId: number): string {
  switch (target.kind) {
    case 'invoice':
      return `account.move:${target.id}`;
    case 'sale_order':
      return `sale.order:${target.id}`;
    case 'walk_in':
      return `payment:${paymentId}`;
  }
}

export function creditDocKey(creditId: number): string {
  return `credit:${creditId}`;
}

/** `CLV:<cloverPaymentId>`; a force-approved payment without a Clover id uses its operation id. */
export function paymentErpKey(cloverPaymentId: string | null, opId: string): string {
  return `CLV:${cloverPaymentId ?? `OP-${opId}`}`;
}

export function refundErpKey(cloverRefundId: string | null, opId: string): string {
  return `CLV-R:${cloverRefundId ?? `OP-${opId}`}`;
}

export function creditErpKey(cloverCreditId: string | null, opId: string): string {
  return `CLV-C:${cloverCreditId ?? `OP-${opId}`}`;
}

export function voidErpKey(paymentErpKey: string): string {
  return `${paymentErpKey}/VOID`;
}
