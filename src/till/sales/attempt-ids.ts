// Ids for one payment attempt, generated before it is journaled. The externalPaymentId is what
// Clover lets us look the payment up by (≤ 32 chars, ≥ 13 alphanumerics recommended); the
// Idempotency-Key makes a resend the same transaction. A new attempt always gets new ones;
// an unresolved attempt is never retried under new ones.
import { randomBytes } from 'node:crypto';
import { containsPan } from '../../sync';
import { newOperationKey } from '../refunds/idempotency-key';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

export function newExternalPaymentId(prefix: 'S' | 'K' | 'R' | 'V' | 'C' = 'S'): string {
  for (;;) {
    let id = prefix;
    for (const b of randomBytes(20)) id += ALPHABET[b & 31];
    // The ledger refuses anything that looks like a card number, even by chance.
    if (!containsPan(id)) return id; // 21 chars
  }
}

/** A UUID that cannot be mistaken for a card number (the ledger's PAN guard would refuse it). */
export const newIdempotencyKey = newOperationKey;
