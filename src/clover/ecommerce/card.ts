// Local checks of a keyed card before it goes anywhere (§5.1, §8): Clover needs the brand and
// the sandbox accepts past expiries, so the app must detect and validate itself. The number
// is never copied into an error message; only brand and last 4 leave this module's callers.
import creditCardType from 'credit-card-type';
import { luhnValid } from '../../shared/redact';
import { CardValidationError } from '../errors';

export type CardBrand = 'VISA' | 'MC' | 'AMEX' | 'DISCOVER' | 'DINERS' | 'JCB';

const BRANDS: Record<string, CardBrand> = {
  visa: 'VISA',
  mastercard: 'MC',
  'american-express': 'AMEX',
  discover: 'DISCOVER',
  'diners-club': 'DINERS',
  jcb: 'JCB',
};

export interface CardInput {
  /** Digits, optionally grouped with spaces or dashes. */
  number: string;
  expMonth: number | string;
  /** Four digits, or two (20xx). */
  expYear: number | string;
  cvv: string;
}

export interface ValidatedCard {
  readonly digits: string;
  readonly brand: CardBrand;
  readonly last4: string;
  /** "01".."12" */
  readonly expMonth: string;
  /** "2030" */
  readonly expYear: string;
  readonly cvv: string;
}

export function validateCard(input: CardInput, now: Date = new Date()): ValidatedCard {
  if (typeof input?.number !== 'string' || !/^[\d -]+$/.test(input.number)) {
    throw new CardValidationError('number', 'card number must contain digits only');
  }
  const digits = input.number.replace(/[ -]/g, '');
  const match = creditCardType(digits).find((t) => t.type in BRANDS);
  if (!match) throw new CardValidationError('brand', 'card brand not recognised or not accepted (Visa, Mastercard, Amex, Discover, Diners, JCB)');
  const brand = BRANDS[match.type] as CardBrand;
  if (!match.lengths.includes(digits.length)) throw new CardValidationError('number', `card number has the wrong length for ${match.niceType}`);
  if (!luhnValid(digits)) throw new CardValidationError('number', 'card number is not valid (check digit)');

  const { month, year } = parseExpiry(input.expMonth, input.expYear);
  const current = now.getFullYear() * 12 + now.getMonth(); // months since year 0, month 0-based
  const expiry = year * 12 + (month - 1);
  if (expiry < current) throw new CardValidationError('expiry', 'card has expired');
  if (expiry > current + 12 * 20) throw new CardValidationError('expiry', 'expiry year is too far in the future');

  const cvv = typeof input.cvv === 'string' ? input.cvv.trim() : '';
  if (!/^\d+$/.test(cvv) || cvv.length !== match.code.size) {
    throw new CardValidationError('cvv', `${match.code.name} must be ${match.code.size} digits for ${match.niceType}`);
  }
  return { digits, brand, last4: digits.slice(-4), expMonth: String(month).padStart(2, '0'), expYear: String(year), cvv };
}

function parseExpiry(monthIn: number | string, yearIn: number | string): { month: number; year: number } {
  const m = String(monthIn).trim();
  const y = String(yearIn).trim();
  if (!/^\d{1,2}$/.test(m) || Number(m) < 1 || Number(m) > 12) throw new CardValidationError('expiry', 'expiry month must be 1-12');
  if (!/^(\d{2}|\d{4})$/.test(y)) throw new CardValidationError('expiry', 'expiry year must have 2 or 4 digits');
  return { month: Number(m), year: y.length === 2 ? 2000 + Number(y) : Number(y) };
}
