// Looking, not resending: what Clover shows of a refund or void whose answer was lost. A void
// shows as its payment VOIDED; a refund as an entry in its payment's refund list that the ledger
// has not recorded, for the same amount. Credits leave no trace Clover can be asked about (D11):
// a person resends or forces them.
import type { CloverPayment } from '../../clover';
import type { Till } from '../create-till';
import type { OperationKind } from './operation-recovery';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function paymentAtClover(till: Till, cloverPaymentId: string, serial: string): Promise<CloverPayment | null> {
  const merchant = till.merchant();
  const onDevice = await merchant.payDisplay(serial).getPayment(cloverPaymentId).catch(() => null);
  if (onDevice?.kind === 'found') return onDevice.value;
  return merchant.platform.getPayment(cloverPaymentId).catch(() => null);
}

function refundsOf(p: CloverPayment): Array<{ id: string; amount: number }> {
  const raw = (p as Record<string, unknown>).refunds;
  const list = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw.elements) ? raw.elements : [];
  return list
    .filter((r): r is Record<string, unknown> => isRecord(r) && typeof r.id === 'string' && typeof r.amount === 'number')
    .filter((r) => !/FAIL|DECLIN|CANCEL/i.test(String(r.status ?? r.result ?? '')))
    .map((r) => ({ id: r.id as string, amount: r.amount as number }));
}

/** Records what Clover shows, if anything; otherwise leaves the operation as it is. */
export async function lookUpOperation(till: Till, kind: OperationKind, id: number): Promise<void> {
  if (kind === 'credit') return;
  const l = till.ledger;
  const op = kind === 'refund' ? l.refunds.get(id)! : l.voids.get(id)!;
  const payment = l.payments.get(op.paymentId);
  if (!payment?.cloverPaymentId || op.terminalSerial === 'KEYED') return;
  const atClover = await paymentAtClover(till, payment.cloverPaymentId, op.terminalSerial);
  if (!atClover) return;
  if (kind === 'void') {
    if (atClover.result === 'VOIDED') l.voids.recordOutcome(id, { result: 'approved' }, 'resolver');
    return;
  }
  const known = new Set(l.refunds.forPayment(payment.id).map((r) => r.cloverRefundId).filter(Boolean));
  const refund = l.refunds.get(id)!;
  const match = refundsOf(atClover).find((r) => !known.has(r.id) && r.amount === refund.amount);
  if (match) l.refunds.recordOutcome(id, { result: 'approved', cloverRefundId: match.id, refundedAmount: match.amount }, 'resolver');
}
