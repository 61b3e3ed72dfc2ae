// The Ecommerce host (§5, §8, D8–D10, D22, D25): PAKMS key, charges, capture and strict full
// refunds. No /v1/credits and no void here (D10): those paths 404 like any unknown one.
import { ecomError, ecomInvalid, ECOM_INVALID_JSON, ECOM_UNAUTHORIZED, ECOM_UNSUPPORTED_TYPE } from './ecommerce-errors';
import { bearerMerchant } from './credential-gate';
import { canonicalJson, header, isIntIn, json, readJsonObject, type JsonObject, type RequestCtx, type Route, type SimResponse } from './http-io';
import { PaymentLedger, type PaymentRecord, type RefundRecord } from './payment-ledger';
import type { SimContext } from './sim-context';

const MAX = 999_999_999;
const VELOCITY_MESSAGE = 'Declined as sale count per card is greater than configured amount';

export function chargeJson(p: PaymentRecord): Record<string, unknown> {
  const paid = p.result === 'SUCCESS' || p.result === 'AUTH';
  const refunded = PaymentLedger.refunded(p);
  const total = p.amount + p.tipAmount;
  return {
    id: p.id,
    object: 'charge',
    amount: total,
    tax_amount: p.taxAmount,
    tip_amount: p.tipAmount,
    amount_refunded: refunded,
    currency: p.currency ?? 'usd',
    created: p.createdTime,
    captured: p.captured,
    paid,
    refunded: refunded > 0 && refunded >= total,
    status: paid ? 'succeeded' : 'failed',
    ...(paid ? { auth_code: p.card.authCode } : {}),
    outcome: paid ? { network_status: 'approved_by_network', type: 'authorized' } : { network_status: 'declined_by_network', type: 'issuer_declined' },
    source: { id: p.sourceToken, object: 'card', brand: p.card.cardType, last4: p.card.last4, exp_month: p.card.expMonth, exp_year: p.card.expYear },
    ...(p.externalReferenceId ? { external_reference_id: p.externalReferenceId } : {}),
    ...(p.description ? { description: p.description } : {}),
    ref_num: p.card.referenceId,
  };
}

function refundObject(r: RefundRecord): Record<string, unknown> {
  return { id: r.id, object: 'refund', amount: r.amount, charge: r.paymentId, created: r.createdTime, status: r.status === 'SUCCESS' ? 'succeeded' : 'failed', ...(r.reason ? { reason: r.reason } : {}) };
}

type Body = { merchantId: string; body: JsonObject };

/** Bearer (the OAuth access token, §8, or the Ecommerce private key, §5) and a JSON object body. */
function open(sim: SimContext, ctx: RequestCtx): Body | SimResponse {
  const merchantId = bearerMerchant(sim, ctx, 'ecommerce', ECOM_UNAUTHORIZED);
  if (typeof merchantId !== 'string') return merchantId;
  const body = readJsonObject(ctx);
  if (!body.ok) return body.reason === 'content-type' ? ECOM_UNSUPPORTED_TYPE : ECOM_INVALID_JSON;
  return { merchantId, body: body.value };
}

