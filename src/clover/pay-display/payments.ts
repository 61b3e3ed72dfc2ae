// Money calls of REST Pay Display (§3.2-§3.4). Every one needs the caller's Idempotency-Key
// (journaled by the till first) and is sent exactly once: an `unknown` result carries the
// externalPaymentId so the till resolves it by lookup instead of charging again.
import { classifyFailure } from '../classify';
import { CloverInputError } from '../errors';
import { isRecord } from '../http/response';
import type { HttpOutcome } from '../http/transport';
import type { LookupResult, MoneyContext, MoneyResult } from '../results';
import {
  checkAmount,
  checkCloverId,
  checkExternalPaymentId,
  checkIdempotencyKey,
  checkOptionalMinor,
  checkOptionalText,
  checkVoidReason,
  type VoidReason,
} from '../validate';
import { classifyPayment, type PaymentResult } from './classify-payment';
import { parsePayment, type CloverPayment } from './payment';
import type { ConnectSender } from './request';

export interface PaymentRequest {
  amount: number;
  externalPaymentId: string;
  idempotencyKey: string;
  taxAmount?: number;
  /** ≤ 12 chars, reaches settlement (e.g. the invoice number). */
  externalReferenceId?: string;
  timeoutSec?: number;
}
export interface SaleRequest extends PaymentRequest {
  tipAmount?: number;
}

export interface CaptureValue { paymentId: string; amount?: number; tipAmount?: number }
export interface RefundValue { refundId: string; paymentId: string; amount?: number; requested: number | 'full'; raw: Record<string, unknown> }
export interface VoidValue { paymentId: string; voidReason: VoidReason; voidStatus?: string }
export interface CreditValue { creditId: string; amount: number; result?: string; cardTransaction?: Record<string, unknown> }
export interface TipAdjustValue { paymentId: string; tipAmount: number }

export interface PaymentCalls {
  /** `final:true`: closed sale. */
  sale(request: SaleRequest): Promise<PaymentResult>;
  /** `final:false, capture:true`: tip-adjustable until closeout. */
  auth(request: PaymentRequest): Promise<PaymentResult>;
  /** `capture:false`: needs `capture` later. */
  preAuth(request: PaymentRequest): Promise<PaymentResult>;
  capture(paymentId: string, request: { amount: number; tipAmount?: number; idempotencyKey: string }): Promise<MoneyResult<CaptureValue>>;
  /** Full refund unless `amount` is given. */
  refund(paymentId: string, request: { amount?: number; idempotencyKey: string }): Promise<MoneyResult<RefundValue>>;
  void(paymentId: string, request: { voidReason: VoidReason; idempotencyKey: string }): Promise<MoneyResult<VoidValue>>;
  /** Non-referenced credit to a card presented on the device (D11). */
  credit(request: { amount: number; externalPaymentId?: string; idempotencyKey: string; timeoutSec?: number }): Promise<MoneyResult<CreditValue>>;
  tipAdjust(paymentId: string, request: { tipAmount: number; idempotencyKey: string }): Promise<MoneyResult<TipAdjustValue>>;
  getPayment(paymentId: string): Promise<LookupResult<CloverPayment>>;
  /** Recovery after `unknown`: found / not-found / busy (still in flight, D12). */
  getPaymentByExternalId(externalPaymentId: string): Promise<LookupResult<CloverPayment>>;
}

type Reading<T> = { approved: T } | { declined: T | undefined; code?: string } | null;

function readMoney<T>(out: HttpOutcome, ctx: MoneyContext, read: (json: Record<string, unknown>) => Reading<T>): MoneyResult<T> {
  const failure = classifyFailure(out);
  if (failure) return { ...ctx, ...failure };
  if (out.kind !== 'response') throw new Error('unreachable');
  const reading = isRecord(out.json) ? read(out.json) : null;
  if (!reading) return { ...ctx, kind: 'unknown', cause: 'unparseable', httpStatus: out.status, message: 'unreadable response' };
  if ('approved' in reading) return { ...ctx, kind: 'approved', value: reading.approved, httpStatus: out.status };
  return { ...ctx, kind: 'declined', value: reading.declined, httpStatus: out.status, ...(reading.code ? { code: reading.code } : {}) };
}

function readLookup(out: HttpOutcome): LookupResult<CloverPayment> {
  if (out.kind === 'response' && out.status === 404) return { kind: 'not-found', httpStatus: 404 };
  const failure = classifyFailure(out);
  if (failure) return failure;
  if (out.kind !== 'response') throw new Error('unreachable');
  const body = isRecord(out.json) ? out.json : {};
  const payment = parsePayment(isRecord(body.payment) ? body.payment : body);
  if (!payment) return { kind: 'unknown', cause: 'unparseable', httpStatus: out.status, message: 'unreadable payment' };
  return { kind: 'found', value: payment, httpStatus: out.status };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);
const failed = (status: unknown): boolean => typeof status === 'string' && /FAIL|REJECT|DECLIN/i.test(status);

