// The signed OAuth `state` of clover-api.md §11, shared by the dispatcher (verifies) and the
// till (signs when its connect flow goes through the dispatcher, re-verifies on callback).
//   state = b64u(payload_json) + "." + b64u(HMAC-SHA256(secret, b64u(payload_json)))
// The MAC is WebCrypto by default, so the same code runs in Node, Electron and Cloudflare
// Workers; a platform with a faster HMAC-SHA256 may pass it (the Node dispatcher does: WebCrypto
// in Node hops to the thread pool for every MAC, which caps forged-state rejections).
import { base64urlToText, bytesToBase64url, textToBase64url } from './base64url';

export interface SignedStatePayload {
  redirect_to: string;
  nonce: string; // 32 lower-case hex chars
  iat: number; // unix seconds
  customer?: string;
}

export interface SignStateInput {
  redirect_to: string;
  customer?: string;
}

export type StateFailureReason = 'malformed' | 'forged' | 'expired' | 'not_yet_valid';

export type VerifyStateResult =
  | { ok: true; payload: SignedStatePayload; /** which of `secrets` matched (0 = current) */ secretIndex: number }
  | { ok: false; reason: StateFailureReason; detail: string };

/** HMAC-SHA256(secret, text): the 32 MAC bytes. */
export type HmacSha256 = (secret: string, text: string) => Uint8Array | Promise<Uint8Array>;

export interface VerifyStateOptions {
  /** Clock in epoch milliseconds (Date.now() style); defaults to Date.now(). */
  now?: number;
  /** Oldest accepted state; §11 says one hour. */
  maxAgeSec?: number;
  /** The MAC primitive; WebCrypto (webCryptoHmac) by default. */
  hmac?: HmacSha256;
}

export const STATE_MAX_AGE_SEC = 3600;
/** A state may look this much younger than "now" (clocks of signer and verifier differ). */
export const STATE_CLOCK_SKEW_SEC = 60;
/** Longer states are refused before any crypto: no legitimate state comes near it. */
export const STATE_MAX_LENGTH = 4096;

const NONCE = /^[0-9a-f]{32}$/;
// 32 MAC bytes in canonical unpadded base64url: 43 characters, the last carrying 4 bits and
// two zero bits (so only 16 letters can end it).
const MAC_TEXT = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const utf8 = new TextEncoder();

/** Signs a fresh state (new nonce, iat = now) with `secret`. `now` is epoch milliseconds. */
export async function signState(input: SignStateInput, secret: string, now: number = Date.now(), hmac: HmacSha256 = webCryptoHmac): Promise<string> {
  if (typeof input.redirect_to !== 'string' || !URL.canParse(input.redirect_to)) {
    throw new TypeError('signState: redirect_to must be an absolute URL');
  }
  const payload: SignedStatePayload = { redirect_to: input.redirect_to, nonce: newNonce(), iat: Math.floor(now / 1000) };
  if (input.customer !== undefined) payload.customer = input.customer;
  const encoded = textToBase64url(JSON.stringify(payload));
  return `${encoded}.${bytesToBase64url(await mac(hmac, secret, encoded))}`;
}

/**
 * Verifies `state` against each of `secrets` (current first, then any kept for a rotation
 * overlap). The MAC is checked before the payload is even decoded; then shape and age.
 */
export async function verifySignedState(
  state: unknown,
  secrets: readonly string[],
  options: VerifyStateOptions = {},
): Promise<VerifyStateResult> {
  if (secrets.length === 0) throw new TypeError('verifySignedState: no secrets given');
  if (typeof state !== 'string' || state.length === 0) return fail('malformed', 'missing state');
  if (state.length > STATE_MAX_LENGTH) return fail('malformed', 'state too long');
  const parts = state.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return fail('malformed', 'state is not payload.signature');
  const [encoded, sigText] = parts as [string, string];
  if (!MAC_TEXT.test(sigText)) return fail('malformed', 'signature is not a base64url HMAC-SHA256');

  // Compared as text: a MAC has exactly one canonical spelling (MAC_TEXT), so this is the byte
  // comparison without decoding what the caller sent.
  const hmac = options.hmac ?? webCryptoHmac;
  let secretIndex = -1;
  for (let i = 0; i < secrets.length && secretIndex < 0; i++) {
    if (timingSafeEqual(bytesToBase64url(await mac(hmac, secrets[i]!, encoded)), sigText)) secretIndex = i;
  }
  if (secretIndex < 0) return fail('forged', 'signature does not match');

  const payload = parsePayload(base64urlToText(encoded));
  if (!payload) return fail('malformed', 'payload is not a valid state');
  const age = Math.floor((options.now ?? Date.now()) / 1000) - payload.iat;
  const maxAge = options.maxAgeSec ?? STATE_MAX_AGE_SEC;
  if (age > maxAge) return fail('expired', `state is ${age}s old (limit ${maxAge}s)`);
  if (age < -STATE_CLOCK_SKEW_SEC) return fail('not_yet_valid', 'state issued in the future');
  return { ok: true, payload, secretIndex };
}

/** Compares two texts in time that depends only on their lengths. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}


/** 128 random bits as 32 hex chars. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The JSON object `json` holds, or null for anything else (no text, bad JSON, not an object). */
export function parseJsonObject(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function parsePayload(json: string | null): SignedStatePayload | null {
  const p = parseJsonObject(json);
  if (p === null) return null;
  if (typeof p.redirect_to !== 'string' || p.redirect_to.length === 0) return null;
  if (typeof p.nonce !== 'string' || !NONCE.test(p.nonce)) return null;
  if (typeof p.iat !== 'number' || !Number.isSafeInteger(p.iat) || p.iat < 0) return null;
  if (p.customer !== undefined && typeof p.customer !== 'string') return null;
  const payload: SignedStatePayload = { redirect_to: p.redirect_to, nonce: p.nonce, iat: p.iat };
  if (p.customer !== undefined) payload.customer = p.customer;
  return payload;
}

function fail(reason: StateFailureReason, detail: string): VerifyStateResult {
  return { ok: false, reason, detail };
}

// Importing a key costs more than the MAC itself; a process holds one or two secrets.
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 8;

/** Refuses an empty secret whatever the primitive: an empty key would sign anything anyone can. */
function mac(hmac: HmacSha256, secret: string, text: string): Uint8Array | Promise<Uint8Array> {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('signed state: empty secret');
  return hmac(secret, text);
}

/** HMAC-SHA256 through WebCrypto (Node, Electron, Workers alike). */
export const webCryptoHmac: HmacSha256 = async (secret, text) => {
  let key = keyCache.get(secret);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    key = crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(secret, key);
  }
  return new Uint8Array(await crypto.subtle.sign('HMAC', await key, utf8.encode(text)));
};
