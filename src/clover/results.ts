// The outcomes of a Clover call as a discriminated union. Money calls never throw for what
// the server (or the network) did: the till journals the attempt, sends it, and maps `kind`
// straight onto its state machine (field-lessons §2/§3).

export interface ResultMeta {
  /** Absent for transport failures. */
  httpStatus?: number;
  /** Clover's own message, redacted. */
  message?: string;
  /** Clover's `code`/`type` when it gave one. */
  code?: string;
}

export type UnknownCause =
  | 'server-error' // 500/502/…: Clover says the outcome is indeterminate
  | 'network' // socket dropped or refused
  | 'client-timeout' // our deadline (X-Clover-Timeout + margin) passed
  | 'unparseable' // a 2xx body we cannot read
  | 'pending' // a result Clover has not finished (INITIATED, PENDING, …)
  | 'mismatch'; // the answer names another attempt's externalPaymentId

/** No money moved, or nobody knows yet; shared by every Clover surface. */
export type Failure =
  | (ResultMeta & { kind: 'cancelled' }) // 209: customer or POS cancelled
  | (ResultMeta & { kind: 'busy' }) // 503 / RESOURCE_CONFLICT / still throttled: not processed
  | (ResultMeta & { kind: 'timeout' }) // 504: device did not answer; resolve, then same key
  | (ResultMeta & { kind: 'unknown'; cause: UnknownCause; errorCode?: string }) // resolve by lookup, never re-charge under a new key
  | (ResultMeta & { kind: 'invalid' }) // 400/404/415/501: rejected, nothing moved
  | (ResultMeta & { kind: 'unauthorized' }); // 401 after the one refresh + retry

export type FailureKind = Failure['kind'];

/** Context every money result carries, so an `unknown` can be resolved by lookup. */
export interface MoneyContext {
  idempotencyKey: string;
  externalPaymentId?: string;
}

/** Approved `value`, or a definite decline (`value` when Clover sent one), or a Failure. */
export type MoneyResult<T> = MoneyContext &
  ((ResultMeta & { kind: 'approved'; value: T }) | (ResultMeta & { kind: 'declined'; value?: T; declineCode?: string }) | Failure);

/** Non-money device calls (screens, ping, tip prompt). */
export type DeviceResult<T> = (ResultMeta & { kind: 'ok'; value: T }) | Failure;

/** Reads by id / external id. `busy` on a lookup = that payment is still in flight (D12). */
export type LookupResult<T> = (ResultMeta & { kind: 'found'; value: T }) | (ResultMeta & { kind: 'not-found' }) | Failure;

export const isFailure = (r: { kind: string }): r is Failure =>
  ['cancelled', 'busy', 'timeout', 'unknown', 'invalid', 'unauthorized'].includes(r.kind);
