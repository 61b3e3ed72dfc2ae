// The Clover client with legacy credentials, over real HTTP to the simulator (clover-api.md §4
// "Auth precedence observed"): OAuth › merchant API token › Ecommerce private key, per surface
// the first that reaches it; a surface no stored credential reaches is refused before anything
// is sent; a 401 on a legacy credential is final (no refresh, one request).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CloverNotSupportedError, CredentialRejectedError, createCloverClient, ECOMMERCE_KEY_SECRET_PREFIX, legacySecretKey, MERCHANT_TOKEN_SECRET_PREFIX,
  type CloverClient, type LegacyCredentialKind, type MerchantClient,
} from '../../src/clover/index';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator/index';
import { MemorySecretStore } from '../../src/shared/secret-store';

const M = 'SIMMERCHANT01';
const SERIAL = 'C0SIM0000001';
const card = { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvv: '123' };

let sim: CloverSimulator;
let dir: string;
let secrets: MemorySecretStore;
let client: CloverClient;
let m: MerchantClient;
let seq = 0;
const key = () => `legacy-${Date.now()}-${++seq}`;

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: false, profile: 'training', defaultAction: { kind: 'approve' } });
  dir = mkdtempSync(join(tmpdir(), 'clover-legacy-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sim.control.reset();
  secrets = new MemorySecretStore();
  client = createCloverClient({
    environment: 'sandbox', hosts: sim.urls, env: {}, appId: 'SIMAPP0000001', posId: 'SIMRAID000001', appVersion: '0.1.0-test',
    secretStore: secrets, dataDir: dir, forwardedFor: '192.168.1.20', payDisplay: { timeoutSec: 5 }, readRetryDelayMs: 20,
  });
  m = client.merchant(M);
});
afterEach(() => client.close());

const enter = (kind: LegacyCredentialKind) => client.credentials.saveLegacy(kind, M, sim.control.issueLegacyToken(kind, M));
const requests = () => sim.control.requests().length;
const refreshes = () => sim.control.requests().filter((r) => r.path === '/oauth/v2/refresh').length;

/** Refused as not supported, with no request sent. */
async function refusedUnsent(call: () => Promise<unknown>, message: RegExp): Promise<void> {
  const before = requests();
  const error = await call().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CloverNotSupportedError);
  expect((error as Error).message).toMatch(message);
  expect(requests()).toBe(before);
}

describe('credential precedence', () => {
  it('uses the documented keychain names', async () => {
    expect(legacySecretKey('merchant-token', M)).toBe(`${MERCHANT_TOKEN_SECRET_PREFIX}${M}`);
    expect(legacySecretKey('ecommerce-key', M)).toBe(`${ECOMMERCE_KEY_SECRET_PREFIX}${M}`);
    expect(MERCHANT_TOKEN_SECRET_PREFIX).toBe('clover.merchantToken.');
    expect(ECOMMERCE_KEY_SECRET_PREFIX).toBe('clover.ecommerceKey.');
    await enter('merchant-token');
    expect(await secrets.get(`clover.merchantToken.${M}`)).toBeTruthy();
  });

  it('OAuth wins over both legacy credentials, the merchant token over the Ecommerce key', async () => {
    expect(await client.capabilities(M)).toEqual({ credential: 'none', terminal: false, platform: 'none', ecommerce: false });
    await enter('ecommerce-key');
    await enter('merchant-token');
    await client.tokens.save(M, sim.control.issueTokens(M));
    expect(await client.capabilities(M)).toEqual({ credential: 'oauth', terminal: true, platform: 'full', ecommerce: true });
    // The terminal answers: only the OAuth token can have sent that.
    expect(await m.payDisplay(SERIAL).ping()).toMatchObject({ kind: 'ok', value: { connected: true } });

    await client.tokens.forget(M);
    // Both legacy credentials: each surface gets the first one that reaches it, so Platform is
    // read with the token and keyed cards go through with the key; the terminal stays off.
    expect(await client.capabilities(M)).toEqual({ credential: 'merchant-token', terminal: false, platform: 'full', ecommerce: true });
    expect(await m.platform.listDevices()).toHaveLength(2); // an Ecommerce key would get 401 here
    expect((await m.ecommerce.tokenize(card)).token).toMatch(/^clv_/); // the token would be refused here
    await refusedUnsent(() => m.payDisplay(SERIAL).ping(), /terminal/);

    await client.credentials.forgetLegacy(M, 'merchant-token');
    expect(await client.capabilities(M)).toEqual({ credential: 'ecommerce-key', terminal: false, platform: 'merchant-only', ecommerce: true });
    expect((await m.ecommerce.tokenize(card)).token).toMatch(/^clv_/);
  });

  it('refuses to store a malformed credential or merchant id', async () => {
    await expect(client.credentials.saveLegacy('merchant-token', M, 'short')).rejects.toMatchObject({ code: 'CLOVER_INPUT' });
    await expect(client.credentials.saveLegacy('merchant-token', 'nope', 'a-long-enough-token')).rejects.toMatchObject({ code: 'CLOVER_INPUT' });
    expect(await client.capabilities(M)).toMatchObject({ credential: 'none' });
  });
});

