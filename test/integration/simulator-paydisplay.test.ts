// REST Pay Display on the simulator over real HTTP: headers, customer outcomes, the single
// foreground slot, idempotent replay and recovery by externalPaymentId.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';

const DEVICE = 'C0SIM0000001';
let sim: CloverSimulator;
let token: string;
let seq = 0;

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'x-clover-device-id': DEVICE,
    'x-pos-id': 'FusionCounter',
    'user-agent': 'FusionCounter/0.1 test',
    'content-type': 'application/json',
    'x-clover-timeout': '1',
    ...extra,
  };
}

async function call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
  const res = await fetch(`${sim.urls.api}/connect/v1${path}`, {
    method,
    headers: headers(extra),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

function newIds() {
  seq++;
  return { ext: `EXT${Date.now()}${seq}`.slice(0, 32), key: `key-${seq}-${Math.random()}` };
}

function pay(amount = 1000, extra: Record<string, string> = {}, ids = newIds()) {
  return call('POST', '/payments', { amount, externalPaymentId: ids.ext, final: true }, { 'idempotency-key': ids.key, ...extra });
}

/** Waits until the device holds an operation (the POST has reached the simulator). */
async function untilHeld(serial = DEVICE): Promise<void> {
  for (let i = 0; i < 200 && !sim.control.device(serial).operation; i++) await new Promise((r) => setTimeout(r, 10));
  expect(sim.control.device(serial).operation).toBeDefined();
}

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: false });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset();
  token = sim.control.issueTokens().access_token;
});

describe('REST Pay headers (§3.1)', () => {
  it('rejects a missing or unknown bearer with 401', async () => {
    const res = await fetch(`${sim.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: { ...headers(), authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
  });

  it('answers a foreign serial with the documented mismatch body', async () => {
    const r = await call('POST', '/device/ping', undefined, { 'x-clover-device-id': 'C0UNKNOWN' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 'processing_error', message: 'Device serial number does not match X-Clover-Device-Id', type: 'api_error' });
  });

  it('requires X-POS-Id, JSON bodies, an Idempotency-Key on money calls and a sane timeout', async () => {
    const h = headers();
    delete h['x-pos-id'];
    expect((await fetch(`${sim.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: h })).status).toBe(400);
    const ids = newIds();
    const textBody = await fetch(`${sim.urls.api}/connect/v1/payments`, {
      method: 'POST',
      headers: headers({ 'content-type': 'text/plain', 'idempotency-key': ids.key }),
      body: JSON.stringify({ amount: 100, externalPaymentId: ids.ext }),
    });
    expect(textBody.status).toBe(415);
    expect((await call('POST', '/payments', { amount: 100, externalPaymentId: ids.ext })).status).toBe(400);
    expect((await pay(100, { 'x-clover-timeout': '301' })).status).toBe(400);
    expect((await pay(0)).status).toBe(400);
    expect((await pay(1.5)).status).toBe(400);
    const malformed = await fetch(`${sim.urls.api}/connect/v1/payments`, { method: 'POST', headers: headers({ 'idempotency-key': 'k' }), body: '{"amount":' });
    expect(malformed.status).toBe(400);
  });

  it('answers ping, and 504 "Device not connected" when the Pay Display app is stopped (D17)', async () => {
    expect(await call('POST', '/device/ping')).toEqual({ status: 200, body: { connected: true } });
    sim.control.setConnected(DEVICE, false);
    expect(await call('POST', '/device/ping')).toEqual({ status: 504, body: { message: 'Device not connected' } });
    expect((await pay()).status).toBe(504);
    sim.control.setConnected(DEVICE, true);
  });

  it('rejects the wrong method and unknown paths', async () => {
    expect((await call('POST', '/device/reset')).status).toBe(405);
    expect((await call('PUT', '/device/reset')).status).toBe(200);
    expect((await call('GET', '/no/such/path')).status).toBe(404);
  });
});

