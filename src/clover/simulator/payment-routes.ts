// REST Pay payments and credits (§3.2–3.4, D11–D13): POST /v1/payments waits for the customer on
// the device; GET by id and by externalPaymentId are the recovery path.
import { DeviceOperation, type ApproveAction } from './device-operation';
import { isIntIn, json, type RequestCtx, type Route, type SimResponse } from './http-io';
import { runMoneyCall } from './money-calls';
import { isResponse, openConnectCall, restPayError, type ConnectCall } from './paydisplay-gate';
import { creditJson, restPayPaymentJson } from './payment-json';
import type { CreditRecord, PaymentRecord } from './payment-ledger';
import type { SimContext } from './sim-context';

const MAX = 999_999_999;

function invalid(message: string): SimResponse {
  return restPayError(400, 'INVALID_REQUEST', message);
}

function cardFor(sim: SimContext, action: ApproveAction | undefined, type: string, state: 'PENDING' | 'CLOSED') {
  const a = action?.kind === 'approve' ? action : undefined;
  return sim.ledger.nextCard({
    type,
    state,
    ...(a?.cardType ? { cardType: a.cardType } : {}),
    ...(a?.last4 ? { last4: a.last4 } : {}),
    ...(a?.entryType ? { entryType: a.entryType } : {}),
  });
}

function validatePayment(body: Record<string, unknown>): SimResponse | undefined {
  if (!isIntIn(body.amount, 1, MAX)) return invalid('amount must be an integer from 1 to 999999999');
  const ext = body.externalPaymentId;
  if (typeof ext !== 'string' || ext.length < 1 || ext.length > 32) return invalid('externalPaymentId is required (at most 32 characters)');
  for (const f of ['final', 'capture'] as const) if (body[f] !== undefined && typeof body[f] !== 'boolean') return invalid(`${f} must be a boolean`);
  if (body.tipAmount !== undefined) {
    if (!isIntIn(body.tipAmount, 0, MAX)) return invalid('tipAmount must be an integer from 0 to 999999999');
    if (body.final !== true) return invalid('tipAmount is only allowed with final=true');
  }
  if (body.taxAmount !== undefined && !isIntIn(body.taxAmount, 0, MAX)) return invalid('taxAmount must be an integer from 0 to 999999999');
  const ref = body.externalReferenceId;
  if (ref !== undefined && (typeof ref !== 'string' || ref.length > 12)) return invalid('externalReferenceId must be a string of at most 12 characters');
  return undefined;
}

function createPayment(sim: SimContext, ctx: RequestCtx, call: ConnectCall): Promise<SimResponse> | SimResponse {
  const b = call.body;
  const bad = validatePayment(b);
  if (bad) return bad;
  const amount = b.amount as number;
  const ext = b.externalPaymentId as string;
  const final = b.final === true;
  const capture = final || b.capture !== false; // `capture` only counts when final=false
  return runMoneyCall(sim, ctx, call, () => {
    if (call.device.lastExternalPaymentId === ext) {
      return restPayError(400, 'DUPLICATE', `Duplicate externalPaymentId ${ext}: the previous payment used it`);
    }
    let record: PaymentRecord | undefined;
    const base = () => ({
      kind: 'payment' as const,
      merchantId: call.merchantId,
      deviceSerial: call.device.serial,
      deviceId: call.device.device.id,
      requestedAmount: amount,
      tipAmount: (b.tipAmount as number | undefined) ?? 0,
      taxAmount: (b.taxAmount as number | undefined) ?? 0,
      externalPaymentId: ext,
      ...(typeof b.externalReferenceId === 'string' ? { externalReferenceId: b.externalReferenceId } : {}),
      createdTime: sim.now(),
      final,
      capture,
    });
    const op = new DeviceOperation(
      'CreateCharge',
      {
        authorize(action) {
          const approved = action.kind === 'partial' ? Math.min(amount, Math.max(1, action.approvedAmount ?? Math.floor(amount / 2))) : amount;
          const type = capture ? 'AUTH' : 'PREAUTH';
          record = sim.ledger.addPayment({
            ...base(),
            amount: approved,
            result: capture ? 'SUCCESS' : 'AUTH',
            captured: capture,
            partial: approved < amount,
            card: cardFor(sim, action, type, final ? 'CLOSED' : 'PENDING'),
          });
          sim.counters.paymentsCreated++;
        },
        finish: () => json(200, { payment: restPayPaymentJson(record as PaymentRecord) }),
        decline() {
          const failed = sim.ledger.addPayment({ ...base(), amount, result: 'FAIL', captured: false, partial: false, card: cardFor(sim, undefined, 'AUTH', 'CLOSED') });
          return json(200, { payment: restPayPaymentJson(failed) });
        },
        voidAuthorized(reason) {
          if (!record) return;
          record.result = 'VOIDED';
          record.voidReason = reason;
          record.modifiedTime = sim.now();
        },
      },
      ext,
    );
    call.device.lastExternalPaymentId = ext;
    return { op, action: call.device.script.shift() ?? sim.opts.defaultAction };
  });
}

