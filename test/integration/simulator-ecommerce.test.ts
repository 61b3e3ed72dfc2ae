// Ecommerce on the simulator (§5, §7, §8, D8–D10, D22, D25): PAKMS, tokenize quirks, charges,
// declines, velocity, idempotency and strict refunds.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';

let sim: CloverSimulator;
let token: string;
let apiKey: string;
let n = 0;
const nextYear = String(new Date().getUTCFullYear() + 2);

async function tokenize(card: Record<string, unknown>, headers: Record<string, string> = { apikey: apiKey }) {
  const res = await fetch(`${sim.urls.token}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ card: { exp_month: '12', exp_year: nextYear, cvv: '123', brand: 'VISA', ...card } }),
  });
  return { status: res.status, body: await res.json() };
}

async function ecom(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.urls.ecommerce}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

async function charge(number: string, amount = 1100, brand = 'VISA', key = `idem-${++n}`) {
  const t = await tokenize({ number, brand });
  expect(t.status).toBe(200);
  return ecom('POST', '/v1/charges', { amount, currency: 'usd', source: t.body.id }, { 'idempotency-key': key, 'x-forwarded-for': '203.0.113.7' });
}

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: false });
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.control.reset();
  token = sim.control.issueTokens().access_token;
  const pakms = await ecom('GET', '/pakms/apikey');
  expect(pakms.status).toBe(200);
  apiKey = pakms.body.apiAccessKey;
});

describe('PAKMS and tokenize', () => {
  it('serves the key on the Ecommerce host only', async () => {
    const onApi = await fetch(`${sim.urls.api}/pakms/apikey`, { headers: { authorization: `Bearer ${token}` } });
    expect(onApi.status).toBe(404);
    expect(apiKey).toBe(sim.control.apiKey());
  });

  it('takes the key in a lowercase apikey header; apiAccessKey as a header is 401', async () => {
    expect((await tokenize({ number: '4242424242424242' }, { apiAccessKey: apiKey })).status).toBe(401);
    const ok = await tokenize({ number: '4242424242424242' });
    expect(ok.status).toBe(200);
    expect(ok.body.id).toMatch(/^clv_/);
    expect(ok.body.card).toMatchObject({ last4: '4242', brand: 'VISA' });
    expect(JSON.stringify(ok.body)).not.toContain('424242424242');
  });

  it('answers bad cards with the observed codes and messages', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ number: '4242424242424241' }, 'invalid_number', 'Please provide valid card number'],
      [{ number: '4242424242424242', exp_month: '13' }, 'invalid_expiry_month', 'Please provide valid expiry month'],
      [{ number: '4242424242424242', cvv: '12' }, 'invalid_cvc', 'Please provide valid cvv value'],
      [{ number: '4242424242424242', brand: 'CARD' }, 'invalid_card_type', 'Please provide valid card brand'],
      [{ number: '4242424242424242', brand: 'MC' }, 'invalid_card_type', 'Please provide valid card brand'],
    ];
    for (const [card, code, message] of cases) {
      const r = await tokenize(card);
      expect(r.status, code).toBe(400);
      expect(r.body.error).toMatchObject({ code, message });
    }
    expect((await tokenize({ number: '378282246310005', brand: 'AMEX', cvv: '1234' })).status).toBe(200);
  });

  it('accepts a past exp_year in sandbox-faithful but not production-like (D22)', async () => {
    expect((await tokenize({ number: '4242424242424242', exp_year: '1970' })).status).toBe(200);
    const prod = await startCloverSimulator({ profile: 'production-like', rateLimit: false });
    try {
      const r = await fetch(`${prod.urls.token}/v1/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', apikey: prod.control.apiKey() },
        body: JSON.stringify({ card: { number: '4242424242424242', exp_month: '12', exp_year: '1970', cvv: '123', brand: 'VISA' } }),
      });
      expect(r.status).toBe(400);
    } finally {
      await prod.close();
    }
  });
});