describe('customer outcomes (D13, D14)', () => {
  it('approves a sale with a full card transaction', async () => {
    sim.control.script(DEVICE, { kind: 'approve', cardType: 'MC', last4: '4444' });
    const r = await pay(2000);
    expect(r.status).toBe(200);
    const p = r.body.payment;
    expect(p.id).toMatch(/^[0-9A-Z]{13}$/);
    expect(p).toMatchObject({ amount: 2000, result: 'SUCCESS', cardTransaction: { cardType: 'MC', last4: '4444', state: 'CLOSED', type: 'AUTH' } });
    expect(p.cardTransaction.authCode).toMatch(/^\d{6}$/);
    expect(sim.control.device(DEVICE).screen).toMatchObject({ kind: 'result', result: 'SUCCESS' });
    expect((await call('POST', '/device/thank-you')).status).toBe(200);
    expect(sim.control.device(DEVICE).screen).toEqual({ kind: 'thank-you' });
  });

  it('declines with 200 + FAIL, and a customer cancel is 209', async () => {
    sim.control.script(DEVICE, { kind: 'decline' });
    const declined = await pay();
    expect(declined.status).toBe(200);
    expect(declined.body.payment.result).toBe('FAIL');
    sim.control.script(DEVICE, { kind: 'cancel' });
    expect((await pay()).status).toBe(209);
  });

  it('approves part of the amount with issues.partialPayment', async () => {
    sim.control.script(DEVICE, { kind: 'partial' });
    const r = await pay(3001);
    expect(r.body.payment).toMatchObject({ amount: 1500, result: 'SUCCESS', issues: { partialPayment: { actualAmount: 1500, requestedAmount: 3001 } } });
  });

  it('answers 504 after X-Clover-Timeout while the customer holds, and the payment stays pending', async () => {
    const ids = newIds();
    const r = await pay(1200, {}, ids);
    expect(r.status).toBe(504);
    expect(sim.control.device(DEVICE).operation).toMatchObject({ name: 'CreateCharge', phase: 'waiting', externalPaymentId: ids.ext });
    // Resending with the same key joins the same payment; the customer approves meanwhile.
    const resend = pay(1200, { 'x-clover-timeout': '30' }, ids);
    await untilHeld();
    for (let i = 0; i < 200 && sim.control.device(DEVICE).operation?.waiters !== 1; i++) await new Promise((r2) => setTimeout(r2, 10));
    sim.control.act(DEVICE, { kind: 'approve' });
    const resent = await resend;
    expect(resent.status).toBe(200);
    expect(sim.control.payments().filter((p) => p.externalPaymentId === ids.ext)).toHaveLength(1);
  });

  it('lets the POS cancel a held payment: the pending request gets 209', async () => {
    const pending = pay(500, { 'x-clover-timeout': '30' });
    await untilHeld();
    expect((await call('POST', '/device/cancel')).status).toBe(200);
    expect((await pending).status).toBe(209);
    expect(sim.control.device(DEVICE).screen).toEqual({ kind: 'welcome' });
  });

  it('voids an authorized payment when the device is reset before it finishes (D14)', async () => {
    sim.control.script(DEVICE, { kind: 'approve', holdAfterAuth: true });
    const ids = newIds();
    const pending = pay(800, { 'x-clover-timeout': '30' }, ids);
    await untilHeld();
    for (let i = 0; i < 200 && sim.control.device(DEVICE).operation?.phase !== 'authorized'; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await call('POST', '/device/cancel')).status).toBe(200); // too late for a POS cancel
    expect(sim.control.device(DEVICE).busy).toBe(true);
    expect((await call('PUT', '/device/reset')).status).toBe(200);
    expect((await pending).status).toBe(209);
    expect(sim.control.payments()).toMatchObject([{ externalPaymentId: ids.ext, result: 'VOIDED' }]);
  });
});

