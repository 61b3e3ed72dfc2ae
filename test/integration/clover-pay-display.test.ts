// REST Pay Display against the simulator over HTTP: headers, every outcome kind, recovery by
// externalPaymentId, idempotent replay, follow-up money calls and input checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lineLogger } from '../../src/shared/logger';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { CloverInputError, createCloverClient, type CloverClient, type PayDisplay } from '../../src/clover/index';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator/index';

const M = 'SIMMERCHANT01';
const S1 = 'C0SIM0000001';
const S2 = 'C0SIM0000002';

let sim: CloverSimulator;
let client: CloverClient;
let dir: string;
let pay: PayDisplay;
let n = 0;
const ids = () => {
  n++;
  return { externalPaymentId: `EXT${Date.now().toString(36).toUpperCase()}${n}`, idempotencyKey: `key-${Date.now()}-${n}` };
};

beforeAll(async () => {
  sim = await startCloverSimulator({ defaultAction: { kind: 'approve' } });
  dir = mkdtempSync(join(tmpdir(), 'clover-pd-'));
  const secretStore = new MemorySecretStore();
  client = createCloverClient({
    environment: 'sandbox',
    hosts: sim.urls,
    env: {},
    appId: 'SIMAPP0000001',
    posId: 'SIMRAID000001',
    appVersion: '0.1.0-test',
    secretStore,
    dataDir: dir,
    logger: lineLogger(() => {}, 'debug'),
    payDisplay: { timeoutSec: 1, quickTimeoutSec: 2, deadlineMarginMs: 1500 },
    backoff: { baseDelayMs: 50, maxDelayMs: 100 },
    readRetryDelayMs: 20,
  });
  await client.tokens.save(M, sim.control.issueTokens(M));
  pay = client.merchant(M).payDisplay(S1);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => sim.control.reset());

const posts = (path: string) => sim.control.requests().filter((r) => r.method === 'POST' && r.path === path);

describe('clover REST Pay Display', () => {
  it('sends the device, POS, idempotency, timeout and user-agent headers', async () => {
    const r = await pay.sale({ amount: 1234, ...ids() });
    expect(r.kind).toBe('approved');
    const [req] = posts('/connect/v1/payments');
    expect(req?.host).toBe('api');
    expect(req?.headers).toMatchObject({ deviceId: S1, posId: 'SIMRAID000001', idempotencyKey: r.idempotencyKey, cloverTimeout: '1', bearer: true });
    expect(req?.headers.userAgent).toMatch(/^FusionCloverCounter\/0\.1\.0-test /);
    expect(sim.control.counters().missingUserAgent).toBe(0);
  });

  it('approves, declines, cancels and reports partial approvals', async () => {
    const ok = await pay.sale({ amount: 2000, tipAmount: 300, taxAmount: 100, externalReferenceId: 'INV-42', ...ids() });
    expect(ok).toMatchObject({ kind: 'approved', httpStatus: 200, value: { partial: false, approvedAmount: 2000, payment: { result: 'SUCCESS', tipAmount: 300 } } });

    sim.control.script(S1, { kind: 'decline' });
    expect(await pay.sale({ amount: 2000, ...ids() })).toMatchObject({ kind: 'declined', value: { result: 'FAIL' } });

    sim.control.script(S1, { kind: 'cancel' });
    expect(await pay.sale({ amount: 2000, ...ids() })).toMatchObject({ kind: 'cancelled', httpStatus: 209 });

    sim.control.script(S1, { kind: 'partial' });
    const partial = await pay.sale({ amount: 2000, ...ids() });
    expect(partial).toMatchObject({ kind: 'approved', value: { partial: true, requestedAmount: 2000, approvedAmount: 1000 } });
  });

  it('reports busy while another request holds the device, and cancel ends the held one with 209', async () => {
    sim.control.script(S1, { kind: 'hold' });
    const held = pay.sale({ amount: 500, ...ids(), timeoutSec: 20 });
    await until(() => sim.control.device(S1).busy);
    expect(await pay.sale({ amount: 700, ...ids() })).toMatchObject({ kind: 'busy', httpStatus: 503, code: 'RESOURCE_CONFLICT' });
    expect(await pay.showWelcome()).toMatchObject({ kind: 'busy' });
    expect((await pay.cancel()).kind).toBe('ok');
    expect(await held).toMatchObject({ kind: 'cancelled' });
  });

  it('reports a device timeout (504), resolves it by externalPaymentId, and a replay with the same key charges once', async () => {
    sim.control.script(S1, { kind: 'hold' });
    const attempt = ids();
    const first = await pay.sale({ amount: 900, ...attempt });
    expect(first).toMatchObject({ kind: 'timeout', httpStatus: 504, externalPaymentId: attempt.externalPaymentId });
    // Still on the device: the lookup says busy, not "not found".
    expect((await pay.getPaymentByExternalId(attempt.externalPaymentId)).kind).toBe('busy');
    sim.control.act(S1, { kind: 'approve' });
    const found = await pay.getPaymentByExternalId(attempt.externalPaymentId);
    expect(found).toMatchObject({ kind: 'found', value: { externalPaymentId: attempt.externalPaymentId, result: 'SUCCESS', amount: 900 } });
    const replay = await pay.sale({ amount: 900, ...attempt });
    expect(replay).toMatchObject({ kind: 'approved', value: { payment: { id: found.kind === 'found' ? found.value.id : '' } } });
    expect(sim.control.payments().filter((p) => p.externalPaymentId === attempt.externalPaymentId)).toHaveLength(1);
  });

  it('calls a 500 or a dropped connection unknown, never resends a money call, and replay finds the one payment', async () => {
    sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind: 'status500' });
    const a = ids();
    expect(await pay.sale({ amount: 100, ...a })).toMatchObject({ kind: 'unknown', cause: 'server-error', httpStatus: 500, externalPaymentId: a.externalPaymentId });
    expect(posts('/connect/v1/payments')).toHaveLength(1);
    expect((await pay.getPaymentByExternalId(a.externalPaymentId)).kind).toBe('not-found');

    for (const kind of ['drop-after-complete', 'status500-after-complete'] as const) {
      sim.control.reset();
      sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind });
      const b = ids();
      const lost = await pay.sale({ amount: 4321, ...b });
      expect(lost).toMatchObject({ kind: 'unknown', cause: kind === 'drop-after-complete' ? 'network' : 'server-error', externalPaymentId: b.externalPaymentId, idempotencyKey: b.idempotencyKey });
      expect(posts('/connect/v1/payments')).toHaveLength(1);
      expect(await pay.getPaymentByExternalId(b.externalPaymentId)).toMatchObject({ kind: 'found', value: { result: 'SUCCESS' } });
      expect((await pay.sale({ amount: 4321, ...b })).kind).toBe('approved');
      expect(sim.control.payments()).toHaveLength(1);
    }
  });

  it('calls a client-side deadline unknown (client-timeout)', async () => {
    const quick = createCloverClient({
      environment: 'sandbox', hosts: sim.urls, env: {}, appId: 'SIMAPP0000001', posId: 'SIMRAID000001', appVersion: '0.1.0-test',
      secretStore: new MemorySecretStore(), dataDir: dir, payDisplay: { timeoutSec: 1, deadlineMarginMs: 200 },
    });
    try {
      await quick.tokens.save(M, sim.control.issueTokens(M));
      sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind: 'slow', delayMs: 3000 });
      const started = Date.now();
      const r = await quick.merchant(M).payDisplay(S1).sale({ amount: 100, ...ids() });
      expect(r).toMatchObject({ kind: 'unknown', cause: 'client-timeout' });
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      await quick.close();
    }
  });

  it('waits out a 429 and repeats with the same key', async () => {
    sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind: 'status429' });
    const r = await pay.sale({ amount: 100, ...ids() });
    expect(r.kind).toBe('approved');
    const sent = posts('/connect/v1/payments');
    expect(sent.map((s) => s.status)).toEqual([429, 200]);
    expect(sent[0]?.headers.idempotencyKey).toBe(sent[1]?.headers.idempotencyKey);
    expect(sim.control.payments()).toHaveLength(1);
  });

  it('retries an idempotent lookup after a 500, but reports busy lookups as they are', async () => {
    const a = ids();
    await pay.sale({ amount: 100, ...a });
    sim.control.fault({ method: 'GET', path: `/connect/v1/payments/external/${a.externalPaymentId}`, kind: 'status500' });
    expect((await pay.getPaymentByExternalId(a.externalPaymentId)).kind).toBe('found');
    expect(sim.control.requests().filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('gets a payment by id, refunds partly then fully, voids, and prints receipts', async () => {
    const sale = await pay.sale({ amount: 5000, ...ids() });
    if (sale.kind !== 'approved') throw new Error(sale.kind);
    const id = sale.value.payment.id;
    expect(await pay.getPayment(id)).toMatchObject({ kind: 'found', value: { id, amount: 5000 } });
    expect((await pay.getPayment('ZZZZZZZZZZZZZ')).kind).toBe('not-found');

    const part = await pay.refund(id, { amount: 2000, idempotencyKey: 'refund-1' });
    expect(part).toMatchObject({ kind: 'approved', value: { paymentId: id, amount: 2000, requested: 2000 } });
    const rest = await pay.refund(id, { idempotencyKey: 'refund-2' });
    expect(rest).toMatchObject({ kind: 'approved', value: { amount: 3000, requested: 'full' } });
    expect(sim.control.payments()[0]?.refundedAmount).toBe(5000);
    expect(await pay.refund(id, { amount: 1, idempotencyKey: 'refund-3' })).toMatchObject({ kind: 'invalid', httpStatus: 400 });

    if (part.kind === 'approved') expect((await pay.sendRefundReceipt(part.value.refundId, { method: 'PRINT' })).kind).toBe('ok');
    expect((await pay.sendPaymentReceipt(id, { method: 'EMAIL', email: 'a@b.example' })).kind).toBe('ok');

    const other = await pay.sale({ amount: 800, ...ids() });
    if (other.kind !== 'approved') throw new Error(other.kind);
    const voided = await pay.void(other.value.payment.id, { voidReason: 'USER_CANCEL', idempotencyKey: 'void-1' });
    expect(voided).toMatchObject({ kind: 'approved', value: { voidReason: 'USER_CANCEL', voidStatus: 'SENT_TO_SERVER' } });
    expect(sim.control.payments().find((p) => p.id === other.value.payment.id)?.result).toBe('VOIDED');
  });

  it('takes an auth with tip-adjust and a pre-auth with capture', async () => {
    const auth = await pay.auth({ amount: 3000, ...ids() });
    if (auth.kind !== 'approved') throw new Error(auth.kind);
    expect(await pay.tipAdjust(auth.value.payment.id, { tipAmount: 450, idempotencyKey: 'tip-1' })).toMatchObject({ kind: 'approved', value: { tipAmount: 450 } });

    const pre = await pay.preAuth({ amount: 4000, ...ids() });
    expect(pre).toMatchObject({ kind: 'approved', value: { payment: { result: 'AUTH' } } });
    if (pre.kind !== 'approved') return;
    const cap = await pay.capture(pre.value.payment.id, { amount: 4200, tipAmount: 200, idempotencyKey: 'cap-1' });
    expect(cap).toMatchObject({ kind: 'approved', value: { amount: 4200, tipAmount: 200 } });
    expect(sim.control.payments().find((p) => p.id === pre.value.payment.id)).toMatchObject({ result: 'SUCCESS', captured: true });
  });

  it('gives a non-referenced credit once per key (D11)', async () => {
    const c = ids();
    const credit = await pay.credit({ amount: 1500, ...c });
    expect(credit).toMatchObject({ kind: 'approved', value: { amount: 1500, result: 'SUCCESS' }, externalPaymentId: c.externalPaymentId });
    expect(await pay.credit({ amount: 1500, ...c })).toMatchObject({ kind: 'approved' });
    expect(posts('/connect/v1/credits').every((r) => r.headers.idempotencyKey === c.idempotencyKey)).toBe(true);
    expect(sim.control.payments().filter((p) => p.kind === 'credit')).toHaveLength(1);
  });

  it('drives the screens, the tip prompt, reset and ping', async () => {
    expect(await pay.ping()).toMatchObject({ kind: 'ok', value: { connected: true } });
    expect((await pay.showMessage('Hello', { beep: true })).kind).toBe('ok');
    expect(sim.control.device(S1).screen).toEqual({ kind: 'display', text: 'Hello' });
    expect((await pay.showThankYou()).kind).toBe('ok');
    expect((await pay.showWelcome()).kind).toBe('ok');
    expect(await pay.readTip({ baseAmount: 3400, tipSuggestions: [{ name: '10%', percentage: 10 }] })).toMatchObject({ kind: 'ok', value: { tipAmount: 340 } });
    expect((await pay.reset()).kind).toBe('ok');
    sim.control.setConnected(S2, false);
    expect(await client.merchant(M).payDisplay(S2).ping()).toMatchObject({ kind: 'timeout', httpStatus: 504 });
  });

  it('stays under the rate limits: 20 concurrent pings, no 429', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => pay.ping()));
    expect(results.every((r) => r.kind === 'ok')).toBe(true);
    expect(sim.control.counters().rateLimited).toBe(0);
  });

  it('rejects bad input with a typed error before any request', async () => {
    const before = sim.control.requests().length;
    const good = { amount: 100, ...ids() };
    const bad: Array<() => Promise<unknown>> = [
      () => pay.sale({ ...good, amount: 0 }),
      () => pay.sale({ ...good, amount: -1 }),
      () => pay.sale({ ...good, amount: 10.5 }),
      () => pay.sale({ ...good, amount: 1_000_000_000 }),
      () => pay.sale({ ...good, externalPaymentId: 'X'.repeat(33) }),
      () => pay.sale({ ...good, externalPaymentId: '' }),
      () => pay.sale({ ...good, idempotencyKey: '' }),
      () => pay.sale({ ...good, idempotencyKey: undefined as unknown as string }),
      () => pay.auth({ ...good, tipAmount: 5 } as never),
      () => pay.void('P000000000001', { voidReason: 'WHATEVER' as never, idempotencyKey: 'k' }),
      () => pay.refund('short', { idempotencyKey: 'k' }),
      () => pay.credit({ amount: 0, idempotencyKey: 'k' }),
      async () => client.merchant(M).payDisplay(''),
      async () => client.merchant('nope'),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(CloverInputError);
    expect(sim.control.requests().length).toBe(before);
  });
});

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}
