// Input checks that run before any network call, each failing with a CloverInputError that
// names the field. Formats follow clover-api.md §3.3/§3.4.
import { assertChargeableAmount, MAX_MINOR_UNITS, MoneyError } from '../shared/money';
import { CloverInputError } from './errors';

/** An amount to charge/refund: whole cents in 1..999 999 999 (shared money rules). */
export function checkAmount(value: unknown, field = 'amount'): number {
  try {
    assertChargeableAmount(value, field);
  } catch (err) {
    if (err instanceof MoneyError) throw new CloverInputError(field, err.message);
    throw err;
  }
  return value;
}

/** Tips and taxes may be zero. */
export function checkOptionalMinor(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_MINOR_UNITS) {
    throw new CloverInputError(field, `${field} must be a whole number of cents between 0 and ${MAX_MINOR_UNITS}`);
  }
  return value;
}

function checkPattern(value: unknown, field: string, pattern: RegExp, rule: string): string {
  if (typeof value !== 'string' || value === '') throw new CloverInputError(field, `${field} is required`);
  if (!pattern.test(value)) throw new CloverInputError(field, `${field} ${rule}`);
  return value;
}

/** ≤ 32 chars (§3.3); URL-safe because it is also a path segment of the recovery lookup. */
export function checkExternalPaymentId(value: unknown, field = 'externalPaymentId'): string {
  return checkPattern(value, field, /^[A-Za-z0-9._~-]{1,32}$/, 'must be 1-32 letters, digits, ".", "_", "~" or "-"');
}

/** Supplied by the caller, who journals it first; the client never invents one. */
export function checkIdempotencyKey(value: unknown): string {
  return checkPattern(value, 'idempotencyKey', /^[\x21-\x7e]{1,255}$/, 'must be 1-255 visible ASCII characters');
}

export function checkDeviceSerial(value: unknown): string {
  return checkPattern(value, 'deviceSerial', /^[A-Za-z0-9_-]{1,64}$/, 'must be the device serial number (letters, digits, "-")');
}

/** Clover ids (merchant, payment, refund) are 13 upper-case alphanumerics (§3.4). */
export function checkCloverId(value: unknown, field: string): string {
  return checkPattern(value, field, /^[A-Z0-9]{13}$/, 'must be a 13-character Clover id');
}

/** Ecommerce ids are less uniform (`2G1RQC0VTH7WY`, `clv_…`): only keep them path-safe. */
export function checkEcomId(value: unknown, field: string): string {
  return checkPattern(value, field, /^[A-Za-z0-9_-]{1,64}$/, 'is not a valid Clover id');
}

export function checkText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CloverInputError(field, `${field} is required`);
  if (value.length > max) throw new CloverInputError(field, `${field} is longer than ${max} characters`);
  return value;
}

export function checkOptionalText(value: unknown, field: string, max: number): string | undefined {
  return value === undefined ? undefined : checkText(value, field, max);
}

/** Clover `order/VoidReason` (§3.4). */
export const VOID_REASONS = [
  'USER_CANCEL',
  'TRANSPORT_ERROR',
  'REJECT_SIGNATURE',
  'REJECT_PARTIAL_AUTH',
  'NOT_APPROVED',
  'FAILED',
  'AUTH_CLOSED_NEW_CARD',
  'DEVELOPER_PAY_PARTIAL_AUTH',
  'REJECT_DUPLICATE',
  'REJECT_OFFLINE',
  'GIFTCARD_LOAD_FAILED',
  'USER_GIFTCARD_LOAD_CANCEL',
  'DEVELOPER_PAY_TIP_ADJUST_FAILED',
  'USER_CUSTOMER_CANCEL',
  'FRAUD',
] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

export function checkVoidReason(value: unknown): VoidReason {
  if (typeof value !== 'string' || !(VOID_REASONS as readonly string[]).includes(value)) {
    throw new CloverInputError('voidReason', `voidReason must be one of ${VOID_REASONS.join(', ')}`);
  }
  return value as VoidReason;
}
