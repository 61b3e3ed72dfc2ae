// After the sale: refunds, voids (25-minute window, D15), capture, tip-adjust, credits (D11),
// receipts, and the Platform v3 view of it all.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';

const DEVICE = 'C0SIM0000001';
const M = 'SIMMERCHANT01';
let sim: CloverSimulator;
let token: string;
let clock = Date.UTC(2026, 3, 1, 15);
let n = 0;

async function call(method: string, path: string, body?: unknown, withKey = true) {
  const res = await fetch(`${sim.urls.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'x-clover-device-id': DEVICE,
      'x-pos-id': 'FusionCounter',
      'user-agent': 'FusionCounter/0.1',
      'content-type': 'application/json',
      'x-clover-timeout': '5',
      ...(withKey ? { 'idempotency-key': `k${++n}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function sale(amount: number, extra: Record<string, unknown> = { final: true }) {
  sim.control.script(DEVICE, { kind: 'approve' });
  const r = await call('POST', '/connect/v1/payments', { amount, externalPaymentId: `EXT-${++n}-${clock}`, ...extra });
  expect(r.status).toBe(200);
  return r.body.payment as { id: string; amount: number; result: string; externalPaymentId: string };
}

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: false, now: () => clock });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset();
  token = sim.control.issueTokens().access_token;
});

describe('refunds', () => {
  it('refunds partially, then the rest, never more than remains', async () => {
    const p = await sale(5000);
    const part = await call('POST', `/connect/v1/payments/${p.id}/refunds`, { amount: 2000 });
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({ refund: { amount: 2000, status: 'SUCCESS' }, payment: { id: p.id } });
    expect((await call('POST', `/connect/v1/payments/${p.id}/refunds`, { amount: 3001 })).status).toBe(400);
    expect((await call('POST', `/connect/v1/payments/${p.id}/refunds`, { amount: 0 })).status).toBe(400);
    const rest = await call('POST', `/connect/v1/payments/${p.id}/refunds`, { fullRefund: true });
    expect(rest.body.refund.amount).toBe(3000);
    expect((await call('POST', `/connect/v1/payments/${p.id}/refunds`, { fullRefund: true })).status).toBe(400);
    expect(sim.control.payments()[0]?.refundedAmount).toBe(5000);
    expect((await call('POST', `/connect/v1/payments/${p.id}/refunds`, { amount: 10 }, false)).status).toBe(400);
  });

  it('follows a scripted customer action when one is queued', async () => {
    const p = await sale(1000);
    sim.control.script(DEVICE, { kind: 'cancel' });
    expect((await call('POST', `/connect/v1/payments/${p.id}/refunds`, { fullRefund: true })).status).toBe(209);
    expect(sim.control.payments()[0]?.refundedAmount).toBe(0);
  });
});

describe('void (D15)', () => {
  it('needs a valid voidReason and a 13-char id', async () => {
    const p = await sale(1000);
    expect((await call('POST', `/connect/v1/payments/${p.id}/void`, {})).status).toBe(400);
    expect((await call('POST', `/connect/v1/payments/${p.id}/void`, { voidReason: 'BECAUSE' })).status).toBe(400);
    expect((await call('POST', '/connect/v1/payments/SHORT/void', { voidReason: 'USER_CANCEL' })).status).toBe(400);
    const ok = await call('POST', `/connect/v1/payments/${p.id}/void`, { voidReason: 'USER_CANCEL' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: p.id, voidStatus: 'SENT_TO_SERVER', payment: { result: 'VOIDED' } });
  });

  it('refuses a void after 25 minutes with VOID_WINDOW_EXPIRED', async () => {
    const p = await sale(1000);
    clock += 24 * 60_000;
    const p2 = await sale(1000);
    clock += 2 * 60_000;
    const late = await call('POST', `/connect/v1/payments/${p.id}/void`, { voidReason: 'USER_CANCEL' });
    expect(late).toMatchObject({ status: 400, body: { type: 'VOID_WINDOW_EXPIRED' } });
    expect((await call('POST', `/connect/v1/payments/${p2.id}/void`, { voidReason: 'USER_CANCEL' })).status).toBe(200);
  });

  it('turns a late void into a refund with emulateVoidToRefund', async () => {
    const other = await startCloverSimulator({ rateLimit: false, flags: { emulateVoidToRefund: true } });
    try {
      let t = other.control.issueTokens().access_token;
      const h = () => ({ authorization: `Bearer ${t}`, 'x-clover-device-id': DEVICE, 'x-pos-id': 'P', 'user-agent': 'T/1', 'content-type': 'application/json' });
      other.control.script(DEVICE, { kind: 'approve' });
      const pay = await fetch(`${other.urls.api}/connect/v1/payments`, { method: 'POST', headers: { ...h(), 'idempotency-key': 'a' }, body: JSON.stringify({ amount: 700, externalPaymentId: 'X1', final: true }) });
      const id = (await pay.json()).payment.id;
      other.control.advanceClock(30 * 60_000);
      t = other.control.issueTokens().access_token; // the old one expired with the clock
      const v = await fetch(`${other.urls.api}/connect/v1/payments/${id}/void`, { method: 'POST', headers: { ...h(), 'idempotency-key': 'b' }, body: JSON.stringify({ voidReason: 'USER_CANCEL' }) });
      expect(v.status).toBe(200);
      expect(other.control.payments()[0]).toMatchObject({ result: 'SUCCESS', refundedAmount: 700, refunds: [{ via: 'void-emulation' }] });
    } finally {
      await other.close();
    }
  });
});

