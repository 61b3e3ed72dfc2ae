// Is this text hiding a card number? Shared so that every process can tell (the ledger's guard
// and CHECKs in src/sync, ids drawn by the cashier's screen) with one definition.
import { luhnValid } from './redact';

// A run of 13-19 digits, optionally grouped by single spaces or dashes, not touching other digits.
export const CARD_LIKE = /(?<!\d)\d(?:[ -]?\d){12,}(?!\d)/g;

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
    const groups = match[0].split(/[ -]/);
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
