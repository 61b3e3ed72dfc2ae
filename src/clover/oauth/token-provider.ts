// Hands out a fresh access token per merchant. Refreshes 60 s before the expiry Clover gave
// us, or once after a 401. Refresh is single-flight twice over: one promise per merchant in
// this process, and a lock file across processes; inside the lock the store is read again,
// because another process may already have rotated the pair. The new pair is persisted
// BEFORE anyone uses it: losing it would strand the merchant (single-use refresh tokens).
import type { Logger } from '../../shared/logger';
import { CloverInputError, ReauthorizeRequiredError } from '../errors';
import type { RefreshLock } from './refresh-lock';
import type { TokenEndpoint } from './token-endpoint';
import { parseTokenPair, type TokenPair, type TokenStore } from './tokens';

export interface TokenProvider {
  /** A token valid for at least the refresh margin; refreshes first if needed. */
  getAccessToken(merchantId: string): Promise<string>;
  /** After a 401 with `rejectedToken`: a newer token (another caller's, or a fresh refresh). */
  refreshAfterUnauthorized(merchantId: string, rejectedToken: string): Promise<string>;
  /** Stores a pair from the code exchange. */
  save(merchantId: string, pair: TokenPair): Promise<void>;
  hasTokens(merchantId: string): Promise<boolean>;
  forget(merchantId: string): Promise<void>;
}

export interface TokenProviderOptions {
  store: TokenStore;
  endpoint: TokenEndpoint;
  lock: RefreshLock;
  logger: Logger;
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
  refreshMarginSec?: number;
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { store, endpoint, lock, logger } = options;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginSec ?? 60;
  const inFlight = new Map<string, Promise<string>>();

  const isFresh = (pair: TokenPair): boolean => pair.access_token_expiration - now() / 1000 > margin;

  async function readOrFail(merchantId: string): Promise<TokenPair> {
    const pair = await store.read(merchantId);
    if (!pair) throw new ReauthorizeRequiredError(merchantId, 'no-tokens');
    return pair;
  }

  /** Replaces `stale` unless someone (this or another process) already has. */
  async function refreshUnderLock(merchantId: string, stale: string): Promise<string> {
    return lock.withLock(merchantId, async () => {
      const current = await readOrFail(merchantId);
      if (current.access_token !== stale && isFresh(current)) {
        logger.log('debug', 'clover token already refreshed elsewhere', { merchantId });
        return current.access_token;
      }
      if (!current.refresh_token) throw new ReauthorizeRequiredError(merchantId, 'no-tokens', `no refresh token stored for merchant ${merchantId}`);
      if (current.refresh_token_expiration !== undefined && current.refresh_token_expiration <= now() / 1000) {
        throw new ReauthorizeRequiredError(merchantId, 'refresh-token-expired');
      }
      logger.log('info', 'clover token refresh', { merchantId });
      let next: TokenPair;
      try {
        next = await endpoint.refresh(merchantId, current.refresh_token);
      } catch (err) {
        logger.log('warn', 'clover token refresh failed', { merchantId, error: (err as Error).name });
        throw err;
      }
      // Clover may omit a rotated refresh token; then the old one is still the live one.
      const pair: TokenPair = next.refresh_token
        ? next
        : { ...next, refresh_token: current.refresh_token, refresh_token_expiration: current.refresh_token_expiration };
      await store.write(merchantId, pair);
      return pair.access_token;
    });
  }

  function refreshOnce(merchantId: string, stale: string): Promise<string> {
    const running = inFlight.get(merchantId);
    if (running) return running;
    const started = refreshUnderLock(merchantId, stale).finally(() => inFlight.delete(merchantId));
    inFlight.set(merchantId, started);
    return started;
  }

  return {
    async getAccessToken(merchantId) {
      const running = inFlight.get(merchantId);
      if (running) return running;
      const pair = await readOrFail(merchantId);
      if (isFresh(pair)) return pair.access_token;
      return refreshOnce(merchantId, pair.access_token);
    },
    refreshAfterUnauthorized(merchantId, rejectedToken) {
      return refreshOnce(merchantId, rejectedToken);
    },
    async save(merchantId, pair) {
      const valid = parseTokenPair(pair);
      if (!valid) throw new CloverInputError('tokens', 'not a Clover OAuth token pair');
      await store.write(merchantId, valid);
    },
    async hasTokens(merchantId) {
      return (await store.read(merchantId)) !== null;
    },
    async forget(merchantId) {
      await store.delete(merchantId);
    },
  };
}
