// One REST Pay Display call: `{api}/connect/v1/...` with the device and POS headers, an
// X-Clover-Timeout on every call and a client deadline beyond it. Only reads (lookups, ping)
// are repeated (http/read-retry), and only after an indeterminate failure; money calls are sent once (a
// 401 retry or 429 backoff below reuses the same Idempotency-Key).
import type { AuthorizedRequester } from '../http/authorized';
import { retryRead } from '../http/read-retry';
import type { HttpMethod, HttpOutcome } from '../http/transport';
import { CloverInputError } from '../errors';

export interface PayDisplayOptions {
  requester: AuthorizedRequester;
  merchantId: string;
  /** X-POS-Id: the Remote App ID (RAID) in production (D18). */
  posId: string;
  /** X-Clover-Timeout for calls that wait for the customer (payments, credits, tip prompt). */
  interactiveTimeoutSec: number;
  /** X-Clover-Timeout for everything else (screens, ping, lookups, refunds, voids). */
  quickTimeoutSec: number;
  /** How much longer than X-Clover-Timeout the HTTP client waits before giving up. */
  deadlineMarginMs: number;
  readRetries: number;
  readRetryDelayMs: number;
}

export interface ConnectCall {
  method: HttpMethod;
  /** Below `/connect`, e.g. `/v1/payments`. */
  path: string;
  body?: unknown;
  idempotencyKey?: string;
  interactive?: boolean;
  timeoutSec?: number;
  /** Idempotent read: may be repeated after a network/5xx failure. */
  read?: boolean;
}

export function createConnectSender(options: PayDisplayOptions, deviceSerial: string) {
  return async function sendConnect(call: ConnectCall): Promise<HttpOutcome> {
    const timeoutSec = call.timeoutSec ?? (call.interactive ? options.interactiveTimeoutSec : options.quickTimeoutSec);
    if (!Number.isInteger(timeoutSec) || timeoutSec < 1 || timeoutSec > 300) {
      throw new CloverInputError('timeoutSec', 'timeoutSec must be a whole number of seconds in 1..300');
    }
    const headers: Record<string, string> = {
      'x-clover-device-id': deviceSerial,
      'x-pos-id': options.posId,
      'x-clover-timeout': String(timeoutSec),
    };
    if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
    const request = {
      role: 'api' as const,
      method: call.method,
      path: `/connect${call.path}`,
      headers,
      // Clover wants JSON on every POST/PUT (415 otherwise); `{}` for the body-less ones.
      body: call.body ?? (call.method === 'GET' ? undefined : {}),
      deadlineMs: timeoutSec * 1000 + options.deadlineMarginMs,
    };
    const once = () => options.requester.send(options.merchantId, request);
    return call.read ? retryRead(once, options.readRetries, options.readRetryDelayMs) : once();
  };
}

export type ConnectSender = ReturnType<typeof createConnectSender>;
