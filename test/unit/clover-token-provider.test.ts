import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { silentLogger } from '../../src/shared/logger';
import { ReauthorizeRequiredError, TokenRefreshError } from '../../src/clover/errors';
import { createAuthorizedRequester } from '../../src/clover/http/authorized';
import { createRateLimiter } from '../../src/clover/http/rate-limiter';
import type { HttpOutcome, HttpRequest, Transport } from '../../src/clover/http/transport';
import { createFileRefreshLock } from '../../src/clover/oauth/refresh-lock';
import type { TokenEndpoint } from '../../src/clover/oauth/token-endpoint';
import { createTokenProvider } from '../../src/clover/oauth/token-provider';
import { TokenStore, tokenStoreKey, type TokenPair } from '../../src/clover/oauth/tokens';

const M = 'SIMMERCHANT01';
const NOW_S = 1_800_000_000;

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'clover-tp-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function pair(n: number, accessLeftSec = 1800): TokenPair {
  return { access_token: `access-${n}`, access_token_expiration: NOW_S + accessLeftSec, refresh_token: `refresh-${n}`, refresh_token_expiration: NOW_S + 86400 };
}

function setup(options: { refresh?: TokenEndpoint['refresh'] } = {}) {
  const secrets = new MemorySecretStore();
  const store = new TokenStore(secrets, 'APP');
  const calls: string[] = [];
  let n = 1;
  const endpoint: TokenEndpoint = {
    exchangeCode: async () => pair(0),
    refresh:
      options.refresh ??
      (async (_m, refreshToken) => {
        calls.push(refreshToken);
        await new Promise((r) => setTimeout(r, 20));
        return pair(++n);
      }),
  };
  const tokens = createTokenProvider({ store, endpoint, lock: createFileRefreshLock({ dir, logger: silentLogger }), logger: silentLogger, now: () => NOW_S * 1000 });
  return { secrets, store, tokens, calls };
}

describe('clover token provider', () => {
  it('returns a fresh token without refreshing', async () => {
    const { store, tokens, calls } = setup();
    await store.write(M, pair(1));
    expect(await tokens.getAccessToken(M)).toBe('access-1');
    expect(calls).toEqual([]);
  });

  it('refreshes proactively within 60 s of expiry and persists both tokens in one value first', async () => {
    const { secrets, store, tokens, calls } = setup();
    await store.write(M, pair(1, 59));
    expect(await tokens.getAccessToken(M)).toBe('access-2');
    expect(calls).toEqual(['refresh-1']);
    expect(JSON.parse((await secrets.get(tokenStoreKey('APP', M))) as string)).toMatchObject({ access_token: 'access-2', refresh_token: 'refresh-2' });
  });

  it('runs one refresh for many concurrent callers', async () => {
    const { store, tokens, calls } = setup();
    await store.write(M, pair(1, -10));
    const got = await Promise.all([1, 2, 3, 4, 5].map(() => tokens.getAccessToken(M)));
    expect(new Set(got)).toEqual(new Set(['access-2']));
    expect(calls).toEqual(['refresh-1']);
  });

  it('after a 401, uses a token another process stored instead of refreshing again', async () => {
    const { store, tokens, calls } = setup();
    await store.write(M, pair(7));
    expect(await tokens.refreshAfterUnauthorized(M, 'access-6')).toBe('access-7');
    expect(calls).toEqual([]);
    expect(await tokens.refreshAfterUnauthorized(M, 'access-7')).toBe('access-2');
    expect(calls).toEqual(['refresh-7']);
  });

  it('needs re-authorization without tokens, with an expired refresh token, or when refresh is rejected', async () => {
    const { store, tokens } = setup({ refresh: async (m) => Promise.reject(new ReauthorizeRequiredError(m, 'refresh-rejected')) });
    await expect(tokens.getAccessToken(M)).rejects.toBeInstanceOf(ReauthorizeRequiredError);
    await store.write(M, { ...pair(1, -1), refresh_token_expiration: NOW_S - 1 });
    await expect(tokens.getAccessToken(M)).rejects.toMatchObject({ reason: 'refresh-token-expired' });
    await store.write(M, pair(1, -1));
    await expect(tokens.getAccessToken(M)).rejects.toMatchObject({ reason: 'refresh-rejected' });
  });

  it('treats a corrupt stored value as not authorized', async () => {
    const { secrets, tokens } = setup();
    await secrets.set(tokenStoreKey('APP', M), '{not json');
    await expect(tokens.getAccessToken(M)).rejects.toMatchObject({ reason: 'no-tokens' });
  });

  it('keeps the stored pair when a refresh fails transiently', async () => {
    const { store, tokens } = setup({ refresh: async (m) => Promise.reject(new TokenRefreshError(m, 'network', true)) });
    await store.write(M, pair(1, -1));
    await expect(tokens.getAccessToken(M)).rejects.toBeInstanceOf(TokenRefreshError);
    expect((await store.read(M))?.refresh_token).toBe('refresh-1');
  });
});

describe('clover 401 rule', () => {
  function fakeTransport(statuses: number[]) {
    const seen: HttpRequest[] = [];
    const transport: Transport = {
      async send(req): Promise<HttpOutcome> {
        seen.push(req);
        const status = statuses.shift() ?? 401;
        return { kind: 'response', status, headers: {}, text: '{}', json: {} };
      },
      async close() {},
    };
    return { transport, seen };
  }

  it('refreshes once and retries once with the same request, then gives up', async () => {
    const { store, tokens, calls } = setup();
    await store.write(M, pair(1));
    const { transport, seen } = fakeTransport([401, 401, 401]);
    const requester = createAuthorizedRequester({ transport, tokens, limiter: createRateLimiter() });
    const req: HttpRequest = { role: 'api', method: 'POST', path: '/connect/v1/payments', headers: { 'idempotency-key': 'K1' }, body: { amount: 1 }, deadlineMs: 1000 };
    const out = await requester.send(M, req);
    expect(out).toMatchObject({ status: 401 });
    expect(seen.length).toBe(2);
    expect(calls.length).toBe(1);
    expect(seen.map((r) => r.headers?.['idempotency-key'])).toEqual(['K1', 'K1']);
    expect(seen.map((r) => r.headers?.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('passes the retried answer through when the new token works', async () => {
    const { store, tokens } = setup();
    await store.write(M, pair(1));
    const { transport } = fakeTransport([401, 200]);
    const requester = createAuthorizedRequester({ transport, tokens, limiter: createRateLimiter() });
    expect(await requester.send(M, { role: 'api', method: 'GET', path: '/v3/merchants/x', deadlineMs: 1000 })).toMatchObject({ status: 200 });
  });
});
