// Idempotency-Keys for refunds, voids, credits and keyed charges. A plain randomUUID() is about
// 0.3 % of the time digits grouped like a card number ("…-b7-123456789012" passes Luhn), which
// the ledger's PAN guard rightly refuses, failing the operation. Draw again: still a UUIDv4
// (Ecommerce asks for one), never card-like.
import { randomUUID } from 'node:crypto';
import { containsPan } from '../../sync';

export function newOperationKey(): string {
  for (;;) {
    const key = randomUUID();
    if (!containsPan(key)) return key;
  }
}
