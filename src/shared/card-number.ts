// Is this text hiding a card number? Shared so that every process can tell (the ledger's guard
// and CHECKs in src/sync, ids drawn by the cashier's screen, the log redactor) with one definition.

// What people put between the groups of a card number: spaces (no-break ones too), tabs, dashes
// (hyphen to em dash), dots and slashes, alone or mixed ("4111 - 1111", "4111  1111").
const SEPARATORS = ' \t\u00a0-\u2010\u2011\u2012\u2013\u2014./';
// A wider gap than this is layout between two numbers, not the grouping of one.
export const MAX_SEPARATOR_GAP = 3;

const SEPARATOR_CODES = new Set([...SEPARATORS].map((c) => c.charCodeAt(0)));
const SEPARATOR = `[${SEPARATORS.replace(/[\\\]^/-]/g, '\\$&')}]`;
const SEPARATOR_GAP = new RegExp(`${SEPARATOR}+`);

/** True when the character code is one that may sit between the digit groups of a card number. */
export function isCardSeparator(code: number): boolean {
  return SEPARATOR_CODES.has(code);
}

// A run of 13 or more digits, grouped by short gaps of separators or not, not touching other
// digits. Letters around it do not matter ("card4111111111111111x" holds one).
export const CARD_LIKE = new RegExp(`(?<!\\d)\\d(?:${SEPARATOR}{0,${MAX_SEPARATOR_GAP}}\\d){12,}(?!\\d)`, 'g');

/** Luhn check over the digits of `text` (spaces and dashes ignored). */
export function luhnValid(text: string): boolean {
  const digits = text.replace(/[ -]/g, '');
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** True when `text` holds a 13-19 digit, Luhn-valid number (alone or embedded, grouped or not). */
export function containsPan(text: string): boolean {
  // A PAN has at least 13 digits: text with fewer (almost everything the ledger stores) is
  // settled by counting, without the regular expression. Same answer, far less work.
  if (text.length < 13) return false;
  let digits = 0;
  for (let i = 0; i < text.length && digits < 13; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 13) return false;
  for (const match of text.matchAll(CARD_LIKE)) {
    const groups = match[0].split(SEPARATOR_GAP);
    // Try every run of whole groups: "4111 1111 1111 1111 22" still hides a 16-digit PAN.
    for (let start = 0; start < groups.length; start++) {
      let digits = '';
      for (let end = start; end < groups.length; end++) {
        digits += groups[end];
        if (digits.length > 19) break;
        if (digits.length >= 13 && luhnValid(digits)) return true;
      }
    }
  }
  return false;
}
