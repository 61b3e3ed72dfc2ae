// OAuth v2 + PKCE (§2, D3, D20, D21). The web host plays the merchant's browser login and
// approves at once; the API host exchanges codes and rotates refresh tokens.
import { json, readJsonObject, type RequestCtx, type Route, type SimResponse } from './http-io';
import type { SimContext } from './sim-context';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const BAD_CODE = json(401, { message: 'Failed to validate authentication code' });
const BAD_REFRESH = json(401, { message: 'Invalid refresh token' });

function badRequest(message: string): SimResponse {
  return json(400, { message });
}

function redirectTarget(raw: string | null): URL | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function authorize(sim: SimContext, ctx: RequestCtx, legacy: boolean): SimResponse {
  const q = ctx.query;
  if (q.get('client_id') !== sim.opts.appId) return badRequest('Unknown client_id');
  const redirect = redirectTarget(q.get('redirect_uri'));
  if (!redirect) return badRequest('redirect_uri must be an absolute http(s) URL');
  const merchantId = q.get('merchant_id') ?? sim.opts.merchants[0]?.id;
  if (!sim.merchant(merchantId ?? undefined) || !merchantId) return badRequest('Unknown merchant_id');
  let challenge: string | null = null;
  if (!legacy) {
    if (q.get('response_type') !== 'code') return badRequest('response_type must be code');
    if (q.get('code_challenge_method') !== 'S256') return badRequest('code_challenge_method must be S256');
    challenge = q.get('code_challenge');
    if (!challenge || !CHALLENGE.test(challenge)) return badRequest('code_challenge must be base64url (no padding) of a SHA-256 digest');
  }
  // The merchant "logs in and approves" at once. A legacy path yields a v1 code that
  // /oauth/v2/token rejects, as observed (§8).
  const code = sim.tokens.createCode(merchantId, challenge);
  redirect.searchParams.set('merchant_id', merchantId);
  redirect.searchParams.set('client_id', sim.opts.appId);
  redirect.searchParams.set('code', code);
  const state = q.get('state');
  if (state !== null) redirect.searchParams.set('state', state);
  return { status: 302, headers: { location: redirect.toString() }, body: undefined };
}

/** §8: the API host has no login UI, only a blank login page that goes nowhere. */
const BLANK_LOGIN: SimResponse = {
  status: 200,
  html: '<!doctype html><html><head><title>Clover</title></head><body><form><input type="email"><input type="password"><button disabled>Log in</button></form></body></html>',
};

function tokenExchange(sim: SimContext, ctx: RequestCtx): SimResponse {
  const body = readJsonObject(ctx);
  if (!body.ok) return body.reason === 'content-type' ? json(415, { message: 'Unsupported Media Type' }) : badRequest('Malformed JSON');
  if (ctx.rawBody.trim() === '') return json(415, { message: 'Unsupported Media Type' });
  const { client_id, code, code_verifier } = body.value;
  const withRefresh = ctx.query.get('no_refresh_token') !== 'true';
  const tokens = sim.tokens.exchangeCode(client_id, code, code_verifier, withRefresh);
  if (!tokens) return BAD_CODE;
  sim.counters.tokenExchanges++;
  return json(200, tokens);
}

function refresh(sim: SimContext, ctx: RequestCtx): SimResponse {
  const body = readJsonObject(ctx);
  if (!body.ok) return body.reason === 'content-type' ? json(415, { message: 'Unsupported Media Type' }) : badRequest('Malformed JSON');
  if (ctx.rawBody.trim() === '') return json(415, { message: 'Unsupported Media Type' });
  const tokens = sim.tokens.refreshTokens(body.value.client_id, body.value.refresh_token);
  if (!tokens) {
    sim.counters.refreshFailures++;
    return BAD_REFRESH;
  }
  sim.counters.refreshes++;
  return json(200, tokens);
}

export function oauthWebRoutes(sim: SimContext): Route[] {
  return [
    { method: 'GET', pattern: /^\/oauth\/v2\/authorize$/, handle: (ctx) => authorize(sim, ctx, false) },
    { method: 'GET', pattern: /^\/oauth\/authorize$/, handle: (ctx) => authorize(sim, ctx, true) },
  ];
}

export function oauthApiRoutes(sim: SimContext): Route[] {
  return [
    { method: 'GET', pattern: /^\/oauth\/v2\/authorize$/, handle: () => BLANK_LOGIN },
    { method: 'POST', pattern: /^\/oauth\/v2\/token$/, handle: (ctx) => tokenExchange(sim, ctx) },
    { method: 'POST', pattern: /^\/oauth\/v2\/refresh$/, handle: (ctx) => refresh(sim, ctx) },
  ];
}