describe('a merchant API token', () => {
  beforeEach(() => enter('merchant-token'));

  it('reads Platform v3', async () => {
    expect(await m.platform.getMerchant()).toEqual({ id: M, name: 'Fusion Test Store' });
    expect((await m.platform.listDevices()).map((d) => d.serial)).toContain(SERIAL);
    expect(await m.platform.findPaymentsByExternalId('NOSUCHPAYMENT')).toEqual([]);
  });

  it('cannot drive the terminal: refused before any request', async () => {
    const pay = m.payDisplay(SERIAL);
    await refusedUnsent(() => pay.sale({ amount: 1000, externalPaymentId: 'LEGACYSALE0001', idempotencyKey: key() }), /Terminal payments need Clover connected with OAuth.*a merchant API token cannot drive the terminal/);
    await refusedUnsent(() => pay.ping(), /merchant API token/);
    await refusedUnsent(() => pay.refund('ZZZZZZZZZZZZZ', { idempotencyKey: key() }), /terminal/);
    await refusedUnsent(() => pay.credit({ amount: 100, idempotencyKey: key() }), /terminal/);
    expect(sim.control.payments()).toHaveLength(0);
  });

  it('cannot reach Ecommerce (PAKMS, tokenize, charges): refused before any request', async () => {
    await refusedUnsent(() => m.ecommerce.tokenize(card), /Keyed card payments need .*merchant API token/);
    await refusedUnsent(() => m.ecommerce.charge({ amount: 100, currency: 'usd', source: 'clv_x', idempotencyKey: key() }), /Ecommerce/);
    await refusedUnsent(() => m.ecommerce.refund('CHARGE0000001', { idempotencyKey: key() }), /Ecommerce/);
  });

  it('a 401 is final: a typed error after exactly one request, never a refresh', async () => {
    sim.control.revokeTokens(M);
    const before = requests();
    const error = await m.platform.getMerchant().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialRejectedError);
    expect(error).toMatchObject({ credential: 'merchant-token', merchantId: M, message: expect.stringMatching(/enter a new one/) });
    expect(requests() - before).toBe(1);
    expect(refreshes()).toBe(0);
  });
});

describe('an Ecommerce private key', () => {
  beforeEach(() => enter('ecommerce-key'));

  it('reaches the merchant record, PAKMS and charges/refunds', async () => {
    expect((await m.platform.getMerchant()).id).toBe(M);
    const token = await m.ecommerce.tokenize(card);
    const charged = await m.ecommerce.charge({ amount: 1234, currency: 'usd', source: token.token, idempotencyKey: key() });
    if (charged.kind !== 'approved') throw new Error(`charge ${charged.kind}`);
    expect(await m.ecommerce.getCharge(charged.value.chargeId)).toMatchObject({ chargeId: charged.value.chargeId, amount: 1234, amountRefunded: 0, paid: true });
    expect(await m.ecommerce.refund(charged.value.chargeId, { idempotencyKey: key() })).toMatchObject({ kind: 'approved' });
    expect(sim.control.requests().some((r) => r.path === '/pakms/apikey' && r.status === 200)).toBe(true);
  });

  it('other Platform calls and the terminal are refused before any request', async () => {
    await refusedUnsent(() => m.platform.listDevices(), /Ecommerce private key only reaches the merchant record/);
    await refusedUnsent(() => m.platform.getPayment('ZZZZZZZZZZZZZ'), /merchant record/);
    await refusedUnsent(() => m.payDisplay(SERIAL).sale({ amount: 500, externalPaymentId: 'LEGACYSALE0002', idempotencyKey: key() }), /an Ecommerce private key cannot drive the terminal/);
  });

  it('a 401 on a money call is final: typed error, one request, no refresh', async () => {
    const token = await m.ecommerce.tokenize(card);
    sim.control.revokeTokens(M);
    const before = requests();
    const error = await m.ecommerce.charge({ amount: 100, currency: 'usd', source: token.token, idempotencyKey: key() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialRejectedError);
    expect(error).toMatchObject({ credential: 'ecommerce-key', message: expect.stringMatching(/Ecommerce private key.*enter a new one/) });
    expect(requests() - before).toBe(1);
    expect(refreshes()).toBe(0);
    expect(sim.control.payments()).toHaveLength(0);
  });
});
