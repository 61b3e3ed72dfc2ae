// Remembers the nonce of every state the callback has let through until that state expires,
// so a state is good for one sign-in, not for an hour of replays (clover-api.md §11 [rec]).
// Workers keep nonces in KV (kv-nonce-store.ts); Node keeps them here, in memory.

export type NonceClaim = 'fresh' | 'replayed' | 'full';

export interface NonceStore {
  /**
   * Records `nonce` until `expiresAtSec` (unix seconds). 'replayed' when it is already
   * recorded; 'full' when the store cannot take another (the caller refuses: a nonce that is
   * not recorded could be replayed).
   */
  claim(nonce: string, expiresAtSec: number, nowSec: number): Promise<NonceClaim>;
}

/** Nonces the Node server holds at most: sign-ins of one hour, far above what stores make. */
export const DEFAULT_NONCE_LIMIT = 100_000;

/**
 * In memory, bounded and expiring. Expired nonces are dropped when the store fills up (a sweep
 * costs one pass, at most once per `limit` claims); when it is still full, claims are refused
 * rather than old nonces forgotten.
 */
export function memoryNonceStore(limit: number = DEFAULT_NONCE_LIMIT): NonceStore & { size(): number } {
  const expiries = new Map<string, number>();
  const sweep = (nowSec: number): void => {
    for (const [nonce, expiresAt] of expiries) if (expiresAt <= nowSec) expiries.delete(nonce);
  };
  return {
    async claim(nonce, expiresAtSec, nowSec) {
      const known = expiries.get(nonce);
      if (known !== undefined && known > nowSec) return 'replayed';
      if (known === undefined && expiries.size >= limit) {
        sweep(nowSec);
        if (expiries.size >= limit) return 'full';
      }
      expiries.set(nonce, expiresAtSec);
      return 'fresh';
    },
    size: () => expiries.size,
  };
}
