// Ecommerce charges, captures and refunds on the scl host (§5.2). Each needs the caller's
// idempotency key (same key twice => one charge, §8) and charges need x-forwarded-for.
// Sandbox `/v1/refunds` accepts only `{charge}` (D9): partial refunds sit behind a flag.
import { isIP } from 'node:net';
import { CloverInputError, CloverNotSupportedError } from '../errors';
import type { AuthorizedRequester } from '../http/authorized';
import type { HttpRequest } from '../http/transport';
import type { MoneyResult } from '../results';
import { checkAmount, checkEcomId, checkIdempotencyKey, checkOptionalMinor, checkOptionalText } from '../validate';
import { classifyEcom, type EcomReading } from './classify';

export interface ChargeRequest {
  amount: number;
  /** ISO 4217; sent lower-case. */
  currency: string;
  /** `clv_…` token from tokenize (single use). */
  source: string;
  idempotencyKey: string;
  /** The client's public IP if known, else LAN IP (D25); defaults to the configured one. */
  forwardedFor?: string;
  /** false = pre-auth, capture later. */
  capture?: boolean;
  taxAmount?: number;
  tipAmount?: number;
  externalReferenceId?: string;
  description?: string;
}

export interface ChargeValue {
  chargeId: string;
  amount: number;
  requestedAmount: number;
  /** Approved below the requested amount; Ecommerce normally declines partial auths instead. */
  partial: boolean;
  currency?: string;
  status?: string;
  captured?: boolean;
  authCode?: string;
}

export interface EcomRefundValue { refundId: string; chargeId: string; amount?: number; status?: string }

export interface ChargeCalls {
  charge(merchantId: string, request: ChargeRequest): Promise<MoneyResult<ChargeValue>>;
  capture(merchantId: string, chargeId: string, request: { amount?: number; idempotencyKey: string }): Promise<MoneyResult<ChargeValue>>;
  /** Full refund without `amount`; partial only when `partialRefunds` is on. */
  refund(merchantId: string, chargeId: string, request: { amount?: number; idempotencyKey: string }): Promise<MoneyResult<EcomRefundValue>>;
}

export interface ChargeOptions {
  requester: AuthorizedRequester;
  deadlineMs: number;
  partialRefunds: boolean;
  forwardedFor?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);

function readCharge(requested: number | undefined) {
  return (json: Record<string, unknown>): EcomReading<ChargeValue> => {
    const chargeId = str(json.id);
    const amount = int(json.amount);
    if (!chargeId || amount === undefined) return null;
    const outcome = json.outcome && typeof json.outcome === 'object' ? (json.outcome as Record<string, unknown>) : {};
    const status = str(json.status);
    const value: ChargeValue = {
      chargeId,
      amount,
      requestedAmount: requested ?? amount,
      partial: requested !== undefined && amount < requested,
      ...(str(json.currency) ? { currency: str(json.currency) } : {}),
      ...(status ? { status } : {}),
      ...(typeof json.captured === 'boolean' ? { captured: json.captured } : {}),
      ...(str(json.auth_code) ? { authCode: str(json.auth_code) } : {}),
    };
    if (status === 'failed' || json.paid === false || (outcome.type !== undefined && outcome.type !== 'authorized')) {
      return { declined: value, code: str(outcome.type) ?? status };
    }
    if (status === 'succeeded' || json.paid === true) return { approved: value };
    return { pending: status ?? 'missing' };
  };
}

export function createChargeCalls(options: ChargeOptions): ChargeCalls {
  const post = (merchantId: string, path: string, body: unknown, headers: Record<string, string>) => {
    const req: HttpRequest = { role: 'ecommerce', method: 'POST', path, body, headers, deadlineMs: options.deadlineMs };
    return options.requester.send(merchantId, req);
  };

  return {
    async charge(merchantId, r) {
      const amount = checkAmount(r.amount);
      if (typeof r.currency !== 'string' || !/^[A-Za-z]{3}$/.test(r.currency)) throw new CloverInputError('currency', 'currency must be a 3-letter ISO code');
      const source = checkEcomId(r.source, 'source');
      const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
      const forwardedFor = r.forwardedFor ?? options.forwardedFor;
      if (!forwardedFor || isIP(forwardedFor) === 0) throw new CloverInputError('forwardedFor', 'x-forwarded-for needs the client IP address');
      const taxAmount = checkOptionalMinor(r.taxAmount, 'taxAmount');
      const tipAmount = checkOptionalMinor(r.tipAmount, 'tipAmount');
      const externalReferenceId = checkOptionalText(r.externalReferenceId, 'externalReferenceId', 12);
      const description = checkOptionalText(r.description, 'description', 127);
      const body = {
        amount,
        currency: r.currency.toLowerCase(),
        source,
        ...(r.capture === false ? { capture: false } : {}),
        ...(taxAmount !== undefined ? { tax_amount: taxAmount } : {}),
        ...(tipAmount !== undefined ? { tip_amount: tipAmount } : {}),
        ...(externalReferenceId ? { external_reference_id: externalReferenceId } : {}),
        ...(description ? { description } : {}),
      };
      const out = await post(merchantId, '/v1/charges', body, { 'idempotency-key': idempotencyKey, 'x-forwarded-for': forwardedFor });
      return classifyEcom(out, { idempotencyKey }, readCharge(amount));
    },

    async capture(merchantId, chargeId, r) {
      const id = checkEcomId(chargeId, 'chargeId');
      const amount = r.amount === undefined ? undefined : checkAmount(r.amount);
      const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
      const out = await post(merchantId, `/v1/charges/${id}/capture`, amount === undefined ? {} : { amount }, { 'idempotency-key': idempotencyKey });
      return classifyEcom(out, { idempotencyKey }, readCharge(amount));
    },

    async refund(merchantId, chargeId, r) {
      const charge = checkEcomId(chargeId, 'chargeId');
      const amount = r.amount === undefined ? undefined : checkAmount(r.amount);
      const idempotencyKey = checkIdempotencyKey(r.idempotencyKey);
      if (amount !== undefined && !options.partialRefunds) {
        throw new CloverNotSupportedError('partial Ecommerce refunds are not enabled (ecomPartialRefunds); refund in full');
      }
      const body = amount === undefined ? { charge } : { charge, amount };
      const out = await post(merchantId, '/v1/refunds', body, { 'idempotency-key': idempotencyKey });
      return classifyEcom<EcomRefundValue>(out, { idempotencyKey }, (json) => {
        const refundId = str(json.id);
        if (!refundId) return null;
        const status = str(json.status);
        const value: EcomRefundValue = { refundId, chargeId: str(json.charge) ?? charge, ...(int(json.amount) !== undefined ? { amount: int(json.amount) } : {}), ...(status ? { status } : {}) };
        if (status === 'failed' || status === 'canceled') return { declined: value, code: status };
        return { approved: value };
      });
    },
  };
}
