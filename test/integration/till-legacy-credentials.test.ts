// A till without a registered Clover app: a merchant API token or an Ecommerce private key from
// the Clover dashboard (clover-api.md §4 "Auth precedence observed"). What Clover allows works;
// what it refuses is refused by the till with NOT_SUPPORTED and a plain message, before anything
// is journaled or sent.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { legacySecretKey, type LegacyCredentialKind } from '../../src/clover';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import type { AppInfoView } from '../../src/shared/contract/views';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { disconnect } from '../../src/till/connect/clover-connection';
import { saveLegacyCredential } from '../../src/till/connect/legacy-credential';
import { createTill, type Till } from '../../src/till/create-till';
import { startKeyedSale } from '../../src/till/keyed/keyed-sale';
import { creditCard } from '../../src/till/refunds/credit';
import { refundSale } from '../../src/till/refunds/refund-payment';
import { voidSale } from '../../src/till/refunds/void-payment';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { pingTerminal, syncTerminals } from '../../src/till/terminals';
import { SERIAL, simulatorEnv, startTillHarness, type TillHarness } from '../support/till-harness';

const M = 'SIMMERCHANT01';
const card = () => ({ number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvv: '123' });

let sim: CloverSimulator | null = null;
let till: Till | null = null;
let harness: TillHarness | null = null;
afterEach(async () => {
  await till?.close();
  await sim?.close();
  await harness?.close();
  till = sim = harness = null;
});

/**
 * A till whose only Clover credential is `kind`, entered as the settings/CLI would, then opened
 * again as after a restart (the simulator auto-connect must not add OAuth on top of it).
 */
async function legacyTill(kind: LegacyCredentialKind): Promise<{ sim: CloverSimulator; till: Till }> {
  sim = await startCloverSimulator({ rateLimit: false, profile: 'training', defaultAction: { kind: 'approve' } });
  const dataDir = mkdtempSync(join(tmpdir(), 'till-legacy-'));
  const secrets = new MemorySecretStore();
  const env = simulatorEnv(sim);
  const first = await createTill({ dataDir, env, secrets, autoConnectSimulator: false });
  expect(await saveLegacyCredential(first, { kind, merchantId: M, value: sim.control.issueLegacyToken(kind, M) })).toEqual({ merchantId: M, merchantName: 'Fusion Test Store' });
  await first.close();
  till = await createTill({ dataDir, env, secrets });
  expect(sim.control.counters().tokenExchanges).toBe(0);
  expect(await secrets.get(legacySecretKey(kind, M))).toBeTruthy();
  return { sim, till };
}

const info = async (t: Till) => (await dispatchCall(createCounterHandlers(t), 'app.info', {})) as { ok: true; value: AppInfoView };
const connectCalls = (s: CloverSimulator) => s.control.requests().filter((r) => r.path.startsWith('/connect/')).length;

describe('a till with only a merchant API token', () => {
  it('syncs terminals and knows its merchant', async () => {
    const { till } = await legacyTill('merchant-token');
    expect(till.merchantId()).toBe(M);
    expect((await syncTerminals(till)).map((t) => t.serial)).toContain(SERIAL);
    expect((await info(till)).value).toMatchObject({ connected: true, capabilities: { credential: 'merchant-token', terminal: false, platform: 'full', ecommerce: false } });
    // Disconnect forgets the dashboard token too.
    await disconnect(till);
    expect(till.merchantId()).toBeNull();
    expect(await till.clover.capabilities(M)).toMatchObject({ credential: 'none' });
  });

  it('refuses a terminal sale with NOT_SUPPORTED: nothing journaled, nothing sent', async () => {
    const { sim, till } = await legacyTill('merchant-token');
    await syncTerminals(till);
    await expect(startTerminalSale(till, { amount: 1000, funding: 'credit' })).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: 'Terminal payments need Clover connected with OAuth (Settings → Connect Clover); a merchant API token cannot drive the terminal.',
    });
    // The same through the contract gate the UI and the CLI use.
    const viaApi = await dispatchCall(createCounterHandlers(till), 'sales.start', { amount: 1000, funding: 'credit' });
    expect(viaApi).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED', message: expect.stringMatching(/merchant API token cannot drive the terminal/) } });
    await expect(pingTerminal(till, SERIAL)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    await expect(creditCard(till, { amount: 500, managerPin: '1234', reason: 'goodwill' })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(till.ledger.credits.get(1)).toBeUndefined();
    till.updateSettings((s) => void (s.clover.keyedEntry = 'app'));
    await expect(startKeyedSale(till, { amount: 1000, card: card() })).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/Keyed card payments need/) });
    expect(till.ledger.sales.list()).toHaveLength(0);
    expect(connectCalls(sim)).toBe(0);
    expect(sim.control.payments()).toHaveLength(0);
  });

  it('a rejected token is reported as such (enter a new one), never refreshed', async () => {
    const { sim, till } = await legacyTill('merchant-token');
    sim.control.revokeTokens(M);
    const result = await dispatchCall(createCounterHandlers(till), 'terminals.sync', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED', message: expect.stringMatching(/rejected the merchant API token.*enter a new one/) } });
    expect(sim.control.requests().filter((r) => r.path.startsWith('/oauth/'))).toHaveLength(0);
  });

  it('refunds and voids of earlier terminal sales are refused once OAuth is gone, before anything is written', async () => {
    harness = await startTillHarness();
    const t = harness.till;
    harness.sim.control.script(SERIAL, { kind: 'approve' });
    const sale = await startTerminalSale(t, { amount: 2500, funding: 'credit' });
    expect(sale.state).toBe('approved');
    // The store drops its OAuth connection and keeps only a dashboard token.
    await t.clover.tokens.forget(M);
    await saveLegacyCredential(t, { kind: 'merchant-token', merchantId: M, value: harness.sim.control.issueLegacyToken('merchant-token', M) });
    const before = harness.sim.control.requests().length;
    await expect(refundSale(t, { saleId: sale.id })).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/Terminal payments need/) });
    await expect(voidSale(t, { saleId: sale.id })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(t.ledger.refunds.forPayment(t.ledger.payments.bySale(sale.id)!.id)).toHaveLength(0);
    expect(t.ledger.voids.get(1)).toBeUndefined();
    expect(harness.sim.control.requests().length).toBe(before);
  });
});

