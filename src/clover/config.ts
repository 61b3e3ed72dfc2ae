// Configuration of the Clover client, with the defaults in one place.
import type { Dispatcher } from 'undici';
import type { Logger } from '../shared/logger';
import type { SecretStore } from '../shared/secret-store';
import { CloverConfigError } from './errors';
import type { BackoffOptions } from './http/backoff';
import type { CloverEnvironment, CloverRegion, HostRole } from './hosts';

export interface CloverClientConfig {
  environment: CloverEnvironment;
  region?: CloverRegion;
  /** Per-role base URLs; win over CLOVER_*_URL environment variables. */
  hosts?: Partial<Record<HostRole, string>>;
  /** Where CLOVER_API_URL etc. are read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The Clover App ID (OAuth client_id). */
  appId: string;
  /** X-POS-Id: the Remote App ID (RAID) in production; any non-empty text in sandbox (D18). */
  posId: string;
  /** For the User-Agent `FusionCloverCounter/<version>`. */
  appVersion: string;
  /** Where token pairs and the PAKMS key live (the OS keychain in the app). */
  secretStore: SecretStore;
  /** Data folder shared by every process of this install: holds the refresh lock files. */
  dataDir: string;
  logger?: Logger;
  payDisplay?: {
    /** X-Clover-Timeout for customer-facing calls (payments, credits, tip prompt). Default 120. */
    timeoutSec?: number;
    /** X-Clover-Timeout for quick calls (screens, ping, lookups, refund, void). Default 15. */
    quickTimeoutSec?: number;
    /** Client deadline = X-Clover-Timeout + this. Default 10 000. */
    deadlineMarginMs?: number;
  };
  /** Sandbox `/v1/refunds` rejects `amount` (D9): keep off until verified. */
  ecomPartialRefunds?: boolean;
  /** Default x-forwarded-for for Ecommerce charges (the till's public or LAN IP). */
  forwardedFor?: string;
  /** Deadline of Platform, Ecommerce, tokenization and OAuth calls. Default 30 000. */
  requestDeadlineMs?: number;
  rateLimit?: { perSecond?: number; concurrent?: number };
  backoff?: BackoffOptions;
  /** Repeats of an idempotent read after a network/5xx failure. Default 2, 250 ms apart (growing). */
  readRetries?: number;
  readRetryDelayMs?: number;
  /** Epoch ms clock (token expiry, card expiry). */
  now?: () => number;
  /** undici dispatcher (tests, proxies); default: a private Agent closed by `close()`. */
  dispatcher?: Dispatcher;
}

export function userAgent(appVersion: string): string {
  return `FusionCloverCounter/${appVersion} (${process.platform}; node/${process.versions.node})`;
}

export function checkConfig(config: CloverClientConfig): void {
  const required: Array<[keyof CloverClientConfig, unknown]> = [
    ['appId', config.appId],
    ['posId', config.posId],
    ['appVersion', config.appVersion],
    ['dataDir', config.dataDir],
  ];
  for (const [name, value] of required) {
    if (typeof value !== 'string' || value.trim() === '') throw new CloverConfigError(`Clover config: ${name} is required`);
  }
  if (!/^[\x21-\x7e]{1,64}$/.test(config.posId)) throw new CloverConfigError('Clover config: posId must be visible ASCII');
  if (!/^[\w.+-]{1,40}$/.test(config.appVersion)) throw new CloverConfigError('Clover config: appVersion must be a plain version');
  if (!config.secretStore) throw new CloverConfigError('Clover config: secretStore is required');
  const t = config.payDisplay?.timeoutSec;
  if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > 300)) throw new CloverConfigError('Clover config: payDisplay.timeoutSec must be 1..300');
  const m = config.payDisplay?.deadlineMarginMs;
  if (m !== undefined && (!Number.isFinite(m) || m <= 0)) throw new CloverConfigError('Clover config: the deadline margin must be positive');
}
