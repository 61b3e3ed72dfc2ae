// A ledger sale as the cashier sees it: above all, whether money moved.
import type { Sale } from '../../shared/domain';
import type { SaleView } from '../../shared/contract/views';
import type { Till } from '../create-till';
import { inProgress } from '../process-lease';

/** Keyed (card-not-present) sales have no terminal: they are recorded under this marker. */
export const KEYED_TERMINAL = 'KEYED';

const MONEY_MOVED: Record<Sale['state'], SaleView['moneyMoved']> = {
  journaled: 'unknown',
  sent: 'unknown',
  cancel_requested: 'unknown',
  unknown: 'unknown',
  resolving: 'unknown',
  approved: 'yes',
  partial: 'yes',
  declined: 'no',
  cancelled: 'no',
  forced: 'unknown', // decided below by the forced outcome
};

export function toSaleView(till: Till, sale: Sale): SaleView {
  const ledger = till.ledger;
  const payment = ledger.payments.bySale(sale.id);
  const refunds = payment ? ledger.refunds.forPayment(payment.id) : [];
  const refunded = refunds.filter((r) => r.state === 'approved' || (r.state === 'forced' && r.forcedOutcome === 'approved')).reduce((s, r) => s + r.amount, 0);
  const moneyMoved = sale.state === 'forced' ? (sale.forcedOutcome === 'approved' ? 'yes' : 'no') : MONEY_MOVED[sale.state];
  const total = sale.amount + sale.surcharge;
  return {
    id: sale.id,
    opId: sale.opId,
    state: sale.state,
    moneyMoved,
    entry: sale.terminalSerial === KEYED_TERMINAL ? 'keyed' : 'terminal',
    amount: sale.amount,
    surcharge: sale.surcharge,
    total,
    currency: sale.currency,
    approvedAmount: sale.approvedAmount,
    // What is still due on the document (base amount, before any surcharge on the next card).
    remainder: sale.state === 'partial' && payment ? Math.max(0, sale.amount - payment.amount) : 0,
    refunded,
    refundable: payment ? ledger.refunds.refundable(payment.id) : 0,
    voided: Boolean(payment?.voidedAt),
    cardBrand: sale.cardBrand,
    cardLast4: sale.cardLast4,
    authCode: sale.authCode,
    cloverPaymentId: sale.cloverPaymentId,
    externalPaymentId: sale.externalPaymentId,
    terminalSerial: sale.terminalSerial,
    cashier: sale.cashier,
    target: { kind: sale.target.kind, ...(sale.target.kind !== 'walk_in' ? { id: sale.target.id, ...(sale.target.ref ? { ref: sale.target.ref } : {}) } : {}) },
    training: sale.training,
    message: sale.note,
    forcedReason: sale.forcedReason,
    inProgress: inProgress(till, 'sale', sale),
    problem: sale.problemSeenAt === null ? sale.problem : null,
    createdAt: sale.createdAt,
    updatedAt: sale.updatedAt,
  };
}