describe('the app goes away mid-payment', () => {
  it('keeps the payment on the device; the customer finishes; a resend with the key replays it', async () => {
    const ids = newIds();
    const gone = new AbortController();
    const request = fetch(`${sim.urls.api}/connect/v1/payments`, {
      method: 'POST',
      headers: headers({ 'idempotency-key': ids.key, 'x-clover-timeout': '30' }),
      body: JSON.stringify({ amount: 1500, externalPaymentId: ids.ext, final: true }),
      signal: gone.signal,
    });
    await untilHeld();
    gone.abort(); // the till process dies
    await expect(request).rejects.toThrow();
    for (let i = 0; i < 200 && sim.control.device(DEVICE).operation?.waiters !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    sim.control.act(DEVICE, { kind: 'approve' });
    const found = await call('GET', `/payments/external/${ids.ext}`);
    expect(found.body.payment.result).toBe('SUCCESS');
    const resent = await pay(1500, {}, ids);
    expect(resent.body.payment.id).toBe(found.body.payment.id);
    expect(sim.control.payments()).toHaveLength(1);
  });
});

describe('profiles and flags', () => {
  it('production-like wants the RAID as X-POS-Id (D18); training approves by itself', async () => {
    const prod = await startCloverSimulator({ profile: 'production-like', raid: 'MYRAID', rateLimit: false });
    const training = await startCloverSimulator({ profile: 'training', rateLimit: false, flags: { strictUserAgent: true } });
    try {
      const ping = (s: CloverSimulator, extra: Record<string, string>) =>
        fetch(`${s.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: { ...headers(), authorization: `Bearer ${s.control.issueTokens().access_token}`, ...extra } });
      expect((await ping(prod, { 'x-pos-id': 'FusionCounter' })).status).toBe(401);
      expect((await ping(prod, { 'x-pos-id': 'MYRAID' })).status).toBe(200);
      const noUa = headers({ 'user-agent': '' }); // fetch would add "node" if the header were absent
      const strict = await fetch(`${training.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: { ...noUa, authorization: `Bearer ${training.control.issueTokens().access_token}` } });
      expect(strict.status).toBe(400);
      const res = await fetch(`${training.urls.api}/connect/v1/payments`, {
        method: 'POST',
        headers: { ...headers({ 'idempotency-key': 'train-1', 'x-clover-timeout': '30' }), authorization: `Bearer ${training.control.issueTokens().access_token}` },
        body: JSON.stringify({ amount: 2500, externalPaymentId: 'TRAIN1', final: true }),
      });
      expect(res.status).toBe(200);
      expect((await res.json()).payment.result).toBe('SUCCESS');
    } finally {
      await Promise.all([prod.close(), training.close()]);
    }
  });
});

describe('one foreground operation per device', () => {
  it('answers 503 RESOURCE_CONFLICT while a payment is held; ping still works', async () => {
    const pending = pay(700, { 'x-clover-timeout': '30' });
    await untilHeld();
    const second = await pay(300);
    expect(second.status).toBe(503);
    expect(second.body).toEqual({ message: 'Conflicting request (CreateCharge) currently in progress for operation type: FOREGROUND', type: 'RESOURCE_CONFLICT' });
    expect((await call('POST', '/device/display', { text: 'hi' })).status).toBe(503);
    expect((await call('POST', '/device/ping')).status).toBe(200);
    // The other device is free.
    sim.control.script('C0SIM0000002', { kind: 'approve' });
    expect((await pay(300, { 'x-clover-device-id': 'C0SIM0000002' })).status).toBe(200);
    sim.control.act(DEVICE, { kind: 'approve' });
    expect((await pending).status).toBe(200);
  });
});

describe('idempotency (D5, D6)', () => {
  it('replays the stored response for the same key and charges once', async () => {
    sim.control.script(DEVICE, { kind: 'approve' });
    const ids = newIds();
    const first = await pay(4200, {}, ids);
    const again = await pay(4200, {}, ids);
    expect(again).toEqual(first);
    expect(sim.control.payments()).toHaveLength(1);
  });

  it('refuses the same key with another body, and the same key while its request runs', async () => {
    const ids = newIds();
    const pending = pay(900, { 'x-clover-timeout': '30' }, ids);
    await untilHeld();
    expect((await pay(900, {}, ids)).status).toBe(503);
    const other = await call('POST', '/payments', { amount: 901, externalPaymentId: ids.ext, final: true }, { 'idempotency-key': ids.key });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('idempotency_error');
    sim.control.act(DEVICE, { kind: 'decline' });
    expect((await pending).body.payment.result).toBe('FAIL');
  });

  it('refuses back-to-back reuse of an external id under a new key', async () => {
    sim.control.script(DEVICE, { kind: 'decline' });
    const ids = newIds();
    await pay(100, {}, ids);
    const dup = await pay(100, {}, { ext: ids.ext, key: 'fresh-key' });
    expect(dup.status).toBe(400);
    expect(dup.body.type).toBe('DUPLICATE');
  });
});

describe('lookup by externalPaymentId (D12)', () => {
  it('is 404 before, 503 while in flight, 200 after', async () => {
    const ids = newIds();
    expect(await call('GET', `/payments/external/${ids.ext}`)).toMatchObject({ status: 404, body: { type: 'NOT_FOUND' } });
    const pending = pay(600, { 'x-clover-timeout': '30' }, ids);
    await untilHeld();
    expect((await call('GET', `/payments/external/${ids.ext}`)).status).toBe(503);
    sim.control.act(DEVICE, { kind: 'approve' });
    const paid = await pending;
    const found = await call('GET', `/payments/external/${ids.ext}`);
    expect(found.status).toBe(200);
    expect(found.body.payment.id).toBe(paid.body.payment.id);
    expect((await call('GET', `/payments/${paid.body.payment.id}`)).body.payment.amount).toBe(600);
  });
});
