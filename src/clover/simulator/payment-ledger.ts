// The simulator's books: every payment (REST Pay), charge (Ecommerce), refund and credit it has
// made. Tests assert "charged exactly once" against this through control.payments().
import { cloverId, randomDigits } from './ids';
import type { SimPaymentView, SimRefundView } from './types';

export type PaymentResult = 'SUCCESS' | 'FAIL' | 'AUTH' | 'VOIDED';

export interface CardDetails {
  cardType: string;
  last4: string;
  entryType: string;
  authCode: string;
  referenceId: string;
  transactionNo: string;
  type: string; // AUTH, PREAUTH, PREAUTHCAPTURE, NAKEDREFUND ...
  state: 'PENDING' | 'CLOSED';
  expMonth?: string;
  expYear?: string;
}

export interface RefundRecord {
  id: string;
  paymentId: string;
  amount: number;
  createdTime: number;
  status: 'SUCCESS' | 'FAIL';
  via: SimRefundView['via'];
  reason?: string;
}

export interface PaymentRecord {
  id: string;
  kind: 'payment' | 'charge';
  merchantId: string;
  deviceSerial?: string;
  deviceId?: string;
  orderId: string;
  amount: number; // approved, tip excluded
  requestedAmount: number;
  tipAmount: number;
  taxAmount: number;
  externalPaymentId?: string;
  externalReferenceId?: string;
  createdTime: number;
  modifiedTime: number;
  result: PaymentResult;
  final: boolean;
  capture: boolean; // false = pre-auth, needs capture
  captured: boolean;
  partial: boolean;
  voidReason?: string;
  card: CardDetails;
  refunds: RefundRecord[];
  /** Ecommerce only. */
  currency?: string;
  sourceToken?: string;
  description?: string;
}

export interface CreditRecord {
  id: string;
  merchantId: string;
  deviceSerial: string;
  amount: number;
  externalPaymentId?: string;
  createdTime: number;
  result: 'SUCCESS' | 'FAIL' | 'VOIDED';
  card: CardDetails;
}

export class PaymentLedger {
  payments: PaymentRecord[] = [];
  credits: CreditRecord[] = [];
  private transactionNo = 100;

  nextCard(partial: Partial<CardDetails> & Pick<CardDetails, 'type' | 'state'>): CardDetails {
    return {
      cardType: partial.cardType ?? 'VISA',
      last4: partial.last4 ?? '0010',
      entryType: partial.entryType ?? 'EMV_CONTACT',
      authCode: randomDigits(6),
      referenceId: randomDigits(12),
      transactionNo: String(++this.transactionNo).padStart(6, '0'),
      type: partial.type,
      state: partial.state,
      ...(partial.expMonth ? { expMonth: partial.expMonth } : {}),
      ...(partial.expYear ? { expYear: partial.expYear } : {}),
    };
  }

  addPayment(p: Omit<PaymentRecord, 'id' | 'orderId' | 'refunds' | 'modifiedTime'>): PaymentRecord {
    const record: PaymentRecord = { ...p, id: cloverId(), orderId: cloverId(), refunds: [], modifiedTime: p.createdTime };
    this.payments.push(record);
    return record;
  }

  addCredit(c: Omit<CreditRecord, 'id'>): CreditRecord {
    const record: CreditRecord = { ...c, id: cloverId() };
    this.credits.push(record);
    return record;
  }

  addRefund(payment: PaymentRecord, r: Omit<RefundRecord, 'id' | 'paymentId'>): RefundRecord {
    const refund: RefundRecord = { ...r, id: cloverId(), paymentId: payment.id };
    payment.refunds.push(refund);
    payment.modifiedTime = r.createdTime;
    return refund;
  }

  find(merchantId: string, id: string, kind?: PaymentRecord['kind']): PaymentRecord | undefined {
    return this.payments.find((p) => p.id === id && p.merchantId === merchantId && (!kind || p.kind === kind));
  }

  findRefund(merchantId: string, id: string): RefundRecord | undefined {
    for (const p of this.payments) {
      if (p.merchantId !== merchantId) continue;
      const r = p.refunds.find((x) => x.id === id);
      if (r) return r;
    }
    return undefined;
  }

  /** The latest payment of the merchant with this external id. */
  byExternalId(merchantId: string, externalPaymentId: string): PaymentRecord | undefined {
    for (let i = this.payments.length - 1; i >= 0; i--) {
      const p = this.payments[i];
      if (p && p.merchantId === merchantId && p.externalPaymentId === externalPaymentId) return p;
    }
    return undefined;
  }

  static refunded(p: PaymentRecord): number {
    return p.refunds.filter((r) => r.status === 'SUCCESS').reduce((sum, r) => sum + r.amount, 0);
  }

  /** What can still be refunded: approved amount plus tip, less successful refunds. */
  static remaining(p: PaymentRecord): number {
    return p.amount + p.tipAmount - PaymentLedger.refunded(p);
  }

  views(): SimPaymentView[] {
    const refundView = (r: RefundRecord): SimRefundView => ({ id: r.id, amount: r.amount, createdTime: r.createdTime, status: r.status, via: r.via });
    const payments = this.payments.map<SimPaymentView>((p) => ({
      id: p.id,
      kind: p.kind,
      merchantId: p.merchantId,
      ...(p.deviceSerial ? { deviceSerial: p.deviceSerial } : {}),
      amount: p.amount,
      requestedAmount: p.requestedAmount,
      tipAmount: p.tipAmount,
      taxAmount: p.taxAmount,
      ...(p.externalPaymentId ? { externalPaymentId: p.externalPaymentId } : {}),
      ...(p.externalReferenceId ? { externalReferenceId: p.externalReferenceId } : {}),
      result: p.result,
      createdTime: p.createdTime,
      captured: p.captured,
      ...(p.voidReason ? { voidReason: p.voidReason } : {}),
      cardType: p.card.cardType,
      last4: p.card.last4,
      refunds: p.refunds.map(refundView),
      refundedAmount: PaymentLedger.refunded(p),
    }));
    const credits = this.credits.map<SimPaymentView>((c) => ({
      id: c.id,
      kind: 'credit',
      merchantId: c.merchantId,
      deviceSerial: c.deviceSerial,
      amount: c.amount,
      requestedAmount: c.amount,
      tipAmount: 0,
      taxAmount: 0,
      ...(c.externalPaymentId ? { externalPaymentId: c.externalPaymentId } : {}),
      result: c.result,
      createdTime: c.createdTime,
      captured: true,
      cardType: c.card.cardType,
      last4: c.card.last4,
      refunds: [],
      refundedAmount: 0,
    }));
    return [...payments, ...credits].sort((a, b) => a.createdTime - b.createdTime);
  }

  clear(): void {
    this.payments = [];
    this.credits = [];
  }
}
