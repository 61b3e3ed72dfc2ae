// The fetch handler on its own, with Requests built in memory: what HTTP cannot express
// (a Content-Length that lies), a stubbed clock and stubbed upstream failures.
import { describe, expect, it } from 'vitest';
import { parseConfig, type DispatcherEnv } from '../../src/dispatcher/config';
import { mapLimited, type Forwarder } from '../../src/dispatcher/forward';
import { createDispatcher } from '../../src/dispatcher/handler';
import { parseWebhookBody } from '../../src/dispatcher/webhook-payload';
import worker from '../../src/dispatcher/worker';
import { lineLogger } from '../../src/shared/logger';
import { signState } from '../../src/shared/signed-state';

const SECRET = 'unit-secret-0123456789abcdef0123456789';
const ENV: DispatcherEnv = {
  DISPATCHER_SECRET: SECRET,
  CLOVER_APP_ID: 'APPID',
  ALLOWED_REDIRECT_HOSTS: 'odoo.example.com',
  MERCHANT_ROUTING_JSON: { MA: 'https://erp.example/hook', MB: 'https://erp.example/hook', MC: 'https://other.example/hook' },
  WEBHOOK_MAX_BYTES: '1000',
};

function setup(forwarder: Forwarder = async () => 200, env: DispatcherEnv = ENV) {
  const lines: string[] = [];
  const calls: { url: string; body: string; headers: Record<string, string> }[] = [];
  const handler = createDispatcher(parseConfig(env), {
    logger: lineLogger((l) => lines.push(l), 'debug'),
    forwarder: async (url, req) => {
      calls.push({ url, body: new TextDecoder().decode(req.body), headers: req.headers });
      return forwarder(url, req);
    },
  });
  return { handler, lines, calls };
}

const post = (body: BodyInit, headers: Record<string, string> = {}): Request =>
  new Request('http://dispatcher.test/clover/webhook', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

/** A body stream that counts how much of itself was pulled. */
function endless(chunk: number, total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x20));
    },
  }, { highWaterMark: 0 });
  return { stream, pulled: () => sent };
}

describe('webhook body', () => {
  it('counts the bytes itself when Content-Length lies, and stops reading past the cap', async () => {
    const { handler, calls } = setup();
    const body = endless(100, 1_000_000);
    const res = await handler(post(body.stream, { 'content-length': '10' }));
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(1100);
    expect(calls).toHaveLength(0);
  });

  it('refuses a declared oversize without reading, and accepts exactly the cap', async () => {
    const { handler } = setup();
    const body = endless(100, 1_000_000);
    expect((await handler(post(body.stream, { 'content-length': '1001' }))).status).toBe(413);
    expect(body.pulled()).toBe(0);
    const exact = JSON.stringify({ merchantId: 'MA', pad: 'x'.repeat(1000 - '{"merchantId":"MA","pad":""}'.length) });
    expect(exact.length).toBe(1000);
    expect((await handler(post(exact))).status).toBe(200);
    expect((await handler(post(`${exact} `))).status).toBe(413);
    expect((await handler(post('{}', { 'content-length': 'ten' }))).status).toBe(400);
  });

  it('answers 400 when the client goes away mid-body', async () => {
    const { handler } = setup();
    const broken = new ReadableStream<Uint8Array>({ pull: (c) => c.error(new Error('aborted')) });
    expect((await handler(post(broken))).status).toBe(400);
  });

  it('reads merchants from the firehose map and from merchantId', () => {
    expect(parseWebhookBody(new TextEncoder().encode('{"appId":"A","merchants":{"M1":[],"M2":[]}}'))).toEqual({ ok: true, payload: { kind: 'events', merchantIds: ['M1', 'M2'] } });
    expect(parseWebhookBody(new TextEncoder().encode('{"merchantId":"M3","type":"CREATE"}'))).toEqual({ ok: true, payload: { kind: 'events', merchantIds: ['M3'] } });
    expect(parseWebhookBody(new TextEncoder().encode('{"verificationCode":"abc-123"}'))).toEqual({ ok: true, payload: { kind: 'verification', code: 'abc-123' } });
    for (const bad of ['{"merchants":[]}', '[]', '"x"', '{', '{"merchantId":7}', '']) {
      expect(parseWebhookBody(new TextEncoder().encode(bad)).ok, bad).toBe(false);
    }
    expect(parseWebhookBody(new Uint8Array([0x7b, 0xff, 0x7d])).ok).toBe(false); // not UTF-8
  });
});

