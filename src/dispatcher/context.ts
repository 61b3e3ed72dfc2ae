// What every route handler gets: parsed config plus the few effects it may use, injectable
// so tests can stub the clock or the upstream forwarder.
import type { Logger } from '../shared/logger';
import type { HmacSha256 } from '../shared/signed-state';
import type { DispatcherConfig } from './config';
import type { Forwarder } from './forward';

export interface DispatcherContext {
  config: DispatcherConfig;
  forward: Forwarder;
  /** Signs and verifies states (WebCrypto unless the platform brings a faster one). */
  hmac: HmacSha256;
  log: Logger;
  /** Epoch milliseconds. */
  now: () => number;
}
