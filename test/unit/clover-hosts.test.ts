import { describe, expect, it } from 'vitest';
import { resolveHosts } from '../../src/clover/hosts';
import { CloverConfigError } from '../../src/clover/errors';

describe('clover hosts', () => {
  it('keeps the sandbox authorize UI apart from the API host (D1)', () => {
    const h = resolveHosts({ environment: 'sandbox' });
    expect(h).toEqual({
      api: 'https://apisandbox.dev.clover.com',
      web: 'https://sandbox.dev.clover.com',
      ecommerce: 'https://scl-sandbox.dev.clover.com',
      token: 'https://token-sandbox.dev.clover.com',
    });
    expect(h.web).not.toBe(h.api);
  });

  it('has production hosts per region, without Ecommerce outside NA', () => {
    expect(resolveHosts({ environment: 'production' })).toMatchObject({ api: 'https://api.clover.com', web: 'https://www.clover.com', ecommerce: 'https://scl.clover.com', token: 'https://token.clover.com' });
    expect(resolveHosts({ environment: 'production', region: 'EU' })).toEqual({ api: 'https://api.eu.clover.com', web: 'https://www.eu.clover.com', ecommerce: null, token: null });
    expect(resolveHosts({ environment: 'production', region: 'LA' }).api).toBe('https://api.la.clover.com');
  });

  it('lets env variables override each role, and explicit config override env', () => {
    const env = { CLOVER_API_URL: 'http://127.0.0.1:9001/', CLOVER_WEB_URL: 'http://127.0.0.1:9002', CLOVER_ECOMM_URL: 'http://127.0.0.1:9003', CLOVER_TOKEN_URL: 'http://127.0.0.1:9004' };
    expect(resolveHosts({ environment: 'production', env })).toEqual({ api: 'http://127.0.0.1:9001', web: 'http://127.0.0.1:9002', ecommerce: 'http://127.0.0.1:9003', token: 'http://127.0.0.1:9004' });
    expect(resolveHosts({ environment: 'sandbox', env, overrides: { api: 'http://localhost:1' } }).api).toBe('http://localhost:1');
  });

  it('rejects malformed overrides and unknown regions', () => {
    expect(() => resolveHosts({ environment: 'sandbox', overrides: { api: 'not a url' } })).toThrow(CloverConfigError);
    expect(() => resolveHosts({ environment: 'sandbox', overrides: { api: 'ftp://x' } })).toThrow(CloverConfigError);
    expect(() => resolveHosts({ environment: 'production', region: 'XX' as never })).toThrow(CloverConfigError);
  });
});
