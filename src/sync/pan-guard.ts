// Card numbers must never reach the ledger. This guard runs in the repositories (for a clear
// error) and, as the SQL function pan_free(), in a CHECK on every text column (so a forgotten
// code path still cannot store one).
import { luhnValid } from '../shared/redact';

// A run of 13-19 digits, optionally grouped by single spaces or dashes, not touching other digits.
const CANDIDATE = /(?<!\d)\d(?:[ -]?\d){12,}(?!\d)/g;

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
  for (const match of text.matchAll(CANDIDATE)) {
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

/** Text from outside (Odoo messages) made safe to store: card-like numbers are removed. */
export function scrubPan(text: string): string {
  return text.replace(CANDIDATE, (m) => (containsPan(m) ? '[card-like number removed]' : m));
}

/** SQL: pan_free(x) is 1 unless x is text that contains a PAN. */
export function panFreeSql(value: unknown): number {
  return typeof value === 'string' && containsPan(value) ? 0 : 1;
}

/** Names of the fields (never their values) that contain something card-like. */
export function fieldsWithPan(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([, v]) => typeof v === 'string' && containsPan(v))
    .map(([k]) => k);
}
