// How the ledger's records look on the wire: REST Pay (§3.4) and Platform v3 (§4) shapes.
import type { CardDetails, CreditRecord, PaymentRecord, RefundRecord } from './payment-ledger';

const EMPLOYEE = { id: 'DFLTEMPLOYEE' };

function cardTransactionJson(card: CardDetails): Record<string, unknown> {
  return {
    authCode: card.authCode,
    cardType: card.cardType,
    entryType: card.entryType,
    last4: card.last4,
    referenceId: card.referenceId,
    state: card.state,
    transactionNo: card.transactionNo,
    type: card.type,
    extra: { authorizingNetworkName: card.cardType, cvmResult: card.entryType === 'EMV_CONTACT' ? 'PIN' : 'NO_CVM_REQUIRED' },
  };
}

export function refundJson(r: RefundRecord, payment: PaymentRecord): Record<string, unknown> {
  return {
    id: r.id,
    amount: r.amount,
    createdTime: r.createdTime,
    payment: { id: payment.id },
    status: r.status,
    employee: EMPLOYEE,
    ...(payment.deviceSerial ? { device: { id: payment.deviceId } } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
  };
}

/** REST Pay PayResponse `payment` object. */
export function restPayPaymentJson(p: PaymentRecord): Record<string, unknown> {
  return {
    id: p.id,
    amount: p.amount,
    ...(p.externalPaymentId ? { externalPaymentId: p.externalPaymentId } : {}),
    ...(p.externalReferenceId ? { externalReferenceId: p.externalReferenceId } : {}),
    createdTime: p.createdTime,
    employee: EMPLOYEE,
    order: { id: p.orderId },
    offline: false,
    result: p.result,
    taxAmount: p.taxAmount,
    tipAmount: p.tipAmount,
    cardTransaction: cardTransactionJson(p.card),
    ...(p.voidReason ? { voidReason: p.voidReason } : {}),
    ...(p.refunds.length > 0 ? { refunds: p.refunds.map((r) => refundJson(r, p)) } : {}),
    ...(p.partial
      ? {
          issues: {
            partialPayment: { actualAmount: p.amount, requestedAmount: p.requestedAmount, description: 'Partial payment approved by the card issuer' },
          },
        }
      : {}),
  };
}

export function creditJson(c: CreditRecord): Record<string, unknown> {
  return {
    id: c.id,
    amount: c.amount,
    ...(c.externalPaymentId ? { externalPaymentId: c.externalPaymentId } : {}),
    createdTime: c.createdTime,
    employee: EMPLOYEE,
    result: c.result,
    cardTransaction: cardTransactionJson(c.card),
  };
}

/** Platform v3 payment; `cardTransaction` and `refunds` only when expanded, as on Clover. */
export function v3PaymentJson(p: PaymentRecord, expand: Set<string>): Record<string, unknown> {
  return {
    id: p.id,
    order: { id: p.orderId },
    ...(p.deviceId ? { device: { id: p.deviceId } } : {}),
    tender: { id: 'SIMTENDERCRD1', label: 'Credit Card', labelKey: 'com.clover.tender.credit_card' },
    amount: p.amount,
    tipAmount: p.tipAmount,
    taxAmount: p.taxAmount,
    cashbackAmount: 0,
    ...(p.externalPaymentId ? { externalPaymentId: p.externalPaymentId } : {}),
    ...(p.externalReferenceId ? { externalReferenceId: p.externalReferenceId } : {}),
    employee: EMPLOYEE,
    createdTime: p.createdTime,
    clientCreatedTime: p.createdTime,
    modifiedTime: p.modifiedTime,
    offline: false,
    result: p.result,
    ...(p.voidReason ? { voidReason: p.voidReason } : {}),
    ...(expand.has('cardTransaction') ? { cardTransaction: cardTransactionJson(p.card) } : {}),
    ...(expand.has('refunds') ? { refunds: { elements: p.refunds.map((r) => refundJson(r, p)) } } : {}),
    ...(p.kind === 'charge' ? { transactionInfo: { isTokenBasedTx: true } } : {}),
  };
}