function createCredit(sim: SimContext, ctx: RequestCtx, call: ConnectCall): Promise<SimResponse> | SimResponse {
  const b = call.body;
  if (!isIntIn(b.amount, 1, MAX)) return invalid('amount must be an integer from 1 to 999999999');
  const ext = b.externalPaymentId;
  if (ext !== undefined && (typeof ext !== 'string' || ext.length < 1 || ext.length > 32)) return invalid('externalPaymentId must be at most 32 characters');
  const amount = b.amount;
  return runMoneyCall(sim, ctx, call, () => {
    let credit: CreditRecord | undefined;
    const make = (result: CreditRecord['result'], action?: ApproveAction): CreditRecord =>
      sim.ledger.addCredit({
        merchantId: call.merchantId,
        deviceSerial: call.device.serial,
        amount,
        ...(typeof ext === 'string' ? { externalPaymentId: ext } : {}),
        createdTime: sim.now(),
        result,
        card: cardFor(sim, action, 'NAKEDREFUND', 'CLOSED'),
      });
    const op = new DeviceOperation(
      'CreateCredit',
      {
        authorize: (action) => void (credit = make('SUCCESS', action)),
        finish: () => json(200, { credit: creditJson(credit as CreditRecord) }),
        decline: () => json(200, { credit: creditJson(make('FAIL')) }),
        voidAuthorized: () => void (credit && (credit.result = 'VOIDED')),
      },
      typeof ext === 'string' ? ext : undefined,
    );
    return { op, action: call.device.script.shift() ?? sim.opts.defaultAction };
  });
}

function getPayment(sim: SimContext, call: ConnectCall, id: string): SimResponse {
  const p = sim.ledger.find(call.merchantId, id, 'payment') ?? sim.ledger.find(call.merchantId, id, 'charge');
  return p ? json(200, { payment: restPayPaymentJson(p) }) : json(404, { message: `Payment ${id} not found`, type: 'NOT_FOUND' });
}

function getByExternalId(sim: SimContext, call: ConnectCall, ext: string): SimResponse {
  if (sim.devices.inFlight(call.merchantId, ext)) {
    if (sim.opts.inFlightLookup === 404) return json(404, { message: `No payment with externalPaymentId ${ext}`, type: 'NOT_FOUND' });
    return json(503, { message: `A payment with externalPaymentId ${ext} is still in progress`, type: 'RESOURCE_CONFLICT' });
  }
  const p = sim.ledger.byExternalId(call.merchantId, ext);
  return p ? json(200, { payment: restPayPaymentJson(p) }) : json(404, { message: `No payment with externalPaymentId ${ext}`, type: 'NOT_FOUND' });
}

/** Wraps a handler with the §3.1 gate. */
export function connect(sim: SimContext, fn: (ctx: RequestCtx, call: ConnectCall, params: string[]) => Promise<SimResponse> | SimResponse) {
  return (ctx: RequestCtx, params: string[]): Promise<SimResponse> | SimResponse => {
    const call = openConnectCall(sim, ctx);
    return isResponse(call) ? call : fn(ctx, call, params);
  };
}

export function paymentRoutes(sim: SimContext): Route[] {
  return [
    { method: 'POST', pattern: /^\/connect\/v1\/payments$/, handle: connect(sim, (ctx, call) => createPayment(sim, ctx, call)) },
    { method: 'POST', pattern: /^\/connect\/v1\/credits$/, handle: connect(sim, (ctx, call) => createCredit(sim, ctx, call)) },
    { method: 'GET', pattern: /^\/connect\/v1\/payments\/external\/([^/]+)$/, handle: connect(sim, (_c, call, [ext]) => getByExternalId(sim, call, ext ?? '')) },
    { method: 'GET', pattern: /^\/connect\/v1\/payments\/([^/]+)$/, handle: connect(sim, (_c, call, [id]) => getPayment(sim, call, id ?? '')) },
  ];
}
