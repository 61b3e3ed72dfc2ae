// Operation ids: drawn by the ledger for every record, and by the cashier's screen for a sale it
// is about to start, so that the sale's events carry the attempt's own id (field-lessons §2).
// WebCrypto randomness: the same code in Node and in the sandboxed renderer.
import { containsPan } from './card-number';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // no I, L, O, U

/** What a 16-character id looks like (for schemas). */
export const OP_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/** A random id of `length` Crockford base32 characters that can never look like a PAN. */
export function newId(length = 16): string {
  for (;;) {
    let id = '';
    for (const b of globalThis.crypto.getRandomValues(new Uint8Array(length))) id += CROCKFORD[b & 31];
    if (!containsPan(id)) return id;
  }
}
