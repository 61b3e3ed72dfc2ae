// Identifier and secret generation. Clover ids are 13-char uppercase alphanumerics (§3.4).
import { randomBytes, randomInt } from 'node:crypto';

const CLOVER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function cloverId(): string {
  let id = '';
  for (let i = 0; i < 13; i++) id += CLOVER_ALPHABET[randomInt(CLOVER_ALPHABET.length)];
  return id;
}

export function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  return s;
}

export function secret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
