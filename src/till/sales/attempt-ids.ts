// Ids for one payment attempt, generated before it is journaled. The externalPaymentId is what
// Clover lets us look the payment up by (≤ 32 chars, ≥ 13 alphanumerics recommended); the
// Idempotency-Key makes a resend the same transaction. A new attempt always gets new ones;
// an unresolved attempt is never retried under new ones.
import { randomBytes } from 'node:crypto';
import { CounterError } from '../../shared/contract/result';
import { containsPan } from '../../sync';
import type { Till } from '../create-till';
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

/**
 * The screen draws an attempt's operation id before it asks for the sale, so a request that
 * arrives twice (a retried call, a double submit) finds the first and is refused: one attempt,
 * one charge at most.
 */
export function refuseRepeatedAttempt(till: Till, opId: string | undefined): void {
  const earlier = opId ? till.ledger.sales.byOpId(opId) : undefined;
  if (earlier) throw new CounterError('REFUSED', `This payment attempt was already started (sale #${earlier.id}); it is never sent twice. Start a new one if it did not go through.`);
}
