// Everything the callback checks about a state before it lets a browser (and its OAuth code)
// through, apart from the nonce (callback.ts does that last, so a refused request burns none):
// - the signer: a till's own key (`customer: "till:<id>"`, see till-keys.ts) or the
//   dispatcher's key, which signs launch states only;
// - MAC, shape and age (src/shared/signed-state);
// - where it leads: allow-listed as before; a till state only to loopback (where tills
//   listen), a launch state only to its merchant's Odoo callback;
// - the merchant: a state naming one (`merchant_id`) is good only for Clover's callback of
//   that merchant. A state minted without a merchant is a till's first sign-in, for whichever
//   merchant the person logs in to; the till learns the merchant from the redirect and
//   decides for itself (its PKCE verifier binds the code to it). The dispatcher's own states
//   always name one, so a dispatcher-signed state without a merchant is refused.
import { verifySignedState, type SignedStatePayload, type StateFailureReason } from '../shared/signed-state';
import type { DispatcherContext } from './context';
import { checkRedirect, isLoopbackHost } from './redirect-policy';
import { readStateClaims } from './state-claims';
import { tillIdOfCustomer } from './till-keys';

export type StateSigner = { kind: 'dispatcher'; previousSecret: boolean } | { kind: 'till'; tillId: string };

export type CheckedState =
  | { ok: true; payload: SignedStatePayload; signer: StateSigner; merchant: string | null; target: URL }
  | { ok: false; reason: string };

const REASONS: Record<StateFailureReason, string> = {
  malformed: 'malformed state',
  forged: 'invalid state signature',
  expired: 'expired state',
  not_yet_valid: 'state issued in the future',
};

export async function checkCallbackState(state: string | null, merchantId: string | null, ctx: DispatcherContext): Promise<CheckedState> {
  // Read before the MAC only to pick the key; trusted only once the MAC has matched.
  const claims = readStateClaims(state);
  const tillId = tillIdOfCustomer(claims?.customer);
  let keys: readonly string[] = ctx.config.secrets;
  if (tillId !== null) {
    const key = ctx.tillKeys.keyFor(tillId);
    if (!key) return { ok: false, reason: 'state signed by an unknown till' };
    keys = [await key];
  }
  const verified = await verifySignedState(state, keys, { now: ctx.now(), hmac: ctx.hmac });
  if (!verified.ok) return { ok: false, reason: REASONS[verified.reason] };
  const payload = verified.payload;

  const target = checkRedirect(payload.redirect_to, ctx.config.redirectPolicy);
  if (!target.ok) return { ok: false, reason: target.reason };

  let signer: StateSigner;
  let merchant: string | null;
  if (tillId !== null) {
    signer = { kind: 'till', tillId };
    merchant = claims?.merchant_id ?? null;
    if (!isLoopbackHost(target.url.hostname)) return { ok: false, reason: 'a till state must lead to loopback' };
  } else {
    signer = { kind: 'dispatcher', previousSecret: verified.secretIndex > 0 };
    // Launch states minted before merchant_id existed named the merchant in `customer`.
    merchant = claims?.merchant_id ?? payload.customer ?? null;
    if (merchant === null) return { ok: false, reason: 'state names no merchant' };
    const base = ctx.config.odooBases.get(merchant);
    if (base === undefined || payload.redirect_to !== `${base}${ctx.config.merchantCallbackPath}`) {
      return { ok: false, reason: "redirect_to is not the merchant's Odoo callback" };
    }
  }
  if (merchant !== null && merchantId !== merchant) return { ok: false, reason: 'merchant_id does not match the state' };
  return { ok: true, payload, signer, merchant, target: target.url };
}
