// States as a till signs them for the dispatcher (clover-api.md §11 with per-till keys): its
// key derived from the dispatcher's TILL_KEY_SECRET, `customer` naming the till, and, when the
// till already knows it, the merchant. The MAC is over the encoded payload, as in production.
import { deriveTillKey } from '../../src/dispatcher/till-keys';
import { bytesToBase64url, textToBase64url } from '../../src/shared/base64url';
import { newNonce, signState, webCryptoHmac } from '../../src/shared/signed-state';

export const TILL_MASTER = 'till-master-0123456789abcdef0123456789';

export interface TillStateOptions {
  tillId?: string;
  master?: string;
  merchantId?: string;
  /** Epoch ms the state is issued at. */
  now?: number;
  nonce?: string;
}

export async function tillState(redirectTo: string, options: TillStateOptions = {}): Promise<string> {
  const tillId = options.tillId ?? 'front-1';
  const key = await deriveTillKey(options.master ?? TILL_MASTER, tillId, webCryptoHmac);
  // Without a merchant this is the shared signState call a till makes.
  if (options.merchantId === undefined && options.nonce === undefined) return signState({ redirect_to: redirectTo, customer: `till:${tillId}` }, key, options.now);
  const payload: Record<string, unknown> = { redirect_to: redirectTo, nonce: options.nonce ?? newNonce(), iat: Math.floor((options.now ?? Date.now()) / 1000), customer: `till:${tillId}` };
  if (options.merchantId !== undefined) payload.merchant_id = options.merchantId;
  const encoded = textToBase64url(JSON.stringify(payload));
  return `${encoded}.${bytesToBase64url(await webCryptoHmac(key, encoded))}`;
}
