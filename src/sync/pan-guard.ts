// Card numbers must never reach the ledger. This guard runs in the repositories (for a clear
// error) and, as the SQL function pan_free(), in a CHECK on every text column (so a forgotten
// code path still cannot store one).
import { CARD_LIKE, containsPan } from '../shared/card-number';

export { containsPan };

/** Text from outside (Odoo messages) made safe to store: card-like numbers are removed. */
export function scrubPan(text: string): string {
  return text.replace(CARD_LIKE, (m) => (containsPan(m) ? '[card-like number removed]' : m));
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