describe('webhook forwarding', () => {
  it('sends one copy to an ERP that serves several of the merchants', async () => {
    const { handler, calls } = setup();
    const res = await handler(post('{"merchants":{"MA":[],"MB":[],"MC":[]}}', { 'x-clover-auth-code': 'secret-code', 'content-type': 'application/json' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      forwarded: [{ merchants: ['MA', 'MB'], ok: true, status: 200 }, { merchants: ['MC'], ok: true, status: 200 }],
      unknown: [],
    });
    expect(calls.map((c) => c.url)).toEqual(['https://erp.example/hook', 'https://other.example/hook']);
    expect(calls[0]!.headers).toEqual({ 'content-type': 'application/json', 'x-clover-auth-code': 'secret-code' });
  });

  it('answers with the first 20 merchants and a count when a route or the unknown list is longer', async () => {
    const ids = (prefix: string): string[] => Array.from({ length: 25 }, (_, i) => `${prefix}${String(i).padStart(11, '0')}`);
    const shared = ids('SHARED');
    const env = { ...ENV, WEBHOOK_MAX_BYTES: '100000', MERCHANT_ROUTING_JSON: Object.fromEntries(shared.map((id) => [id, 'https://erp.example/hook'])) };
    const { handler, calls, lines } = setup(async () => 200, env);
    const merchants = Object.fromEntries([...shared, ...ids('NOBODY')].map((id) => [id, []]));
    const res = await handler(post(JSON.stringify({ merchants })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      forwarded: [{ merchants: shared.slice(0, 20), merchantCount: 25, ok: true, status: 200 }],
      unknown: ids('NOBODY').slice(0, 20),
      unknownCount: 25,
    });
    expect(calls).toHaveLength(1);
    expect(lines.join('\n')).toContain('"merchants":"25 merchants"');
  });

  it('answers 502 when any forward fails, saying how, so Clover retries', async () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const cases: [Forwarder, object][] = [
      [async () => 503, { ok: false, status: 503 }],
      [async () => 302, { ok: false, status: 302, error: 'redirect' }],
      [async () => { throw timeout; }, { ok: false, error: 'timeout' }],
      [async () => { throw new TypeError('fetch failed'); }, { ok: false, error: 'network' }],
    ];
    for (const [forwarder, report] of cases) {
      const { handler, lines } = setup(forwarder);
      const res = await handler(post('{"merchantId":"MC"}', { 'x-clover-auth-code': 'do-not-log-me' }));
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ forwarded: [{ merchants: ['MC'], ...report }], unknown: [] });
      expect(lines.join('\n')).toMatch(/webhook forward failed/);
      expect(lines.join('\n')).not.toMatch(/do-not-log-me|erp\.example\/hook/);
    }
  });

  it('keeps at most FORWARD_CONCURRENCY forwards in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen = await mapLimited(Array.from({ length: 20 }, (_, i) => i), 3, async (i) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return i * 2;
    });
    expect(peak).toBe(3);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });
});

describe('callback and launch with a stubbed clock', () => {
  it('honours the one-hour limit against the dispatcher clock', async () => {
    const issued = Date.UTC(2026, 3, 1);
    const state = await signState({ redirect_to: 'https://odoo.example.com/cb' }, SECRET, issued);
    const at = (now: number) => createDispatcher(parseConfig(ENV), { logger: lineLogger(() => {}), now: () => now });
    const url = `http://d.test/clover/callback?code=C&state=${state}`;
    expect((await at(issued + 3599_000)(new Request(url))).status).toBe(302);
    const late = await at(issued + 3601_000)(new Request(url));
    expect([late.status, await late.text(), late.headers.get('location')]).toEqual([403, 'forbidden: expired state\n', null]);
  });

  it('derives redirect_uri from the request when no public URL is set', async () => {
    const env = { ...ENV, MERCHANT_ODOO_BASE_JSON: { MA: 'https://odoo.example.com' } };
    const res = await createDispatcher(parseConfig(env), { logger: lineLogger(() => {}) })(new Request('http://d.test:8787/clover/launch?merchant_id=MA'));
    expect(new URL(res.headers.get('location')!).searchParams.get('redirect_uri')).toBe('http://d.test:8787/clover/callback');
  });
});

describe('routing and the Workers entry', () => {
  it('answers unknown paths 404 and wrong methods 405', async () => {
    const { handler } = setup();
    expect((await handler(new Request('http://d.test/nope'))).status).toBe(404);
    expect((await handler(new Request('http://d.test/healthz', { method: 'POST' }))).status).toBe(405);
    expect((await handler(new Request('http://d.test/clover/callback', { method: 'POST' }))).status).toBe(405);
    expect((await handler(new Request('http://d.test/clover/webhook', { method: 'PUT' }))).status).toBe(405);
  });

  it('serves from a Workers env, and answers 500 for a bad one', async () => {
    const ok = await worker.fetch(new Request('http://d.test/healthz'), { ...ENV });
    expect([ok.status, await ok.json()]).toEqual([200, { ok: true }]);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const bad = await worker.fetch(new Request('http://d.test/healthz'), { DISPATCHER_SECRET: 'short' });
      expect(bad.status).toBe(500);
    } finally {
      console.error = original;
    }
    expect(String(errors[0])).toMatch(/DISPATCHER_SECRET is too short/);
  });
});
