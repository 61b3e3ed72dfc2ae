import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, parseAuthorizeCallback } from '../../src/clover/oauth/authorize';
import { challengeFor, createPkcePair, createState } from '../../src/clover/oauth/pkce';
import { OAuthCallbackError } from '../../src/clover/errors';

describe('clover PKCE', () => {
  it('matches the RFC 7636 appendix B example (S256, base64url, no padding)', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('creates 43-char verifiers whose challenge is the unpadded SHA-256', () => {
    const a = createPkcePair();
    const b = createPkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(createHash('sha256').update(a.verifier).digest('base64url'));
    expect(a.challenge).not.toContain('=');
    expect(a.method).toBe('S256');
    expect(createState()).not.toBe(createState());
  });

  it('refuses verifiers outside RFC 7636', () => {
    expect(() => challengeFor('short')).toThrow(RangeError);
  });

  it('builds the authorize URL on the web host with every parameter', () => {
    const url = new URL(buildAuthorizeUrl({ webBase: 'https://sandbox.dev.clover.com', clientId: 'APP1', redirectUri: 'http://127.0.0.1:5000/cb', codeChallenge: 'abc', state: 's1' }));
    expect(url.origin + url.pathname).toBe('https://sandbox.dev.clover.com/oauth/v2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'APP1',
      redirect_uri: 'http://127.0.0.1:5000/cb',
      response_type: 'code',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
      state: 's1',
    });
  });

  it('reads the redirect and insists on our state', () => {
    const ok = parseAuthorizeCallback('http://127.0.0.1:5000/cb?merchant_id=M1&client_id=APP1&code=c1&state=s1', 's1');
    expect(ok).toEqual({ code: 'c1', merchantId: 'M1', clientId: 'APP1' });
    expect(() => parseAuthorizeCallback('http://x/cb?merchant_id=M1&code=c1&state=evil', 's1')).toThrow(OAuthCallbackError);
    expect(() => parseAuthorizeCallback('http://x/cb?merchant_id=M1&code=c1', 's1')).toThrow(OAuthCallbackError);
    expect(() => parseAuthorizeCallback('http://x/cb?merchant_id=M1&state=s1', 's1')).toThrow(/no code/);
    expect(() => parseAuthorizeCallback('http://x/cb?error=access_denied&state=s1', 's1')).toThrow(/refused/);
  });
});
