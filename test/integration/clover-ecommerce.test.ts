// Keyed payments against the simulator: PAKMS, tokenization, charges, declines, refunds,
// capture, and the rule that a card number never reaches a log line, an error or a result.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/shared/logger';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { CardValidationError, CloverInputError, CloverNotSupportedError, CloverRequestError, createCloverClient, type CloverClient, type CloverClientConfig } from '../../src/clover/index';
import { pakmsStoreKey } from '../../src/clover/ecommerce/pakms';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator/index';

const M = 'SIMMERCHANT01';
const VISA = '4242 4242 4242 4242';
const card = (number = VISA, over: Record<string, unknown> = {}) => ({ number, expMonth: 12, expYear: 2031, cvv: '123', ...over });

/** Records exactly what the client hands to its logger, before any redaction. */
const raw: string[] = [];
const rawLogger: Logger = { log: (level, message, fields) => void raw.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) };

let sim: CloverSimulator;
let client: CloverClient;
let secrets: MemorySecretStore;
let dir: string;
let seq = 0;
const key = () => `ecom-${Date.now()}-${++seq}`;

function config(over: Partial<CloverClientConfig> = {}): CloverClientConfig {
  return { environment: 'sandbox', hosts: sim.urls, env: {}, appId: 'SIMAPP0000001', posId: 'SIMRAID000001', appVersion: '0.1.0-test', secretStore: secrets, dataDir: dir, logger: rawLogger, forwardedFor: '192.168.1.20', backoff: { baseDelayMs: 20, maxDelayMs: 50 }, ...over };
}