describe('auths, pre-auths, credits, receipts', () => {
  it('captures a pre-auth once and tip-adjusts an auth, not a sale', async () => {
    const pre = await sale(4000, { final: false, capture: false });
    expect(pre.result).toBe('AUTH');
    const cap = await call('POST', `/connect/v1/payments/${pre.id}/capture`, { amount: 4128, tipAmount: 200 });
    expect(cap).toMatchObject({ status: 200, body: { id: pre.id, amount: 4128, tipAmount: 200 } });
    expect((await call('POST', `/connect/v1/payments/${pre.id}/capture`, { amount: 4128 })).status).toBe(400);
    const auth = await sale(3000, { final: false });
    expect((await call('POST', `/connect/v1/payments/${auth.id}/tip-adjust`, { tipAmount: 450 })).body.tipAmount).toBe(450);
    const s = await sale(3000);
    expect((await call('POST', `/connect/v1/payments/${s.id}/tip-adjust`, { tipAmount: 450 })).status).toBe(400);
    expect((await call('POST', '/connect/v1/payments', { amount: 100, externalPaymentId: 'TIPNOFINAL', tipAmount: 10 })).status).toBe(400);
  });

  it('makes a non-referenced credit and prints receipts', async () => {
    sim.control.script(DEVICE, { kind: 'approve' });
    const credit = await call('POST', '/connect/v1/credits', { amount: 1500, externalPaymentId: 'CRED1' });
    expect(credit.body.credit).toMatchObject({ amount: 1500, result: 'SUCCESS' });
    expect(sim.control.payments()).toMatchObject([{ kind: 'credit', amount: 1500 }]);
    const p = await sale(900);
    expect((await call('POST', `/connect/v1/payments/${p.id}/receipt`, { deliveryOption: { method: 'PRINT' } }, false)).status).toBe(200);
    expect((await call('POST', `/connect/v1/payments/${p.id}/receipt`, { deliveryOption: { method: 'FAX' } }, false)).status).toBe(400);
    expect(sim.control.device(DEVICE).receipts).toEqual([{ kind: 'payment', id: p.id, method: 'PRINT' }]);
  });
});

describe('Platform v3', () => {
  it('serves merchant, devices and filtered payments with expand', async () => {
    const a = await sale(1111);
    clock += 60_000;
    const b = await sale(2222);
    await call('POST', `/connect/v1/payments/${b.id}/refunds`, { amount: 22 });
    const get = async (path: string) => {
      const res = await fetch(`${sim.urls.api}/v3/merchants/${M}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    };
    expect((await get('')).body).toMatchObject({ id: M, name: 'Fusion Test Store' });
    expect((await get('/devices')).body.elements.map((d: { serial: string }) => d.serial)).toEqual(['C0SIM0000001', 'C0SIM0000002']);
    const byExt = await get(`/payments?filter=${encodeURIComponent(`externalPaymentId=${a.externalPaymentId}`)}&expand=cardTransaction`);
    expect(byExt.body.elements).toHaveLength(1);
    expect(byExt.body.elements[0]).toMatchObject({ id: a.id, amount: 1111, cardTransaction: { last4: '0010' } });
    const window = await get(`/payments?filter=${encodeURIComponent(`createdTime>=${clock - 1000}`)}&filter=${encodeURIComponent(`createdTime<=${clock}`)}&expand=refunds`);
    expect(window.body.elements.map((p: { id: string }) => p.id)).toEqual([b.id]);
    expect(window.body.elements[0].refunds.elements[0].amount).toBe(22);
    expect((await get(`/payments/${a.id}`)).body.id).toBe(a.id);
    expect((await get('/payments?filter=bogus~1')).status).toBe(400);
    const other = await fetch(`${sim.urls.api}/v3/merchants/OTHERMERCHANT`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(401);
  });
});
