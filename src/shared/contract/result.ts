// What every call across a process boundary (IPC, the web bridge) returns: a value or a typed
// error. Exceptions do not survive IPC structured-clone intact, so errors travel as data.

export const ERROR_CODES = [
  'BAD_INPUT', // schema or business validation failed; nothing was written
  'NOT_FOUND',
  'REFUSED', // a rule said no (void window passed, more than refundable, unresolved sale, ...)
  'DECLINED',
  'TERMINAL_BUSY',
  'OUTCOME_UNKNOWN', // money may have moved: resolved by lookup, never by charging again
  'NOT_CONNECTED', // Clover not connected / reauthorisation needed
  'CLOVER_UNAVAILABLE', // Clover could not be reached or answered with an error; nothing was charged
  'NOT_SUPPORTED', // the credential or environment cannot do this
  'LEDGER_UNAVAILABLE', // database corrupt/locked/read-only: no card payments
  'KEYCHAIN_UNAVAILABLE',
  'ERP_UNAVAILABLE',
  'UNTRUSTED_SENDER',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string; // safe to show a cashier: no secrets, no card numbers, no stack traces
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside the till with a code the UI understands; converted to ApiError at the edge. */
export class CounterError extends Error {
  override readonly name = 'CounterError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