beforeAll(async () => {
  sim = await startCloverSimulator({ profile: 'training' });
  dir = mkdtempSync(join(tmpdir(), 'clover-ecom-'));
  secrets = new MemorySecretStore();
  client = createCloverClient(config());
  await client.tokens.save(M, sim.control.issueTokens(M));
});
afterAll(async () => {
  await client?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sim.control.reset());

const ecom = () => client.merchant(M).ecommerce;
const count = (path: string) => sim.control.requests().filter((r) => r.path === path).length;

describe('clover Ecommerce', () => {
  it('fetches the PAKMS key once per merchant and keeps it in the secret store', async () => {
    await ecom().tokenize(card());
    await ecom().tokenize(card());
    expect(count('/pakms/apikey')).toBe(1);
    expect(await secrets.get(pakmsStoreKey('SIMAPP0000001', M))).toBe(sim.control.apiKey(M));
    const tokenCalls = sim.control.requests().filter((r) => r.path === '/v1/tokens');
    expect(tokenCalls.every((r) => r.host === 'token' && r.headers.apikey && !r.headers.bearer)).toBe(true);

    const second = createCloverClient(config());
    try {
      await second.merchant(M).ecommerce.tokenize(card());
      expect(count('/pakms/apikey')).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('tokenizes, charges, and never charges twice for one idempotency key', async () => {
    const t = await ecom().tokenize(card());
    expect(Object.keys(t).sort()).toEqual(['brand', 'last4', 'token']);
    expect(t).toMatchObject({ brand: 'VISA', last4: '4242', token: expect.stringMatching(/^clv_/) });
    const request = { amount: 2599, currency: 'USD', source: t.token, idempotencyKey: key(), taxAmount: 100, externalReferenceId: 'INV-7' };
    const first = await ecom().charge(request);
    expect(first).toMatchObject({ kind: 'approved', value: { amount: 2599, currency: 'usd', status: 'succeeded', captured: true, partial: false } });
    const again = await ecom().charge(request);
    expect(again).toMatchObject({ kind: 'approved' });
    if (first.kind === 'approved' && again.kind === 'approved') expect(again.value.chargeId).toBe(first.value.chargeId);
    expect(sim.control.payments().filter((p) => p.kind === 'charge')).toHaveLength(1);
    expect(sim.control.counters().chargesCreated).toBe(1);
  });

  it('reports declines (402) and partial-auth declines with the decline message', async () => {
    const declined = await ecom().charge({ amount: 1000, currency: 'usd', source: (await ecom().tokenize(card('4264 2815 1111 7771'))).token, idempotencyKey: key() });
    expect(declined).toMatchObject({ kind: 'declined', httpStatus: 402, code: 'card_declined', message: 'DECLINED' });
    const partial = await ecom().charge({ amount: 1000, currency: 'usd', source: (await ecom().tokenize(card('4005 5780 0333 3335'))).token, idempotencyKey: key() });
    expect(partial).toMatchObject({ kind: 'declined', httpStatus: 402, message: expect.stringMatching(/partial/i) });
  });

  it('refunds in full with only {charge}; partial refunds are a typed "not supported" without a request', async () => {
    const t = await ecom().tokenize(card());
    const charge = await ecom().charge({ amount: 3000, currency: 'usd', source: t.token, idempotencyKey: key() });
    if (charge.kind !== 'approved') throw new Error(charge.kind);
    const before = sim.control.requests().length;
    await expect(ecom().refund(charge.value.chargeId, { amount: 1000, idempotencyKey: key() })).rejects.toBeInstanceOf(CloverNotSupportedError);
    expect(sim.control.requests().length).toBe(before);
    const refund = await ecom().refund(charge.value.chargeId, { idempotencyKey: key() });
    expect(refund).toMatchObject({ kind: 'approved', value: { chargeId: charge.value.chargeId, amount: 3000, status: 'succeeded' } });
    expect(await ecom().refund(charge.value.chargeId, { idempotencyKey: key() })).toMatchObject({ kind: 'invalid', code: 'charge_already_refunded' });
  });

  it('sends partial refunds as {charge, amount} when ecomPartialRefunds is on', async () => {
    const flagged = await startCloverSimulator({ profile: 'training', flags: { ecomPartialRefunds: true } });
    const c = createCloverClient(config({ hosts: flagged.urls, secretStore: new MemorySecretStore(), ecomPartialRefunds: true }));
    try {
      await c.tokens.save(M, flagged.control.issueTokens(M));
      const e = c.merchant(M).ecommerce;
      const charge = await e.charge({ amount: 3000, currency: 'usd', source: (await e.tokenize(card())).token, idempotencyKey: key() });
      if (charge.kind !== 'approved') throw new Error(charge.kind);
      expect(await e.refund(charge.value.chargeId, { amount: 1000, idempotencyKey: key() })).toMatchObject({ kind: 'approved', value: { amount: 1000 } });
      expect(flagged.control.payments()[0]?.refundedAmount).toBe(1000);
    } finally {
      await c.close();
      await flagged.close();
    }
  });

  it('captures a pre-authorized charge', async () => {
    const t = await ecom().tokenize(card('3782 822463 10005', { cvv: '1234' }));
    expect(t.brand).toBe('AMEX');
    const auth = await ecom().charge({ amount: 5000, currency: 'usd', source: t.token, idempotencyKey: key(), capture: false });
    expect(auth).toMatchObject({ kind: 'approved', value: { captured: false } });
    if (auth.kind !== 'approved') return;
    expect(await ecom().capture(auth.value.chargeId, { amount: 4500, idempotencyKey: key() })).toMatchObject({ kind: 'approved', value: { captured: true, amount: 4500 } });
    expect(await ecom().capture(auth.value.chargeId, { idempotencyKey: key() })).toMatchObject({ kind: 'invalid', code: 'charge_already_captured' });
  });

  it('classifies server trouble on charges without repeating them', async () => {
    const t = await ecom().tokenize(card());
    sim.control.fault({ method: 'POST', path: '/v1/charges', kind: 'drop-after-complete' });
    const request = { amount: 700, currency: 'usd', source: t.token, idempotencyKey: key() };
    expect(await ecom().charge(request)).toMatchObject({ kind: 'unknown', cause: 'network', idempotencyKey: request.idempotencyKey });
    expect(count('/v1/charges')).toBe(1);
    // The same key resolves it: one charge.
    expect((await ecom().charge(request)).kind).toBe('approved');
    expect(sim.control.payments()).toHaveLength(1);
  });

  it('rejects bad input before any request', async () => {
    const before = sim.control.requests().length;
    const bad = [
      () => ecom().tokenize(card('4242 4242 4242 4241')),
      () => ecom().tokenize(card('1234 5678 9012 3456')),
      () => ecom().tokenize(card(VISA, { expMonth: 13 })),
      () => ecom().tokenize(card(VISA, { expYear: 2001 })),
      () => ecom().tokenize(card(VISA, { cvv: '12' })),
      () => ecom().charge({ amount: 0, currency: 'usd', source: 'clv_x', idempotencyKey: 'k' }),
      () => ecom().charge({ amount: 1.5, currency: 'usd', source: 'clv_x', idempotencyKey: 'k' }),
      () => ecom().charge({ amount: 100, currency: 'dollars', source: 'clv_x', idempotencyKey: 'k' }),
      () => ecom().charge({ amount: 100, currency: 'usd', source: 'clv_x', idempotencyKey: '' }),
      () => ecom().charge({ amount: 100, currency: 'usd', source: 'clv_x', idempotencyKey: 'k', forwardedFor: 'not-an-ip' }),
      () => ecom().refund('', { idempotencyKey: 'k' }),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(CloverInputError);
    await expect(ecom().tokenize(card('4242 4242 4242 4241'))).rejects.toBeInstanceOf(CardValidationError);
    expect(sim.control.requests().length).toBe(before);
  });
});

describe('clover card numbers stay out of logs, errors and results', () => {
  const PANS = ['4242424242424242', '4242424242424241', '4264281511117771', '378282246310005', '6011361000006668'];

  it('across tokenize success and every failure path', async () => {
    raw.length = 0;
    const seen: unknown[] = [];
    const attempt = async (fn: () => Promise<unknown>) => {
      try {
        seen.push(await fn());
      } catch (err) {
        seen.push(err);
        seen.push(inspect(err, { depth: 5 }));
        seen.push(String(err));
      }
    };
    const e = ecom();
    await attempt(() => e.tokenize(card('4242-4242-4242-4242')));
    await attempt(() => e.tokenize(card('4242 4242 4242 4241'))); // Luhn: not even the redactor would catch this one
    await attempt(() => e.tokenize(card('6011 3610 0000 6668', { cvv: '1' })));
    await attempt(() => e.tokenize(card('3782 822463 10005', { expMonth: 0 })));
    for (const kind of ['status500', 'status503', 'drop-before', 'drop-after-complete'] as const) {
      sim.control.fault({ method: 'POST', path: '/v1/tokens', kind });
      await attempt(() => e.tokenize(card('4264 2815 1111 7771')));
    }
    sim.control.fault({ method: 'POST', path: '/v1/tokens', kind: 'status429', times: 10 });
    await attempt(() => e.tokenize(card()));
    sim.control.clearFaults();
    // A stale PAKMS key: 401 at the tokenizer, key fetched again, card sent again (same process).
    await secrets.set(pakmsStoreKey('SIMAPP0000001', 'SIMMERCHANT01'), 'stale-key');
    const fresh = createCloverClient(config({ logger: rawLogger }));
    try {
      await attempt(() => fresh.merchant(M).ecommerce.tokenize(card('4264281511117771')));
    } finally {
      await fresh.close();
    }
    await attempt(async () => e.charge({ amount: 100, currency: 'usd', source: ((await e.tokenize(card('4264281511117771'))) as { token: string }).token, idempotencyKey: key() }));

    expect(seen.some((s) => s instanceof CloverRequestError)).toBe(true);
    expect(seen.some((s) => s instanceof CardValidationError)).toBe(true);
    expect(seen.filter((s) => typeof s === 'object' && s !== null && 'token' in s).length).toBeGreaterThanOrEqual(2);
    expect(raw.some((l) => l.includes('clover card tokenized'))).toBe(true);
    expect(raw.some((l) => l.includes('clover tokenize failed'))).toBe(true);

    const haystack = [...raw, ...seen.map((s) => (typeof s === 'string' ? s : JSON.stringify(s) ?? ''))].join('\n');
    for (const pan of PANS) {
      expect(haystack).not.toContain(pan);
      expect(haystack).not.toContain(pan.replace(/(\d{4})(?=\d)/g, '$1 '));
      expect(haystack).not.toContain(pan.replace(/(\d{4})(?=\d)/g, '$1-'));
    }
    expect(haystack).not.toContain('3782 822463 10005');
  });
});
