import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlToBytes, base64urlToText, bytesToBase64url, textToBase64url } from '../../src/shared/base64url';
import { signState, STATE_MAX_LENGTH, timingSafeEqual, verifySignedState } from '../../src/shared/signed-state';

const SECRET = 'current-secret-0123456789abcdef0123';
const OLD = 'previous-secret-0123456789abcdef012';
const NOW = Date.UTC(2026, 3, 1, 12, 0, 0);
const b64u = (s: string | Buffer): string => Buffer.from(s).toString('base64url');
const mac = (secret: string, text: string): string => createHmac('sha256', secret).update(text).digest('base64url');
/** A state built by hand, straight from clover-api.md §11, with node:crypto rather than our code. */
const handMade = (payload: unknown, secret = SECRET): string => {
  const encoded = b64u(JSON.stringify(payload));
  return `${encoded}.${mac(secret, encoded)}`;
};
const payload = { redirect_to: 'https://odoo.example.com/cb', nonce: 'a'.repeat(32), iat: Math.floor(NOW / 1000) };

describe('signState / verifySignedState', () => {
  it('round-trips a payload with a fresh nonce, iat in seconds and the optional customer', async () => {
    const state = await signState({ redirect_to: 'https://odoo.example.com/cb', customer: 'Store 7' }, SECRET, NOW);
    const result = await verifySignedState(state, [SECRET], { now: NOW });
    expect(result).toMatchObject({ ok: true, secretIndex: 0, payload: { redirect_to: 'https://odoo.example.com/cb', customer: 'Store 7', iat: NOW / 1000 } });
    if (!result.ok) throw new Error('unreachable');
    expect(result.payload.nonce).toMatch(/^[0-9a-f]{32}$/);
    const other = await signState({ redirect_to: 'https://odoo.example.com/cb' }, SECRET, NOW);
    expect(other).not.toBe(state);
    expect(JSON.parse(base64urlToText(other.split('.')[0]!)!)).not.toHaveProperty('customer');
  });

  it('uses the §11 wire format: unpadded base64url JSON, HMAC-SHA256 over the encoded text', async () => {
    const state = await signState({ redirect_to: 'https://odoo.example.com/cb' }, SECRET, NOW);
    const [encoded, sig] = state.split('.') as [string, string];
    expect(state).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(sig).toBe(mac(SECRET, encoded));
    expect(Object.keys(JSON.parse(Buffer.from(encoded, 'base64url').toString()))).toEqual(['redirect_to', 'nonce', 'iat']);
    expect(await verifySignedState(handMade(payload), [SECRET], { now: NOW })).toMatchObject({ ok: true, payload });
  });

  it('rejects a forged or tampered state as forged', async () => {
    const state = handMade(payload);
    const [encoded, sig] = state.split('.') as [string, string];
    const flipped = `${encoded}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const tampered = `${b64u(JSON.stringify({ ...payload, redirect_to: 'https://attacker.net/cb' }))}.${sig}`;
    for (const bad of [flipped, tampered, handMade(payload, 'some-other-secret-0123456789abcdef'), `${encoded}.${b64u(Buffer.alloc(32))}`]) {
      expect(await verifySignedState(bad, [SECRET], { now: NOW })).toMatchObject({ ok: false, reason: 'forged' });
    }
  });

  it('accepts a state up to one hour old and no older', async () => {
    const state = await signState({ redirect_to: 'https://odoo.example.com/cb' }, SECRET, NOW);
    expect((await verifySignedState(state, [SECRET], { now: NOW + 3600_000 })).ok).toBe(true);
    expect(await verifySignedState(state, [SECRET], { now: NOW + 3601_000 })).toMatchObject({ ok: false, reason: 'expired' });
    expect(await verifySignedState(state, [SECRET], { now: NOW + 61_000, maxAgeSec: 60 })).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('tolerates a minute of clock skew but not a state from the future', async () => {
    expect((await verifySignedState(handMade({ ...payload, iat: payload.iat + 30 }), [SECRET], { now: NOW })).ok).toBe(true);
    expect(await verifySignedState(handMade({ ...payload, iat: payload.iat + 120 }), [SECRET], { now: NOW })).toMatchObject({ ok: false, reason: 'not_yet_valid' });
  });

  it('rejects malformed states, checking the MAC before it reads the payload', async () => {
    const [encoded, sig] = handMade(payload).split('.') as [string, string];
    const malformed = [undefined, null, 42, '', 'nodot', `${encoded}.${sig}.x`, `.${sig}`, `${encoded}.`, `${encoded}.${sig}=`,
      `${encoded}.${sig.slice(0, 40)}`, `${encoded}.${sig.replace(/./, '+')}`, 'a'.repeat(STATE_MAX_LENGTH + 1),
      // The same 32 bytes spelled with non-zero trailing bits: one value, one accepted spelling.
      `${encoded}.${sig.slice(0, 42)}${'AEIMQUYcgkosw048'.includes(sig[42]!) ? String.fromCharCode(sig.charCodeAt(42) + 1) : sig[42]}`];
    for (const state of malformed) {
      expect(await verifySignedState(state, [SECRET], { now: NOW })).toMatchObject({ ok: false, reason: 'malformed' });
    }
    // Correctly signed, but not a valid payload.
    const signedJunk = (text: string): string => `${b64u(text)}.${mac(SECRET, b64u(text))}`;
    const badPayloads = ['not json', '[1,2]', 'null', JSON.stringify({ ...payload, nonce: 'xyz' }), JSON.stringify({ ...payload, iat: '1' }),
      JSON.stringify({ ...payload, redirect_to: 7 }), JSON.stringify({ ...payload, customer: 5 }), JSON.stringify({ nonce: payload.nonce, iat: payload.iat })];
    for (const text of badPayloads) {
      expect(await verifySignedState(signedJunk(text), [SECRET], { now: NOW })).toMatchObject({ ok: false, reason: 'malformed' });
    }
    // A forged MAC over junk is reported as forged: the junk is never parsed.
    expect(await verifySignedState(`${b64u('not json')}.${mac(OLD, b64u('not json'))}`, [SECRET])).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('accepts a state signed with a previous secret only while that secret is listed', async () => {
    const oldState = await signState({ redirect_to: 'https://odoo.example.com/cb' }, OLD, NOW);
    expect(await verifySignedState(oldState, [SECRET, OLD], { now: NOW })).toMatchObject({ ok: true, secretIndex: 1 });
    expect(await verifySignedState(oldState, [SECRET], { now: NOW })).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('refuses to work without a secret or a URL', async () => {
    await expect(verifySignedState('a.b', [])).rejects.toThrow(TypeError);
    await expect(signState({ redirect_to: 'https://x.example/cb' }, '')).rejects.toThrow(TypeError);
    await expect(signState({ redirect_to: 'not a url' }, SECRET)).rejects.toThrow(TypeError);
  });

  it('compares MACs over their whole length', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'ab')).toBe(false);
  });
});

describe('base64url', () => {
  it('round-trips bytes of every length against Node', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(Array.from({ length: n }, (_, i) => (i * 97 + n) & 255));
      const text = bytesToBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(base64urlToBytes(text)).toEqual(bytes);
    }
    const every = new Uint8Array(Array.from({ length: 256 }, (_, i) => 255 - i));
    expect(bytesToBase64url(every)).toBe(Buffer.from(every).toString('base64url'));
    expect(base64urlToText(textToBase64url('héllo ✓'))).toBe('héllo ✓');
  });

  it('accepts one spelling per value only', () => {
    for (const bad of ['QQ==', 'a+b/', 'A', 'QR', 'a b', '*']) expect(base64urlToBytes(bad)).toBeNull();
    expect(base64urlToText(b64u(Buffer.from([0xff, 0xfe])))).toBeNull(); // not UTF-8
  });
});
