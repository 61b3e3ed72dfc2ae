// clover.setLegacyCredential through the contract gate the UI uses (dispatchCall), against the
// Clover simulator: a dashboard token or Ecommerce key is saved in the secret store (the real
// keychain when the test keyring is up) and its merchant comes back; bad input is refused
// before anything is stored or sent; the secret is never echoed, logged or written to settings.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legacySecretKey } from '../../src/clover';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { lineLogger } from '../../src/shared/logger';
import { MemorySecretStore, type SecretStore } from '../../src/shared/secret-store';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { createTill, type Till } from '../../src/till/create-till';
import { hashPin } from '../../src/till/refunds/manager-pin';
import { KeychainSecretStore } from '../../src/till/secrets/keychain-secret-store';
import { simulatorEnv } from '../support/till-harness';

const M = 'SIMMERCHANT01';
const PIN = '7531'; // a credential is a manager's (manager-gate.test.ts refuses it without)
const PIN_HASH = await hashPin(PIN);

let sim: CloverSimulator;
let till: Till;
let secrets: SecretStore;
let dataDir: string;
let logLines: string[];

beforeEach(async () => {
  sim = await startCloverSimulator({ rateLimit: false, profile: 'training' });
  dataDir = mkdtempSync(join(tmpdir(), 'till-legacy-call-'));
  secrets = process.env.COUNTER_TEST_KEYRING === '1' ? new KeychainSecretStore(`counter-test-${randomUUID()}`) : new MemorySecretStore();
  logLines = [];
  // No simulator auto-connect: OAuth would take precedence over the credential under test.
  till = await createTill({ dataDir, env: simulatorEnv(sim), secrets, logger: lineLogger((l) => logLines.push(l), 'debug'), autoConnectSimulator: false });
  till.updateSettings((s) => void (s.managerPinHash = PIN_HASH));
});
afterEach(async () => {
  await till.clover.credentials.forgetLegacy(M);
  await till.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const call = (input: Record<string, unknown>) => dispatchCall(createCounterHandlers(till), 'clover.setLegacyCredential', { ...input, managerPin: PIN });
const stored = async () => ({ token: await secrets.get(legacySecretKey('merchant-token', M)), key: await secrets.get(legacySecretKey('ecommerce-key', M)) });
/** Every file the till wrote in its data folder (settings, ledger, journal), as text. */
const dataFolderText = () => readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), 'latin1')).join('\n');

function expectNowhere(secret: string, ...outputs: unknown[]): void {
  for (const output of outputs) expect(JSON.stringify(output)).not.toContain(secret);
  expect(logLines.join('\n')).not.toContain(secret);
  expect(dataFolderText()).not.toContain(secret);
}

