// The fetch handler on its own, with Requests built in memory: what HTTP cannot express
// (a Content-Length that lies), a stubbed clock and stubbed upstream failures.
import { describe, expect, it } from 'vitest';
import { parseConfig, type DispatcherEnv } from '../../src/dispatcher/config';
import { mapLimited, type Forwarder } from '../../src/dispatcher/forward';
import { createDispatcher } from '../../src/dispatcher/handler';
import type { KvNamespaceLike } from '../../src/dispatcher/kv-nonce-store';
import { VERIFICATION_LIMITED_LOG_LINE, VERIFICATION_LOG_LINE } from '../../src/dispatcher/verification';
import { parseWebhookBody } from '../../src/dispatcher/webhook-payload';
import worker from '../../src/dispatcher/worker';
import { lineLogger } from '../../src/shared/logger';
import { TILL_MASTER, tillState } from '../support/dispatcher-states';

const SECRET = 'unit-secret-0123456789abcdef0123456789';
const ENV: DispatcherEnv = {
  DISPATCHER_SECRET: SECRET,
  TILL_KEY_SECRET: TILL_MASTER,
  TILL_IDS: 'front-1',
  CLOVER_APP_ID: 'APPID',
  ALLOWED_REDIRECT_HOSTS: 'odoo.example.com',
  MERCHANT_ROUTING_JSON: { MA: 'https://erp.example/hook', MB: 'https://erp.example/hook', MC: 'https://other.example/hook' },
  WEBHOOK_MAX_BYTES: '1000',
};

/** A Workers KV namespace in memory, as far as the nonce store uses one (get, put with a TTL). */
function memoryKv(): KvNamespaceLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return { entries, get: async (key) => entries.get(key) ?? null, put: async (key, value) => void entries.set(key, value) };
}

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
    expect([res.status, await res.text()]).toEqual([200, 'accepted\n']);
    expect(calls.map((c) => c.url)).toEqual(['https://erp.example/hook', 'https://other.example/hook']);
    expect(calls[0]!.headers).toEqual({ 'content-type': 'application/json', 'x-clover-auth-code': 'secret-code' });
  });

  it('answers only "accepted", and logs the first 20 merchants of a route with a count', async () => {
    const ids = (prefix: string): string[] => Array.from({ length: 25 }, (_, i) => `${prefix}${String(i).padStart(11, '0')}`);
    const shared = ids('SHARED');
    const env = { ...ENV, WEBHOOK_MAX_BYTES: '100000', MERCHANT_ROUTING_JSON: Object.fromEntries(shared.map((id) => [id, 'https://erp.example/hook'])) };
    const { handler, calls, lines } = setup(async () => 200, env);
    const merchants = Object.fromEntries([...shared, ...ids('NOBODY')].map((id) => [id, []]));
    const res = await handler(post(JSON.stringify({ merchants })));
    // Known and unknown merchants alike: the answer says nothing about which ids are routed.
    expect([res.status, await res.text()]).toEqual([200, 'accepted\n']);
    expect(calls).toHaveLength(1);
    expect(lines.join('\n')).toContain('"merchants":"25 merchants"');
    expect(lines.join('\n')).toContain('webhook for unknown merchant(s), not forwarded {"count":25');
    const unknownOnly = await handler(post('{"merchants":{"NOBODY00000000":[]}}'));
    expect([unknownOnly.status, await unknownOnly.text()]).toEqual([200, 'accepted\n']);
  });

  it('answers 502 "refused" when any forward fails, so Clover retries; how it failed is only logged', async () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const cases: [Forwarder, string][] = [
      [async () => 503, '"status":503'],
      [async () => 302, '"status":302,"error":"redirect"'],
      [async () => { throw timeout; }, '"error":"timeout"'],
      [async () => { throw new TypeError('fetch failed'); }, '"error":"network"'],
    ];
    for (const [forwarder, logged] of cases) {
      const { handler, lines } = setup(forwarder);
      const res = await handler(post('{"merchantId":"MC"}', { 'x-clover-auth-code': 'do-not-log-me' }));
      expect([res.status, await res.text()]).toEqual([502, 'refused\n']);
      expect(lines.join('\n')).toContain(`webhook forward failed {"merchants":["MC"],"route":"https://other.example",${logged}`);
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
  it('honours the one-hour limit against the dispatcher clock, and a state works once within it', async () => {
    const issued = Date.UTC(2026, 3, 1);
    const state = await tillState('http://127.0.0.1:5555/clover/callback', { now: issued });
    let now = issued + 3599_000;
    const handler = createDispatcher(parseConfig(ENV), { logger: lineLogger(() => {}), now: () => now });
    const url = `http://d.test/clover/callback?code=C&merchant_id=MA&state=${state}`;
    expect((await handler(new Request(url))).status).toBe(302);
    const replay = await handler(new Request(url));
    expect([replay.status, await replay.text()]).toEqual([403, 'forbidden: state already used\n']);
    now = issued + 3601_000;
    const late = await handler(new Request(url));
    expect([late.status, await late.text(), late.headers.get('location')]).toEqual([403, 'forbidden: expired state\n', null]);
  });

  it('refuses the launch path without a public URL, and never takes redirect_uri from the Host header', async () => {
    const unset = await createDispatcher(parseConfig(ENV), { logger: lineLogger(() => {}) })(new Request('http://d.test:8787/clover/launch?merchant_id=MA'));
    expect([unset.status, await unset.text(), unset.headers.get('location')])
      .toEqual([503, "launch path not configured: DISPATCHER_PUBLIC_URL (this dispatcher's public https URL) is not set\n", null]);
    const env = { ...ENV, DISPATCHER_PUBLIC_URL: 'https://dispatch.example.com', MERCHANT_ODOO_BASE_JSON: { MA: 'https://odoo.example.com' } };
    const res = await createDispatcher(parseConfig(env), { logger: lineLogger(() => {}) })(new Request('http://attacker.example:8787/clover/launch?merchant_id=MA'));
    expect(new URL(res.headers.get('location')!).searchParams.get('redirect_uri')).toBe('https://dispatch.example.com/clover/callback');
  });
});