describe('charges', () => {
  it('approves 4242, single-use token, same key = same charge, other body = idempotency_error', async () => {
    const t = await tokenize({ number: '4242424242424242' });
    const h = { 'idempotency-key': 'charge-1', 'x-forwarded-for': '203.0.113.7' };
    const body = { amount: 1100, currency: 'usd', source: t.body.id, tax_amount: 100 };
    const first = await ecom('POST', '/v1/charges', body, h);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'charge', amount: 1100, tax_amount: 100, paid: true, captured: true, status: 'succeeded', outcome: { type: 'authorized' } });
    expect(await ecom('POST', '/v1/charges', body, h)).toEqual(first);
    expect(sim.control.payments().filter((p) => p.kind === 'charge')).toHaveLength(1);
    const other = await ecom('POST', '/v1/charges', { ...body, amount: 1200 }, h);
    expect(other.status).toBe(400);
    expect(other.body.error.type).toBe('idempotency_error');
    const reuse = await ecom('POST', '/v1/charges', body, { ...h, 'idempotency-key': 'charge-2' });
    expect(reuse.body.error.code).toBe('token_already_used');
  });

  it('requires idempotency-key and x-forwarded-for (D25)', async () => {
    const t = await tokenize({ number: '4242424242424242' });
    const body = { amount: 500, currency: 'usd', source: t.body.id };
    expect((await ecom('POST', '/v1/charges', body, { 'x-forwarded-for': '1.2.3.4' })).status).toBe(400);
    expect((await ecom('POST', '/v1/charges', body, { 'idempotency-key': 'x' })).status).toBe(400);
  });

  it('declines the decline and partial test cards with 402 card_declined', async () => {
    for (const pan of ['4005571702222222', '4264281511117771', '4005578003333335']) {
      const r = await charge(pan);
      expect(r.status, pan).toBe(402);
      expect(r.body.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    }
    const mc = await charge('5424180273333333', 1100, 'MC');
    expect(mc.status).toBe(402);
  });

  it('declines the ninth charge on one card in a day (velocity, D22)', async () => {
    for (let i = 0; i < 8; i++) expect((await charge('4242424242424242', 100 + i)).status).toBe(200);
    const ninth = await charge('4242424242424242', 200);
    expect(ninth.status).toBe(402);
    expect(ninth.body.error.message).toBe('Declined as sale count per card is greater than configured amount');
    expect((await charge('4111111111111111', 200)).status).toBe(200);
  });

  it('captures a capture:false charge once', async () => {
    const t = await tokenize({ number: '4242424242424242' });
    const c = await ecom('POST', '/v1/charges', { amount: 900, currency: 'usd', source: t.body.id, capture: false }, { 'idempotency-key': 'pre', 'x-forwarded-for': '1.1.1.1' });
    expect(c.body.captured).toBe(false);
    expect((await ecom('POST', `/v1/charges/${c.body.id}/capture`, {})).body.captured).toBe(true);
    expect((await ecom('POST', `/v1/charges/${c.body.id}/capture`, {})).body.error.code).toBe('charge_already_captured');
    expect((await ecom('GET', `/v1/charges/${c.body.id}`)).body.id).toBe(c.body.id);
  });
});

describe('refunds and missing endpoints', () => {
  it('accepts exactly {charge}; anything more is Invalid JSON format; a repeat is charge_already_refunded', async () => {
    const c = await charge('4242424242424242', 2500);
    const partial = await ecom('POST', '/v1/refunds', { charge: c.body.id, amount: 100 });
    expect(partial.status).toBe(400);
    expect(partial.body.error.message).toBe('Invalid JSON format');
    const full = await ecom('POST', '/v1/refunds', { charge: c.body.id });
    expect(full).toMatchObject({ status: 200, body: { object: 'refund', amount: 2500, charge: c.body.id, status: 'succeeded' } });
    expect((await ecom('POST', '/v1/refunds', { charge: c.body.id })).body.error.code).toBe('charge_already_refunded');
  });

  it('has no /v1/credits and no /v1/orders on the Ecommerce host (D10)', async () => {
    expect((await ecom('POST', '/v1/credits', { amount: 100 })).status).toBe(404);
    expect((await ecom('POST', '/v1/orders', {})).status).toBe(404);
  });
});