describe('clover.setLegacyCredential', () => {
  it('saves an Ecommerce key for the merchant (id trimmed and upper-cased) and returns only the merchant', async () => {
    const secret = sim.control.issueLegacyToken('ecommerce-key', M);
    const result = await call({ kind: 'ecommerce-key', merchantId: ` ${M.toLowerCase()} `, secret });
    expect(result).toEqual({ ok: true, value: { merchantId: M, merchantName: 'Fusion Test Store' } });
    expect(await stored()).toEqual({ token: null, key: secret });
    expect(till.settings().clover).toMatchObject({ merchantId: M, merchantName: 'Fusion Test Store' });
    const info = await dispatchCall(createCounterHandlers(till), 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { connected: true, capabilities: { credential: 'ecommerce-key', terminal: false, platform: 'merchant-only', ecommerce: true } } });
    expect(sim.control.counters().tokenExchanges).toBe(0);
    expectNowhere(secret, result, info);
  });

  it('saves a merchant API token the same way', async () => {
    const secret = sim.control.issueLegacyToken('merchant-token', M);
    expect(await call({ kind: 'merchant-token', merchantId: M, secret })).toEqual({ ok: true, value: { merchantId: M, merchantName: 'Fusion Test Store' } });
    expect(await stored()).toEqual({ token: secret, key: null });
    expect(await till.clover.capabilities(M)).toMatchObject({ credential: 'merchant-token', terminal: false });
  });

  it('refuses bad input before anything is stored or sent, without quoting it', async () => {
    const secret = sim.control.issueLegacyToken('ecommerce-key', M);
    const requestsBefore = sim.control.requests().length;
    const bad: Array<[string, Record<string, unknown>]> = [
      ['merchantId', { kind: 'ecommerce-key', merchantId: 'SHORT', secret }],
      ['merchantId', { kind: 'ecommerce-key', merchantId: 'SIMMERCHANT0!', secret }],
      ['merchantId', { kind: 'ecommerce-key', merchantId: `${M}X`, secret }],
      ['secret', { kind: 'ecommerce-key', merchantId: M, secret: 'abc1234' }],
      ['secret', { kind: 'ecommerce-key', merchantId: M, secret: `${secret.slice(0, 10)} ${secret.slice(10)}` }],
      ['secret', { kind: 'ecommerce-key', merchantId: M, secret: `${secret}\n` }],
      ['secret', { kind: 'ecommerce-key', merchantId: M, secret: 'x'.repeat(501) }],
      ['kind', { kind: 'oauth', merchantId: M, secret }],
      ['input', { kind: 'ecommerce-key', merchantId: M, secret, echo: secret }],
    ];
    for (const [field, input] of bad) {
      const result = await call(input);
      expect(result, field).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('clover.setLegacyCredential') } });
      if (field !== 'input') expect((result as { error: { message: string } }).error.message, field).toContain(field);
      expectNowhere(secret.slice(0, 10), result);
    }
    expect(await stored()).toEqual({ token: null, key: null });
    expect(till.settings().clover.merchantId).toBeUndefined();
    expect(sim.control.requests().length).toBe(requestsBefore);
  });

  it('does not keep a credential Clover rejects, and says which one to enter again', async () => {
    const secret = 'not-a-real-clover-key-0123456789';
    const result = await call({ kind: 'ecommerce-key', merchantId: M, secret });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED', message: expect.stringMatching(/rejected the Ecommerce private key/) } });
    expect(await stored()).toEqual({ token: null, key: null });
    expect(await till.clover.capabilities(M)).toMatchObject({ credential: 'none' });
    // ... and the till does not claim a merchant it cannot reach.
    expect(till.settings().clover.merchantId).toBeUndefined();
    expect(await dispatchCall(createCounterHandlers(till), 'app.info', {})).toMatchObject({ ok: true, value: { connected: false } });
    expectNowhere(secret, result);
  });

  it('keeps a working credential when a mistyped one of the same kind is refused', async () => {
    const good = sim.control.issueLegacyToken('ecommerce-key', M);
    expect(await call({ kind: 'ecommerce-key', merchantId: M, secret: good })).toMatchObject({ ok: true });
    const result = await call({ kind: 'ecommerce-key', merchantId: M, secret: 'mistyped-key-0123456789' });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(await stored()).toEqual({ token: null, key: good });
    expect(await till.clover.capabilities(M)).toMatchObject({ credential: 'ecommerce-key' });
    expect(till.settings().clover.merchantId).toBe(M);
  });

  it('checks an Ecommerce key on its own surface when a dashboard token would answer the merchant read', async () => {
    const token = sim.control.issueLegacyToken('merchant-token', M);
    expect(await call({ kind: 'merchant-token', merchantId: M, secret: token })).toMatchObject({ ok: true });
    const wrong = await call({ kind: 'ecommerce-key', merchantId: M, secret: 'wrong-ecommerce-key-0123456789' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED', message: expect.stringMatching(/Ecommerce private key/) } });
    expect(await stored()).toEqual({ token, key: null });
    const key = sim.control.issueLegacyToken('ecommerce-key', M);
    expect(await call({ kind: 'ecommerce-key', merchantId: M, secret: key })).toMatchObject({ ok: true });
    expect(await till.clover.capabilities(M)).toEqual({ credential: 'merchant-token', terminal: false, platform: 'full', ecommerce: true });
  });

  it('refuses a token or key for a merchant the till reaches with OAuth (it would never be used)', async () => {
    const oauthDir = mkdtempSync(join(tmpdir(), 'till-legacy-oauth-'));
    const oauthTill = await createTill({ dataDir: oauthDir, env: simulatorEnv(sim), secrets, autoConnectSimulator: false });
    oauthTill.updateSettings((s) => void (s.managerPinHash = PIN_HASH));
    try {
      const inAnHour = Math.floor(Date.now() / 1000) + 3600;
      await oauthTill.clover.tokens.save(M, { access_token: 'sim-oauth-access-0001', access_token_expiration: inAnHour, refresh_token: 'sim-oauth-refresh-0001', refresh_token_expiration: inAnHour + 86_400 });
      const secret = sim.control.issueLegacyToken('merchant-token', M);
      const result = await dispatchCall(createCounterHandlers(oauthTill), 'clover.setLegacyCredential', { kind: 'merchant-token', merchantId: M, secret, managerPin: PIN });
      expect(result).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringMatching(/OAuth/) } });
      expect(await stored()).toEqual({ token: null, key: null });
      expectNowhere(secret, result);
    } finally {
      await oauthTill.clover.tokens.forget(M);
      await oauthTill.close();
      rmSync(oauthDir, { recursive: true, force: true });
    }
  });
});
