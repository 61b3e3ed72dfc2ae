// Nonces in Workers KV (the DISPATCHER_NONCES binding in wrangler.jsonc), each kept until
// its state expires. KV is eventually consistent and has no compare-and-set: two replays in
// the same moment, or one at another Cloudflare location within about a minute of the first
// use, can both get through. Each still carries only the code the replaying browser got
// from Clover, for a redirect_to the signer chose; the till or ERP behind it keeps its own
// one-time check (the till its PKCE verifier and state). A Durable Object would close the gap.
import type { NonceStore } from './nonce-store';

/** The part of a Workers KVNamespace this store uses. */
export interface KvNamespaceLike {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expiration?: number; expirationTtl?: number }): Promise<void>;
}

/** KV refuses a time to live under 60 s. */
const KV_MIN_TTL_SEC = 60;

export function kvNonceStore(kv: KvNamespaceLike): NonceStore {
  return {
    async claim(nonce, expiresAtSec, nowSec) {
      const key = `nonce:${nonce}`;
      if ((await kv.get(key)) !== null) return 'replayed';
      await kv.put(key, '1', { expirationTtl: Math.max(expiresAtSec - nowSec, KV_MIN_TTL_SEC) });
      return 'fresh';
    },
  };
}

/** True when `value` looks like a KV binding (a Workers env entry). */
export function isKvNamespace(value: unknown): value is KvNamespaceLike {
  return typeof value === 'object' && value !== null && typeof (value as KvNamespaceLike).get === 'function' && typeof (value as KvNamespaceLike).put === 'function';
}
