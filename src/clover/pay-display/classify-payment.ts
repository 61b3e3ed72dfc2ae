// Reading a 200 from `POST /v1/payments` (and the lookups): `payment.result` decides, partial
// approvals carry requested vs approved amounts, and the old charge-style replay body
// (`paid` + `outcome.type=authorized`, D7) is accepted as success.
import { classifyFailure } from '../classify';
import { isRecord } from '../http/response';
import type { HttpOutcome } from '../http/transport';
import type { Failure, MoneyContext, ResultMeta } from '../results';
import { APPROVED_RESULTS, NOT_TAKEN_RESULTS, parsePayment, type CloverPayment } from './payment';

export interface PaymentApproval {
  payment: CloverPayment;
  requestedAmount: number;
  approvedAmount: number;
  /** True when the card covered less than requested (prepaid/HSA): collect the rest anew. */
  partial: boolean;
}

export type PaymentResult = MoneyContext &
  ((ResultMeta & { kind: 'approved'; value: PaymentApproval }) | (ResultMeta & { kind: 'declined'; value?: CloverPayment }) | Failure);

export function classifyPayment(out: HttpOutcome, requestedAmount: number, ctx: MoneyContext): PaymentResult {
  const failure = classifyFailure(out);
  if (failure) return { ...ctx, ...failure };
  if (out.kind !== 'response') throw new Error('unreachable');
  const meta: ResultMeta = { httpStatus: out.status };
  const body = isRecord(out.json) ? out.json : undefined;
  const payment = readPayment(body);
  if (!payment) return { ...ctx, ...meta, kind: 'unknown', cause: 'unparseable', message: 'unreadable payment response' };
  if (ctx.externalPaymentId && payment.externalPaymentId && payment.externalPaymentId !== ctx.externalPaymentId) {
    return { ...ctx, ...meta, kind: 'unknown', cause: 'mismatch', message: 'response belongs to another externalPaymentId' };
  }
  return { ...ctx, ...interpretPayment(payment, requestedAmount, meta) };
}

/** Decides approved / declined / still open for a payment object (also for lookups). */
export function interpretPayment(
  payment: CloverPayment,
  requestedAmount: number | undefined,
  meta: ResultMeta = {},
): (ResultMeta & { kind: 'approved'; value: PaymentApproval }) | (ResultMeta & { kind: 'declined'; value: CloverPayment }) | Failure {
  const result = payment.result ?? '';
  if (NOT_TAKEN_RESULTS.has(result)) return { ...meta, kind: 'declined', value: payment, code: result };
  if (!APPROVED_RESULTS.has(result)) {
    return { ...meta, kind: 'unknown', cause: 'pending', message: `payment result ${result || 'missing'}` };
  }
  const issue = payment.issues?.partialPayment;
  const approvedAmount = payment.amount;
  const requested = issue?.requestedAmount ?? requestedAmount ?? approvedAmount;
  return {
    ...meta,
    kind: 'approved',
    value: { payment, requestedAmount: requested, approvedAmount, partial: approvedAmount < requested },
  };
}

function readPayment(body: Record<string, unknown> | undefined): CloverPayment | null {
  if (!body) return null;
  if (isRecord(body.payment)) return parsePayment(body.payment);
  if ('paid' in body && isRecord(body.outcome)) return fromChargeStyle(body);
  return parsePayment(body);
}

/** D7: `{id, amount, paid, outcome:{type}, metadata}` replayed for a completed key. */
function fromChargeStyle(body: Record<string, unknown>): CloverPayment | null {
  const outcome = body.outcome as Record<string, unknown>;
  const result = body.paid === true && outcome.type === 'authorized' ? 'SUCCESS' : body.paid === false ? 'FAIL' : 'PENDING';
  return parsePayment({ ...body, result });
}
