// Which bearer Clover accepts where (clover-api.md §2.3, §3.1, §4 "Auth precedence observed",
// §5, §8 rows "REST Pay auth", "Ecommerce auth"): the OAuth access token everywhere; a merchant
// API token on Platform v3 only; an Ecommerce private key on GET /v3/merchants/{mId}, PAKMS and
// charges/refunds. Anything else is a 401, as Clover answers it. Kept apart from the client's
// own table on purpose: the simulator plays Clover and must not agree with the app by import.
import { bearerToken, json, type RequestCtx, type SimResponse } from './http-io';
import type { SimContext } from './sim-context';
import type { LegacyCredentialKind } from './types';

export type SimSurface = 'rest-pay' | 'platform-merchant' | 'platform' | 'ecommerce';

const REACH: Record<LegacyCredentialKind, Record<SimSurface, boolean>> = {
  'merchant-token': { 'rest-pay': false, 'platform-merchant': true, platform: true, ecommerce: false },
  'ecommerce-key': { 'rest-pay': false, 'platform-merchant': true, platform: false, ecommerce: true },
};

/** §3.1/§8: REST Pay takes OAuth tokens only. */
const REST_PAY_OAUTH_ONLY = json(401, { message: 'Unauthorized: REST Pay Display accepts OAuth access tokens only' });

/**
 * The merchant behind the request's bearer when it may use `surface`; else the 401 to send
 * (`unauthorized` for an unknown token, a surface-specific one for a credential Clover refuses here).
 */
export function bearerMerchant(sim: SimContext, ctx: RequestCtx, surface: SimSurface, unauthorized: SimResponse): string | SimResponse {
  const who = sim.tokens.identify(bearerToken(ctx));
  if (who && (who.kind === 'oauth' || REACH[who.kind][surface])) return who.merchantId;
  sim.counters.unauthorized++;
  return who && surface === 'rest-pay' ? REST_PAY_OAUTH_ONLY : unauthorized;
}
