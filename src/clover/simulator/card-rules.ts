// Tokenization rules as observed in the sandbox (§5.1, §7, §8, D8, D22): brand from BIN, Luhn,
// expiry, CVV, and which test cards decline. Pure functions; the PAN never leaves them.
import { luhnValid } from '../../shared/redact';

export const BRANDS = ['VISA', 'MC', 'AMEX', 'DISCOVER', 'DINERS', 'JCB'] as const;
export type Brand = (typeof BRANDS)[number];

/** Brand from the BIN (a rough table: enough for the test cards and common ranges). */
export function brandOf(pan: string): Brand | undefined {
  const n2 = Number(pan.slice(0, 2));
  const n3 = Number(pan.slice(0, 3));
  const n4 = Number(pan.slice(0, 4));
  const n6 = Number(pan.slice(0, 6));
  if (pan.startsWith('4')) return 'VISA';
  if ((n2 >= 51 && n2 <= 55) || (n4 >= 2221 && n4 <= 2720)) return 'MC';
  if (n2 === 34 || n2 === 37) return 'AMEX';
  if (n4 === 6011 || n2 === 65 || (n3 >= 644 && n3 <= 649) || (n6 >= 622126 && n6 <= 622925)) return 'DISCOVER';
  if (n4 >= 3528 && n4 <= 3589) return 'JCB';
  if ((n3 >= 300 && n3 <= 305) || n2 === 36 || n2 === 38 || n2 === 39 || n4 === 3095) return 'DINERS';
  return undefined;
}

const DECLINE_CARDS = new Set(['4005571702222222', '4264281511117771', '5424180273333333']);
const PARTIAL_CARDS = new Set(['4005578003333335']);

export function testOutcome(pan: string): 'approve' | 'decline' | 'partial' {
  if (DECLINE_CARDS.has(pan)) return 'decline';
  if (PARTIAL_CARDS.has(pan)) return 'partial';
  return 'approve';
}

export interface TokenizeError {
  code: string;
  message: string;
  param: string;
}

export interface ValidCard {
  pan: string;
  brand: Brand;
  expMonth: string;
  expYear: string;
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return undefined;
}

/** Validates in the sandbox's order; `now` decides whether an expiry is past. */
export function validateCard(card: Record<string, unknown>, now: Date, acceptPastExpiry: boolean): ValidCard | TokenizeError {
  const pan = asText(card.number) ?? '';
  if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan)) {
    return { code: 'invalid_number', message: 'Please provide valid card number', param: 'card.number' };
  }
  const brand = card.brand;
  const detected = brandOf(pan);
  if (typeof brand !== 'string' || !(BRANDS as readonly string[]).includes(brand) || brand !== detected) {
    return { code: 'invalid_card_type', message: 'Please provide valid card brand', param: 'card.brand' };
  }
  const month = asText(card.exp_month) ?? '';
  if (!/^\d{1,2}$/.test(month) || Number(month) < 1 || Number(month) > 12) {
    return { code: 'invalid_expiry_month', message: 'Please provide valid expiry month', param: 'card.exp_month' };
  }
  const yearText = asText(card.exp_year) ?? '';
  if (!/^(\d{2}|\d{4})$/.test(yearText)) {
    return { code: 'invalid_expiry_year', message: 'Please provide valid expiry year', param: 'card.exp_year' };
  }
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const expired = year < now.getUTCFullYear() || (year === now.getUTCFullYear() && Number(month) < now.getUTCMonth() + 1);
  if (expired && !acceptPastExpiry) return { code: 'expired_card', message: 'Card has expired', param: 'card.exp_year' };
  const cvv = asText(card.cvv) ?? '';
  if (!(brand === 'AMEX' ? /^\d{4}$/ : /^\d{3}$/).test(cvv)) {
    return { code: 'invalid_cvc', message: 'Please provide valid cvv value', param: 'card.cvv' };
  }
  return { pan, brand, expMonth: month.padStart(2, '0'), expYear: String(year) };
}