/** Same key + same body replays the stored answer; same key + other body is refused (D6). */
function idempotent(sim: SimContext, ctx: RequestCtx, b: Body, key: string | undefined, run: () => SimResponse): SimResponse {
  if (!key) return run();
  const fp = `${ctx.path} ${canonicalJson(b.body)}`;
  const existing = sim.ecomIdempotency.get(b.merchantId, key);
  if (existing?.state === 'done') {
    if (existing.fingerprint !== fp) return ecomError(400, 'idempotency_error', 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with');
    return existing.response;
  }
  const response = run();
  if (response.status === 200 || response.status === 402) sim.ecomIdempotency.storeDone(b.merchantId, key, fp, response);
  return response;
}

function createCharge(sim: SimContext, ctx: RequestCtx, b: Body): SimResponse {
  const key = header(ctx, 'idempotency-key');
  if (!key) return ecomInvalid('idempotency-key header is required', 'idempotency-key');
  if (!header(ctx, 'x-forwarded-for')) return ecomInvalid('x-forwarded-for header is required', 'x-forwarded-for');
  return idempotent(sim, ctx, b, key, () => {
    const { amount, currency, source, capture, tax_amount, tip_amount, external_reference_id, description } = b.body;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) return ecomInvalid('Invalid charge amount', 'amount', 'invalid_charge_amount');
    if (amount > MAX) return ecomInvalid('Amount is too large', 'amount', 'amount_too_large');
    if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) return ecomInvalid('currency must be a lowercase ISO 4217 code', 'currency');
    if (tax_amount !== undefined && !isIntIn(tax_amount, 0, MAX)) return ecomInvalid('Invalid tax amount', 'tax_amount', 'invalid_tax_amount');
    if (tip_amount !== undefined && !isIntIn(tip_amount, 0, amount)) return ecomInvalid('Invalid tip amount', 'tip_amount', 'invalid_tip_amount');
    if (capture !== undefined && typeof capture !== 'boolean') return ecomInvalid('capture must be a boolean', 'capture');
    if (external_reference_id !== undefined && typeof external_reference_id !== 'string') return ecomInvalid('external_reference_id must be a string', 'external_reference_id');
    const token = typeof source === 'string' ? sim.cardTokens.get(source) : undefined;
    if (!token || token.merchantId !== b.merchantId) return ecomInvalid('No such token', 'source', 'resource_missing');
    if (token.used) return ecomInvalid('Token has already been used', 'source', 'token_already_used');
    token.used = true;

    const day = `${token.fingerprint}:${new Date(sim.now()).toISOString().slice(0, 10)}`;
    const limit = sim.opts.velocityLimit;
    let declineMessage: string | undefined;
    if (token.outcome === 'decline') declineMessage = 'DECLINED';
    else if (token.outcome === 'partial') declineMessage = 'Partial authorizations are not supported';
    else if (limit !== false && (sim.velocity.get(day) ?? 0) >= limit) declineMessage = VELOCITY_MESSAGE;

    const tip = (tip_amount as number | undefined) ?? 0;
    const wantsCapture = capture !== false;
    const record = sim.ledger.addPayment({
      kind: 'charge',
      merchantId: b.merchantId,
      amount: amount - tip,
      requestedAmount: amount - tip,
      tipAmount: tip,
      taxAmount: (tax_amount as number | undefined) ?? 0,
      ...(typeof external_reference_id === 'string' ? { externalReferenceId: external_reference_id } : {}),
      createdTime: sim.now(),
      result: declineMessage ? 'FAIL' : wantsCapture ? 'SUCCESS' : 'AUTH',
      final: wantsCapture,
      capture: wantsCapture,
      captured: !declineMessage && wantsCapture,
      partial: false,
      card: sim.ledger.nextCard({ type: wantsCapture ? 'AUTH' : 'PREAUTH', state: 'CLOSED', cardType: token.brand, last4: token.last4, entryType: 'KEYED', expMonth: token.expMonth, expYear: token.expYear }),
      currency,
      sourceToken: source as string,
      ...(typeof description === 'string' ? { description } : {}),
    });
    if (declineMessage) {
      return ecomError(402, 'card_error', 'card_declined', declineMessage, { decline_code: 'DECLINED', charge: record.id });
    }
    sim.velocity.set(day, (sim.velocity.get(day) ?? 0) + 1);
    sim.counters.chargesCreated++;
    return json(200, chargeJson(record));
  });
}

function findCharge(sim: SimContext, merchantId: string, id: string): PaymentRecord | SimResponse {
  return sim.ledger.find(merchantId, id, 'charge') ?? ecomError(404, 'invalid_request_error', 'resource_missing', `No such charge: ${id}`, { param: 'charge' });
}

function captureCharge(sim: SimContext, b: Body, id: string): SimResponse {
  const p = findCharge(sim, b.merchantId, id);
  if ('status' in p) return p;
  if (p.captured) return ecomInvalid('Charge has already been captured', 'charge', 'charge_already_captured');
  if (p.result !== 'AUTH') return ecomInvalid('Charge cannot be captured', 'charge');
  const amount = b.body.amount;
  if (amount !== undefined && !isIntIn(amount, 1, p.amount + p.tipAmount)) return ecomInvalid('Invalid capture amount', 'amount', 'invalid_charge_amount');
  if (typeof amount === 'number') p.amount = amount - p.tipAmount;
  Object.assign(p, { captured: true, result: 'SUCCESS', modifiedTime: sim.now() });
  p.card.type = 'PREAUTHCAPTURE';
  return json(200, chargeJson(p));
}

