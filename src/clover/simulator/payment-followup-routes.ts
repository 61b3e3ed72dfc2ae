// What happens to a REST Pay payment afterwards (§3.2, §3.6, D15): capture, tip-adjust, refunds,
// void (25-minute window) and receipts. Refunds follow a scripted customer action if one is
// queued; otherwise they, like the rest, complete at once without the customer.
import { DeviceOperation } from './device-operation';
import { isIntIn, json, type RequestCtx, type Route, type SimResponse } from './http-io';
import { runMoneyCall, SERVER_SIDE } from './money-calls';
import { restPayError, type ConnectCall } from './paydisplay-gate';
import { refundJson, restPayPaymentJson } from './payment-json';
import { PaymentLedger, type PaymentRecord, type RefundRecord } from './payment-ledger';
import { connect } from './payment-routes';
import type { SimContext } from './sim-context';

const MAX = 999_999_999;
export const VOID_WINDOW_MS = 25 * 60_000;

export const VOID_REASONS = new Set([
  'USER_CANCEL', 'TRANSPORT_ERROR', 'REJECT_SIGNATURE', 'REJECT_PARTIAL_AUTH', 'NOT_APPROVED', 'FAILED',
  'AUTH_CLOSED_NEW_CARD', 'DEVELOPER_PAY_PARTIAL_AUTH', 'REJECT_DUPLICATE', 'REJECT_OFFLINE', 'GIFTCARD_LOAD_FAILED',
  'USER_GIFTCARD_LOAD_CANCEL', 'DEVELOPER_PAY_TIP_ADJUST_FAILED', 'USER_CUSTOMER_CANCEL', 'FRAUD',
]);

function invalid(message: string): SimResponse {
  return restPayError(400, 'INVALID_REQUEST', message);
}

function notFound(id: string): SimResponse {
  return json(404, { message: `Payment ${id} not found`, type: 'NOT_FOUND' });
}

/** A one-step operation on the device: `work` runs when it is approved and returns the response. */
function serverSideOp(name: string, work: () => SimResponse): DeviceOperation {
  let response: SimResponse | undefined;
  return new DeviceOperation(name, {
    authorize: () => void (response = work()),
    finish: () => response as SimResponse,
    decline: () => invalid('Declined'),
    voidAuthorized: () => undefined,
  });
}

function capture(sim: SimContext, ctx: RequestCtx, call: ConnectCall, id: string) {
  const b = call.body;
  if (!isIntIn(b.amount, 1, MAX)) return invalid('amount must be an integer from 1 to 999999999');
  if (b.tipAmount !== undefined && !isIntIn(b.tipAmount, 0, MAX)) return invalid('tipAmount must be an integer from 0 to 999999999');
  const total = b.amount;
  const tip = (b.tipAmount as number | undefined) ?? 0;
  if (tip > total) return invalid('tipAmount cannot exceed amount (amount is the total)');
  return runMoneyCall(sim, ctx, call, () => {
    const p = sim.ledger.find(call.merchantId, id, 'payment');
    if (!p) return notFound(id);
    if (p.result !== 'AUTH' || p.captured) return invalid(`Payment ${id} is not an open pre-authorization`);
    const op = serverSideOp('CapturePreAuth', () => {
      Object.assign(p, { amount: total - tip, tipAmount: tip, result: 'SUCCESS', captured: true, modifiedTime: sim.now() });
      p.card.type = 'PREAUTHCAPTURE';
      p.card.state = 'CLOSED';
      return json(200, { id: p.id, amount: total, tipAmount: tip });
    });
    return { op, action: SERVER_SIDE };
  });
}

function tipAdjust(sim: SimContext, ctx: RequestCtx, call: ConnectCall, id: string) {
  if (!isIntIn(call.body.tipAmount, 0, MAX)) return invalid('tipAmount must be an integer from 0 to 999999999');
  const tip = call.body.tipAmount;
  return runMoneyCall(sim, ctx, call, () => {
    const p = sim.ledger.find(call.merchantId, id, 'payment');
    if (!p) return notFound(id);
    if (p.result !== 'SUCCESS' || p.final || p.card.state !== 'PENDING') return invalid(`Payment ${id} is not a tip-adjustable auth`);
    const op = serverSideOp('TipAdjust', () => {
      p.tipAmount = tip;
      p.modifiedTime = sim.now();
      return json(200, { id: p.id, tipAmount: tip });
    });
    return { op, action: SERVER_SIDE };
  });
}

function refund(sim: SimContext, ctx: RequestCtx, call: ConnectCall, id: string) {
  const b = call.body;
  const full = b.fullRefund === true;
  if (b.fullRefund !== undefined && typeof b.fullRefund !== 'boolean') return invalid('fullRefund must be a boolean');
  if (!full && !isIntIn(b.amount, 1, MAX)) return invalid('amount must be an integer from 1 to 999999999, or fullRefund true');
  return runMoneyCall(sim, ctx, call, () => {
    const p = sim.ledger.find(call.merchantId, id);
    if (!p) return notFound(id);
    if (p.result !== 'SUCCESS') return invalid(`Payment ${id} cannot be refunded (result ${p.result})`);
    const remaining = PaymentLedger.remaining(p);
    if (remaining <= 0) return invalid(`Payment ${id} is already fully refunded`);
    const amount = full ? remaining : (b.amount as number);
    if (amount > remaining) return invalid(`Refund amount ${amount} exceeds the refundable amount ${remaining}`);
    let r: RefundRecord | undefined;
    const respond = (rec: RefundRecord): SimResponse =>
      json(200, { id: rec.id, refund: refundJson(rec, p), payment: { id: p.id, amount: p.amount } });
    const op = new DeviceOperation('RefundPayment', {
      authorize() {
        // Re-checked at authorization: another device may have refunded meanwhile.
        const ok = amount <= PaymentLedger.remaining(p);
        r = sim.ledger.addRefund(p, { amount, createdTime: sim.now(), status: ok ? 'SUCCESS' : 'FAIL', via: 'rest-pay' });
      },
      finish: () => respond(r as RefundRecord),
      decline: () => respond(sim.ledger.addRefund(p, { amount, createdTime: sim.now(), status: 'FAIL', via: 'rest-pay' })),
      voidAuthorized: () => void (r && (r.status = 'FAIL')),
    });
    return { op, action: call.device.script.shift() ?? SERVER_SIDE };
  });
}

