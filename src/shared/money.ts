// Money is an integer count of minor units (cents) with an explicit currency. Never a float.

export type CurrencyCode = string; // ISO 4217, upper case: 'USD', 'CAD'

export interface Money {
  readonly amount: number; // integer minor units
  readonly currency: CurrencyCode;
}

/** Clover's own upper bound for an amount in cents (REST Pay and Ecommerce). */
export const MAX_MINOR_UNITS = 999_999_999;

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Throws unless `amount` is a whole number of minor units in 1..MAX_MINOR_UNITS. */
export function assertChargeableAmount(amount: unknown, what = 'amount'): asserts amount is number {
  if (!isMinorUnits(amount)) throw new MoneyError(`${what} must be a whole number of cents, got ${String(amount)}`);
  if (amount <= 0) throw new MoneyError(`${what} must be greater than zero`);
  if (amount > MAX_MINOR_UNITS) throw new MoneyError(`${what} is too large (at most ${formatMinor(MAX_MINOR_UNITS)})`);
}

/**
 * Parses a decimal major-unit string ("12.34", "12", "0.5") into minor units without floating
 * point. Rejects signs, exponents, thousands separators and more than two decimals.
 */
export function parseMajor(text: string): number {
  const trimmed = text.trim();
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(trimmed);
  if (!match) throw new MoneyError(`not an amount: "${text}" (use a form like 12.34)`);
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const minor = whole * 100 + fraction;
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`amount out of range: "${text}"`);
  return minor;
}

/** "1234" -> "12.34"; negative amounts keep their sign. Locale-free, for logs and the CLI. */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Locale-aware display ("$12.34", "12,34 $"). */
export function formatMoney(money: Money, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.amount / 100);
}
