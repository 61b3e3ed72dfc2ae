// OAuth v2 + PKCE and the token provider against the simulator: code exchange, proactive and
// reactive refresh with rotation, single-flight, and the bounded 401 rule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { createCloverClient, OAuthCallbackError, OAuthExchangeError, ReauthorizeRequiredError, type CloverClient } from '../../src/clover/index';
import { tokenStoreKey, type TokenPair } from '../../src/clover/oauth/tokens';
import { startCloverSimulator, type CloverSimulator, type SimulatorOptions } from '../../src/clover/simulator/index';

const M = 'SIMMERCHANT01';
const APP = 'SIMAPP0000001';
const nowS = () => Math.floor(Date.now() / 1000);

let sim: CloverSimulator;
let client: CloverClient;
let secrets: MemorySecretStore;
let dir: string;

async function start(options: SimulatorOptions = {}): Promise<void> {
  sim = await startCloverSimulator({ defaultAction: { kind: 'approve' }, ...options });
  secrets = new MemorySecretStore();
  client = createCloverClient({ environment: 'sandbox', hosts: sim.urls, env: {}, appId: APP, posId: 'SIMRAID000001', appVersion: '0.1.0-test', secretStore: secrets, dataDir: dir, payDisplay: { timeoutSec: 1, deadlineMarginMs: 1500 } });
}

async function stored(): Promise<TokenPair> {
  return JSON.parse((await secrets.get(tokenStoreKey(APP, M))) as string) as TokenPair;
}

const refreshes = () => sim.control.requests().filter((r) => r.path === '/oauth/v2/refresh');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clover-oauth-'));
});
afterEach(async () => {
  await client?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('clover OAuth', () => {
  it('authorizes with PKCE through the web host and stores the pair', async () => {
    await start();
    const attempt = client.oauth.begin({ redirectUri: 'http://127.0.0.1:53123/clover/callback' });
    const url = new URL(attempt.url);
    expect(url.origin).toBe(sim.urls.web);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const res = await fetch(attempt.url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const callback = res.headers.get('location') as string;
    expect(new URL(callback).searchParams.get('state')).toBe(attempt.state);

    await expect(client.oauth.complete({ ...attempt, state: 'someone-else' }, callback)).rejects.toBeInstanceOf(OAuthCallbackError);
    const { merchantId } = await client.oauth.complete(attempt, callback);
    expect(merchantId).toBe(M);
    expect(sim.control.counters().tokenExchanges).toBe(1);
    const pair = await stored();
    expect(pair.access_token_expiration).toBeGreaterThan(nowS());
    expect(pair.refresh_token).toBeTruthy();
    expect(await client.merchant(M).platform.getMerchant()).toMatchObject({ id: M, name: 'Fusion Test Store' });
    // A code works once.
    await expect(client.oauth.complete(attempt, callback)).rejects.toBeInstanceOf(OAuthExchangeError);
  });

  it('refreshes proactively before expiry, rotating and persisting both tokens', async () => {
    await start();
    const issued = sim.control.issueTokens(M);
    await client.tokens.save(M, { ...issued, access_token_expiration: nowS() + 30 });
    await client.merchant(M).platform.getMerchant();
    const pair = await stored();
    expect(pair.access_token).not.toBe(issued.access_token);
    expect(pair.refresh_token).not.toBe(issued.refresh_token);
    const order = sim.control.requests().map((r) => r.path);
    expect(order).toEqual(['/oauth/v2/refresh', `/v3/merchants/${M}`]);
    expect(sim.control.counters().unauthorized).toBe(0);
    // The old refresh token is dead: Clover's single-use rule.
    const reuse = await fetch(`${sim.urls.api}/oauth/v2/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: APP, refresh_token: issued.refresh_token }) });
    expect(reuse.status).toBe(401);
  });

  it('refreshes reactively after a 401 and retries once with the new token', async () => {
    await start();
    const issued = sim.control.issueTokens(M);
    await client.tokens.save(M, { ...issued, access_token: 'not-a-valid-token' });
    const sale = await client.merchant(M).payDisplay('C0SIM0000001').sale({ amount: 100, externalPaymentId: 'REACTIVE00001', idempotencyKey: 'k-reactive' });
    expect(sale.kind).toBe('approved');
    const log = sim.control.requests().map((r) => [r.path, r.status]);
    expect(log).toEqual([
      ['/connect/v1/payments', 401],
      ['/oauth/v2/refresh', 200],
      ['/connect/v1/payments', 200],
    ]);
    expect(sim.control.payments()).toHaveLength(1);
  });

  it('runs exactly one refresh for two concurrent callers with an expired token', async () => {
    await start();
    await client.tokens.save(M, { ...sim.control.issueTokens(M), access_token_expiration: nowS() - 5 });
    sim.control.fault({ path: '/oauth/v2/refresh', kind: 'slow', delayMs: 200 });
    const m = client.merchant(M);
    const [a, b] = await Promise.all([m.platform.getMerchant(), m.payDisplay('C0SIM0000001').ping()]);
    expect(a.id).toBe(M);
    expect(b.kind).toBe('ok');
    expect(sim.control.counters()).toMatchObject({ refreshes: 1, refreshFailures: 0, unauthorized: 0 });
  });

  it('gives up after one refresh and one retry when the tokens are revoked, quickly', async () => {
    await start();
    await client.tokens.save(M, sim.control.issueTokens(M));
    sim.control.revokeTokens(M);
    const started = Date.now();
    await expect(client.merchant(M).platform.getMerchant()).rejects.toBeInstanceOf(ReauthorizeRequiredError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sim.control.requests().map((r) => [r.path, r.status])).toEqual([
      [`/v3/merchants/${M}`, 401],
      ['/oauth/v2/refresh', 401],
    ]);
    // Each later call costs at most one more refresh attempt, never a loop.
    await expect(client.merchant(M).platform.getMerchant()).rejects.toBeInstanceOf(ReauthorizeRequiredError);
    expect(refreshes()).toHaveLength(2);
  });

  it('returns unauthorized when even the refreshed token is refused: one refresh, one retry', async () => {
    await start({ accessTokenLifetimeSec: 0 }); // every access token is born dead
    await client.tokens.save(M, { ...sim.control.issueTokens(M), access_token_expiration: nowS() + 3600 });
    const started = Date.now();
    const r = await client.merchant(M).payDisplay('C0SIM0000001').sale({ amount: 100, externalPaymentId: 'DEADTOKEN0001', idempotencyKey: 'k-dead' });
    expect(r).toMatchObject({ kind: 'unauthorized', httpStatus: 401 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sim.control.requests().map((x) => [x.path, x.status])).toEqual([
      ['/connect/v1/payments', 401],
      ['/oauth/v2/refresh', 200],
      ['/connect/v1/payments', 401],
    ]);
  });

  it('needs re-authorization when nothing is stored, without any request', async () => {
    await start();
    await expect(client.merchant(M).platform.getMerchant()).rejects.toMatchObject({ reason: 'no-tokens' });
    expect(sim.control.requests()).toHaveLength(0);
  });
});