function voidPayment(sim: SimContext, ctx: RequestCtx, call: ConnectCall, id: string) {
  if (id.length !== 13) return invalid('paymentId must be exactly 13 characters');
  const reason = call.body.voidReason;
  if (typeof reason !== 'string' || !VOID_REASONS.has(reason)) return invalid('voidReason is required and must be a VoidReason value');
  return runMoneyCall(sim, ctx, call, () => {
    const p = sim.ledger.find(call.merchantId, id, 'payment');
    if (!p) return notFound(id);
    if (p.result !== 'SUCCESS' && p.result !== 'AUTH') return invalid(`Payment ${id} cannot be voided (result ${p.result})`);
    if (p.refunds.some((r) => r.status === 'SUCCESS')) return invalid(`Payment ${id} has refunds and cannot be voided`);
    const late = p.final && sim.now() - p.createdTime > VOID_WINDOW_MS;
    if (late && !sim.opts.emulateVoidToRefund) {
      return json(400, { message: 'The void window of 25 minutes has passed; refund the payment instead', type: 'VOID_WINDOW_EXPIRED' });
    }
    const op = serverSideOp('VoidPayment', () => {
      if (late) {
        // The gateway turns a late void into a refund (§3.6).
        const r = sim.ledger.addRefund(p, { amount: PaymentLedger.remaining(p), createdTime: sim.now(), status: 'SUCCESS', via: 'void-emulation' });
        return json(200, { id: p.id, voidReason: reason, voidStatus: 'SENT_TO_SERVER', refund: refundJson(r, p), payment: restPayPaymentJson(p) });
      }
      Object.assign(p, { result: 'VOIDED', voidReason: reason, modifiedTime: sim.now() } satisfies Partial<PaymentRecord>);
      return json(200, { id: p.id, voidReason: reason, voidStatus: 'SENT_TO_SERVER', payment: restPayPaymentJson(p) });
    });
    return { op, action: SERVER_SIDE };
  });
}

function receipt(sim: SimContext, call: ConnectCall, kind: 'payment' | 'refund' | 'credit', id: string): SimResponse {
  const exists =
    kind === 'payment' ? !!sim.ledger.find(call.merchantId, id) : kind === 'refund' ? !!sim.ledger.findRefund(call.merchantId, id) : sim.ledger.credits.some((c) => c.id === id && c.merchantId === call.merchantId);
  if (!exists) return json(404, { message: `${kind} ${id} not found`, type: 'NOT_FOUND' });
  const option = call.body.deliveryOption as { method?: unknown } | undefined;
  const method = option?.method ?? 'PRINT';
  if (method !== 'PRINT' && method !== 'EMAIL' && method !== 'SMS') return invalid('deliveryOption.method must be PRINT, EMAIL or SMS');
  const busy = call.device.busyResponse();
  if (busy) return busy;
  call.device.receipts.push({ kind, id, method });
  return json(200, {});
}

export function paymentFollowupRoutes(sim: SimContext): Route[] {
  const P = '^/connect/v1/payments/([^/]+)';
  const route = (method: string, suffix: string, fn: (ctx: RequestCtx, call: ConnectCall, id: string) => Promise<SimResponse> | SimResponse): Route => ({
    method,
    pattern: new RegExp(`${P}${suffix}$`),
    handle: connect(sim, (ctx, call, [id]) => fn(ctx, call, id ?? '')),
  });
  return [
    route('POST', '/capture', (ctx, call, id) => capture(sim, ctx, call, id)),
    route('POST', '/tip-adjust', (ctx, call, id) => tipAdjust(sim, ctx, call, id)),
    route('POST', '/refunds', (ctx, call, id) => refund(sim, ctx, call, id)),
    route('POST', '/void', (ctx, call, id) => voidPayment(sim, ctx, call, id)),
    route('POST', '/receipt', (_ctx, call, id) => receipt(sim, call, 'payment', id)),
    route('POST', '/increment', () => json(501, { message: 'Incremental authorization is not supported by the simulator', type: 'NOT_SUPPORTED' })),
    {
      method: 'POST',
      pattern: /^\/connect\/v1\/refunds\/([^/]+)\/receipt$/,
      handle: connect(sim, (_ctx, call, [id]) => receipt(sim, call, 'refund', id ?? '')),
    },
    {
      method: 'POST',
      pattern: /^\/connect\/v1\/credits\/([^/]+)\/receipt$/,
      handle: connect(sim, (_ctx, call, [id]) => receipt(sim, call, 'credit', id ?? '')),
    },
  ];
}
