// The token host (§5.1, §8): POST /v1/tokens with the PAKMS key in a lowercase `apikey` header.
// Returns a single-use clv_ token; keeps brand, last4 and a keyed hash of the PAN, never the PAN.
import { createHmac, randomBytes } from 'node:crypto';
import { testOutcome, validateCard } from './card-rules';
import { ecomError, ECOM_INVALID_JSON, ECOM_UNAUTHORIZED, ECOM_UNSUPPORTED_TYPE } from './ecommerce-errors';
import { header, isObject, json, readJsonObject, type RequestCtx, type Route, type SimResponse } from './http-io';
import { secret } from './ids';
import type { SimContext } from './sim-context';

// Per-process key: fingerprints can be compared, not reversed.
const FINGERPRINT_KEY = randomBytes(32);

function tokenize(sim: SimContext, ctx: RequestCtx): SimResponse {
  // A header named apiAccessKey (the PAKMS field name) is not accepted: 401, as observed.
  const merchantId = sim.tokens.merchantForApiKey(header(ctx, 'apikey'));
  if (!merchantId) return ECOM_UNAUTHORIZED;
  const body = readJsonObject(ctx);
  if (!body.ok) return body.reason === 'content-type' ? ECOM_UNSUPPORTED_TYPE : ECOM_INVALID_JSON;
  const card = body.value.card;
  if (!isObject(card)) return ecomError(400, 'invalid_request_error', 'invalid_request', 'card is required', { param: 'card' });
  const valid = validateCard(card, new Date(sim.now()), sim.opts.acceptPastExpiry);
  if ('code' in valid) return ecomError(400, 'card_error', valid.code, valid.message, { param: valid.param });
  const id = `clv_1T${secret(18).replace(/[-_]/g, 'Q')}`;
  const last4 = valid.pan.slice(-4);
  sim.cardTokens.set(id, {
    merchantId,
    brand: valid.brand,
    last4,
    expMonth: valid.expMonth,
    expYear: valid.expYear,
    outcome: testOutcome(valid.pan),
    fingerprint: createHmac('sha256', FINGERPRINT_KEY).update(valid.pan).digest('base64url'),
    used: false,
  });
  return json(200, { id, object: 'token', card: { brand: valid.brand, last4, exp_month: valid.expMonth, exp_year: valid.expYear } });
}

export function tokenizeRoutes(sim: SimContext): Route[] {
  return [{ method: 'POST', pattern: /^\/v1\/tokens$/, handle: (ctx) => tokenize(sim, ctx) }];
}
