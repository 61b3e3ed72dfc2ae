// What every route handler gets: parsed config plus the few effects it may use, injectable
// so tests can stub the clock or the upstream forwarder.
import type { Logger } from '../shared/logger';
import type { HmacSha256 } from '../shared/signed-state';
import type { SourceOf } from './client-source';
import type { DispatcherConfig } from './config';
import type { Forwarder } from './forward';
import type { NonceStore } from './nonce-store';
import type { RateLimiter } from './rate-limiter';
import type { TillKeys } from './till-keys';

export interface DispatcherContext {
  config: DispatcherConfig;
  forward: Forwarder;
  /** Signs and verifies states (WebCrypto unless the platform brings a faster one). */
  hmac: HmacSha256;
  log: Logger;
  /** Epoch milliseconds. */
  now: () => number;
  /** Nonces of states already used, until those states expire. */
  nonces: NonceStore;
  tillKeys: TillKeys;
  /** Verification challenges per source. */
  verificationLimiter: RateLimiter;
  sourceOf: SourceOf;
}
