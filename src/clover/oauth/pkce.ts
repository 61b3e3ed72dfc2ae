// PKCE (RFC 7636) for the low-trust desktop flow: S256, base64url without padding (D3).
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random bytes -> 43 base64url chars, the shortest verifier RFC 7636 allows. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: challengeFor(verifier), method: 'S256' };
}

export function challengeFor(verifier: string): string {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
    throw new RangeError('PKCE verifier must be 43-128 unreserved characters');
  }
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable `state` that ties the redirect to this attempt. */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}