describe('a till with only an Ecommerce private key', () => {
  it('takes and refunds a keyed sale', async () => {
    const { sim, till } = await legacyTill('ecommerce-key');
    till.updateSettings((s) => void (s.clover.keyedEntry = 'app'));
    const sale = await startKeyedSale(till, { amount: 1500, card: card() });
    expect(sale).toMatchObject({ state: 'approved', moneyMoved: 'yes', entry: 'keyed', cardLast4: '4242' });
    expect(sim.control.payments()).toEqual([expect.objectContaining({ kind: 'charge', id: sale.cloverPaymentId, result: 'SUCCESS' })]);
    // Clover's live balance comes from the Ecommerce host: the key cannot read v3 payments.
    const refund = await refundSale(till, { saleId: sale.id });
    expect(refund).toMatchObject({ kind: 'refund', state: 'approved', amount: 1500 });
    expect(sim.control.requests().filter((r) => r.path.startsWith('/v3/') && r.path.includes('/payments'))).toHaveLength(0);
  });

  it('refuses terminal sales and terminal sync; app.info says what works', async () => {
    const { sim, till } = await legacyTill('ecommerce-key');
    expect((await info(till)).value.capabilities).toEqual({ credential: 'ecommerce-key', terminal: false, platform: 'merchant-only', ecommerce: true });
    await expect(syncTerminals(till)).rejects.toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/Ecommerce private key only reaches the merchant record/) });
    // A terminal known from earlier still cannot be used.
    till.updateSettings((s) => void (s.terminals = [{ serial: SERIAL, deviceId: 'd1', name: 'Counter 1' }]));
    await expect(startTerminalSale(till, { amount: 900, funding: 'debit' })).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      message: 'Terminal payments need Clover connected with OAuth (Settings → Connect Clover); an Ecommerce private key cannot drive the terminal.',
    });
    expect(till.ledger.sales.list()).toHaveLength(0);
    expect(connectCalls(sim)).toBe(0);
    expect(sim.control.requests().filter((r) => r.path.endsWith('/devices'))).toHaveLength(0);
  });
});

describe('entering a credential', () => {
  it('a credential Clover rejects is not kept; a bad merchant id is refused', async () => {
    sim = await startCloverSimulator({ rateLimit: false, profile: 'training' });
    till = await createTill({ dataDir: mkdtempSync(join(tmpdir(), 'till-legacy-')), env: simulatorEnv(sim), secrets: new MemorySecretStore(), autoConnectSimulator: false });
    await expect(saveLegacyCredential(till, { kind: 'merchant-token', merchantId: M, value: 'not-a-real-clover-token' })).rejects.toMatchObject({ code: 'CLOVER_CREDENTIAL_REJECTED' });
    expect(await till.clover.capabilities(M)).toMatchObject({ credential: 'none' });
    await expect(saveLegacyCredential(till, { kind: 'ecommerce-key', merchantId: 'SHORT', value: 'whatever-long' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