describe('verification challenge and the log flood guard', () => {
  const challenge = (source: string, code = '3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3'): Request =>
    post(JSON.stringify({ verificationCode: code }), { 'cf-connecting-ip': source });

  it('is accepted unsigned, logged with the code, forwarded nowhere by default, and limited per source', async () => {
    const { handler, lines, calls } = setup(async () => 200, { ...ENV, VERIFICATION_LIMIT_PER_MINUTE: '2' });
    const answers = [];
    for (const source of ['198.51.100.1', '198.51.100.1', '198.51.100.1', '198.51.100.2']) {
      const res = await handler(challenge(source));
      answers.push([res.status, await res.text(), res.headers.get('retry-after')]);
    }
    expect(answers).toEqual([[200, 'accepted\n', null], [200, 'accepted\n', null], [429, 'refused\n', '60'], [200, 'accepted\n', null]]);
    expect(calls).toHaveLength(0);
    expect(lines.filter((l) => l.includes(VERIFICATION_LOG_LINE))).toEqual([
      `warn ${VERIFICATION_LOG_LINE} {"verificationCode":"3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3","source":"198.51.100.1"}`,
      `warn ${VERIFICATION_LOG_LINE} {"verificationCode":"3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3","source":"198.51.100.1"}`,
      `warn ${VERIFICATION_LOG_LINE} {"verificationCode":"3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3","source":"198.51.100.2"}`,
    ]);
    expect(lines).toContain(`warn ${VERIFICATION_LIMITED_LOG_LINE} {"source":"198.51.100.1"}`);
  });

  it('goes to the one configured route only, when configured', async () => {
    const { handler, calls } = setup(async () => 200, { ...ENV, VERIFICATION_FORWARD_URL: 'https://other.example/hook' });
    expect((await handler(challenge('198.51.100.1'))).status).toBe(200);
    expect(calls.map((c) => [c.url, c.body])).toEqual([['https://other.example/hook', '{"verificationCode":"3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3"}']]);
  });

  it('keeps one log text for every code: a flood from many sources is counted, not written line by line', async () => {
    const lines: string[] = [];
    const handler = createDispatcher(parseConfig(ENV), { logger: lineLogger((l) => lines.push(l)), now: () => 1_000_000 });
    for (let i = 0; i < 50; i++) await handler(challenge(`203.0.113.${i}`, `code-${i}`));
    for (let i = 0; i < 50; i++) await handler(challenge('192.0.2.1', `again-${i}`)); // 5 accepted, 45 over the limit
    handler.flushLogs();
    const accepted = lines.filter((l) => l.includes(VERIFICATION_LOG_LINE));
    // 20 written a second (the guard's window; the clock stands still here), the other 35 counted.
    expect(accepted.filter((l) => l.includes('{"verificationCode"'))).toHaveLength(20);
    expect(accepted.at(-1)).toBe(`warn ${VERIFICATION_LOG_LINE} {"suppressed":35}`);
    // Refusals are a message of their own: they neither use up nor hide the accepted codes' lines.
    const limited = lines.filter((l) => l.includes(VERIFICATION_LIMITED_LOG_LINE));
    expect(limited).toHaveLength(21);
    expect(limited.at(-1)).toBe(`warn ${VERIFICATION_LIMITED_LOG_LINE} {"suppressed":25}`);
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

  it('serves from a Workers env with its nonce KV, and answers 500 for a bad env or one without KV', async () => {
    const kv = memoryKv();
    const env = { ...ENV, DISPATCHER_NONCES: kv };
    const ok = await worker.fetch(new Request('http://d.test/healthz'), env);
    expect([ok.status, await ok.json()]).toEqual([200, { ok: true }]);
    const state = await tillState('http://127.0.0.1:5555/clover/callback');
    const callback = `http://d.test/clover/callback?code=C&state=${state}`;
    expect((await worker.fetch(new Request(callback), env)).status).toBe(302);
    expect([...kv.entries.keys()]).toEqual([expect.stringMatching(/^nonce:[0-9a-f]{32}$/)]);
    expect((await worker.fetch(new Request(callback), env)).status).toBe(403);

    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      expect((await worker.fetch(new Request('http://d.test/healthz'), { DISPATCHER_SECRET: 'short', DISPATCHER_NONCES: kv })).status).toBe(500);
      expect((await worker.fetch(new Request('http://d.test/healthz'), { ...ENV })).status).toBe(500);
    } finally {
      console.error = original;
    }
    expect(String(errors[0])).toMatch(/DISPATCHER_SECRET is too short/);
    expect(String(errors[1])).toMatch(/the DISPATCHER_NONCES KV binding is missing/);
  });
});