export function createPaymentCalls(send: ConnectSender): PaymentCalls {
  async function pay(mode: 'sale' | 'auth' | 'preAuth', r: SaleRequest): Promise<PaymentResult> {
    const amount = checkAmount(r.amount);
    const externalPaymentId = checkExternalPaymentId(r.externalPaymentId);
    const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
    const tipAmount = checkOptionalMinor(r.tipAmount, 'tipAmount');
    if (tipAmount !== undefined && mode !== 'sale') throw new CloverInputError('tipAmount', 'tipAmount is allowed on a sale only (§3.3)');
    const taxAmount = checkOptionalMinor(r.taxAmount, 'taxAmount');
    const externalReferenceId = checkOptionalText(r.externalReferenceId, 'externalReferenceId', 12);
    const body = {
      amount,
      externalPaymentId,
      final: mode === 'sale',
      ...(mode === 'sale' ? {} : { capture: mode === 'auth' }),
      ...(tipAmount !== undefined ? { tipAmount } : {}),
      ...(taxAmount !== undefined ? { taxAmount } : {}),
      ...(externalReferenceId ? { externalReferenceId } : {}),
    };
    const out = await send({ method: 'POST', path: '/v1/payments', body, idempotencyKey, interactive: true, timeoutSec: r.timeoutSec });
    return classifyPayment(out, amount, { idempotencyKey, externalPaymentId });
  }

  return {
    sale: (r) => pay('sale', r),
    auth: (r) => pay('auth', r),
    preAuth: (r) => pay('preAuth', r),

    async capture(paymentId, r) {
      const id = checkCloverId(paymentId, 'paymentId');
      const amount = checkAmount(r.amount);
      const tipAmount = checkOptionalMinor(r.tipAmount, 'tipAmount');
      const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
      const body = { amount, ...(tipAmount !== undefined ? { tipAmount } : {}) };
      const out = await send({ method: 'POST', path: `/v1/payments/${id}/capture`, body, idempotencyKey });
      return readMoney<CaptureValue>(out, { idempotencyKey }, (json) => {
        const p = isRecord(json.payment) ? json.payment : json;
        const value: CaptureValue = { paymentId: str(p.id) ?? id, amount: int(p.amount), tipAmount: int(p.tipAmount) };
        return failed(p.result) ? { declined: value, code: str(p.result) } : { approved: value };
      });
    },

    async refund(paymentId, r) {
      const id = checkCloverId(paymentId, 'paymentId');
      const amount = r.amount === undefined ? undefined : checkAmount(r.amount);
      const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
      const body = amount === undefined ? { fullRefund: true } : { amount };
      const out = await send({ method: 'POST', path: `/v1/payments/${id}/refunds`, body, idempotencyKey });
      return readMoney<RefundValue>(out, { idempotencyKey }, (json) => {
        const refund = isRecord(json.refund) ? json.refund : json;
        const refundId = str(refund.id) ?? str(json.id);
        if (!refundId) return null;
        const payment = isRecord(json.payment) ? json.payment : isRecord(refund.payment) ? refund.payment : {};
        const value: RefundValue = { refundId, paymentId: str(payment.id) ?? id, amount: int(refund.amount), requested: amount ?? 'full', raw: refund };
        const status = refund.status ?? refund.result;
        return failed(status) ? { declined: value, code: str(status) } : { approved: value };
      });
    },

    async void(paymentId, r) {
      const id = checkCloverId(paymentId, 'paymentId');
      const voidReason = checkVoidReason(r.voidReason);
      const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
      const out = await send({ method: 'POST', path: `/v1/payments/${id}/void`, body: { voidReason }, idempotencyKey });
      return readMoney<VoidValue>(out, { idempotencyKey }, (json) => {
        const voidStatus = str(json.voidStatus);
        const value: VoidValue = { paymentId: id, voidReason, ...(voidStatus ? { voidStatus } : {}) };
        return failed(voidStatus) ? { declined: value, code: voidStatus } : { approved: value };
      });
    },

    async credit(r) {
      const amount = checkAmount(r.amount);
      const externalPaymentId = r.externalPaymentId === undefined ? undefined : checkExternalPaymentId(r.externalPaymentId);
      const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
      const body = { amount, ...(externalPaymentId ? { externalPaymentId } : {}) };
      const out = await send({ method: 'POST', path: '/v1/credits', body, idempotencyKey, interactive: true, timeoutSec: r.timeoutSec });
      const ctx: MoneyContext = { idempotencyKey, ...(externalPaymentId ? { externalPaymentId } : {}) };
      return readMoney<CreditValue>(out, ctx, (json) => {
        const c = isRecord(json.credit) ? json.credit : null;
        const creditId = c ? str(c.id) : undefined;
        const creditAmount = c ? int(c.amount) : undefined;
        if (!c || !creditId || creditAmount === undefined) return null;
        const value: CreditValue = {
          creditId,
          amount: creditAmount,
          ...(str(c.result) ? { result: str(c.result) } : {}),
          ...(isRecord(c.cardTransaction) ? { cardTransaction: c.cardTransaction } : {}),
        };
        if (failed(c.result)) return { declined: value, code: str(c.result) };
        return c.result === undefined || c.result === 'SUCCESS' ? { approved: value } : null;
      });
    },

    async tipAdjust(paymentId, r) {
      const id = checkCloverId(paymentId, 'paymentId');
      const tipAmount = checkOptionalMinor(r.tipAmount, 'tipAmount');
      if (tipAmount === undefined) throw new CloverInputError('tipAmount', 'tipAmount is required');
      const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
      const out = await send({ method: 'POST', path: `/v1/payments/${id}/tip-adjust`, body: { tipAmount }, idempotencyKey });
      return readMoney<TipAdjustValue>(out, { idempotencyKey }, (json) => {
        const p = isRecord(json.payment) ? json.payment : json;
        return { approved: { paymentId: id, tipAmount: int(p.tipAmount) ?? tipAmount } };
      });
    },

    async getPayment(paymentId) {
      const id = checkCloverId(paymentId, 'paymentId');
      return readLookup(await send({ method: 'GET', path: `/v1/payments/${id}`, read: true }));
    },

    async getPaymentByExternalId(externalPaymentId) {
      const ext = checkExternalPaymentId(externalPaymentId);
      return readLookup(await send({ method: 'GET', path: `/v1/payments/external/${encodeURIComponent(ext)}`, read: true }));
    },
  };
}