function createRefund(sim: SimContext, ctx: RequestCtx, b: Body): SimResponse {
  const keys = Object.keys(b.body);
  const allowed = sim.opts.ecomPartialRefunds ? ['charge', 'amount', 'reason'] : ['charge'];
  // D9: the sandbox takes exactly {"charge"}; anything more is "Invalid JSON format".
  if (typeof b.body.charge !== 'string' || keys.some((k) => !allowed.includes(k))) return ECOM_INVALID_JSON;
  return idempotent(sim, ctx, b, header(ctx, 'idempotency-key'), () => {
    const p = findCharge(sim, b.merchantId, b.body.charge as string);
    if ('status' in p) return p;
    if (p.result !== 'SUCCESS' && p.result !== 'AUTH') return ecomInvalid('Charge was not successful and cannot be refunded', 'charge');
    const remaining = PaymentLedger.remaining(p);
    if (remaining <= 0) return ecomInvalid('Charge has already been refunded', 'charge', 'charge_already_refunded');
    const amount = b.body.amount ?? remaining;
    if (!isIntIn(amount, 1, remaining)) return ecomInvalid('Refund amount exceeds the refundable amount', 'amount', 'amount_too_large');
    const reason = typeof b.body.reason === 'string' ? b.body.reason : undefined;
    const r = sim.ledger.addRefund(p, { amount, createdTime: sim.now(), status: 'SUCCESS', via: 'ecommerce', ...(reason ? { reason } : {}) });
    return json(200, refundObject(r));
  });
}

function listOf(ctx: RequestCtx, items: Record<string, unknown>[]): SimResponse {
  const limit = Math.min(Math.max(Number(ctx.query.get('limit') ?? 10) || 10, 1), 100);
  return json(200, { object: 'list', data: items.slice(-limit).reverse(), has_more: items.length > limit });
}

export function ecommerceRoutes(sim: SimContext): Route[] {
  const authed = (fn: (ctx: RequestCtx, b: Body, params: string[]) => SimResponse) => (ctx: RequestCtx, params: string[]) => {
    const b = open(sim, ctx);
    return 'status' in b ? b : fn(ctx, b, params);
  };
  const charges = (mId: string) => sim.ledger.payments.filter((p) => p.kind === 'charge' && p.merchantId === mId);
  return [
    {
      method: 'GET',
      pattern: /^\/pakms\/apikey$/,
      handle: authed((_ctx, b) => json(200, { apiAccessKey: sim.tokens.apiKeyFor(b.merchantId), merchantUuid: b.merchantId, appUuid: sim.opts.appId, active: true })),
    },
    { method: 'POST', pattern: /^\/v1\/charges$/, handle: authed((ctx, b) => createCharge(sim, ctx, b)) },
    { method: 'GET', pattern: /^\/v1\/charges$/, handle: authed((ctx, b) => listOf(ctx, charges(b.merchantId).map(chargeJson))) },
    {
      method: 'GET',
      pattern: /^\/v1\/charges\/([^/]+)$/,
      handle: authed((_ctx, b, [id]) => {
        const p = findCharge(sim, b.merchantId, id ?? '');
        return 'status' in p ? p : json(200, chargeJson(p));
      }),
    },
    { method: 'POST', pattern: /^\/v1\/charges\/([^/]+)\/capture$/, handle: authed((_ctx, b, [id]) => captureCharge(sim, b, id ?? '')) },
    { method: 'POST', pattern: /^\/v1\/refunds$/, handle: authed((ctx, b) => createRefund(sim, ctx, b)) },
    {
      method: 'GET',
      pattern: /^\/v1\/refunds$/,
      handle: authed((ctx, b) => {
        const charge = ctx.query.get('charge');
        const refunds = charges(b.merchantId).filter((p) => !charge || p.id === charge).flatMap((p) => p.refunds);
        return listOf(ctx, refunds.map(refundObject));
      }),
    },
  ];
}
