// The dispatcher over real HTTP: the Node server on a free port, in this process, and a
// local "ERP" receiver that records what is forwarded to it.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/dispatcher/config';
import { createDispatcher } from '../../src/dispatcher/handler';
import { startDispatcherServer, type RunningDispatcher } from '../../src/dispatcher/node-server';
import { lineLogger } from '../../src/shared/logger';
import { signState, verifySignedState } from '../../src/shared/signed-state';

const NEW = 'new-secret-0123456789abcdef0123456789';
const OLD = 'old-secret-0123456789abcdef0123456789';

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }

let receiver: { server: Server; url: string; got: Received[] };
let main: Started;
let unrotated: Started;
let failing: Started;

interface Started { server: RunningDispatcher; lines: string[] }

async function start(env: Record<string, string>): Promise<Started> {
  const lines: string[] = [];
  const server = await startDispatcherServer({ env, port: 0, deps: { logger: lineLogger((l) => lines.push(l), 'debug') } });
  return { server, lines };
}

beforeAll(async () => {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = req.url === '/fail' ? 503 : 200;
      if (req.url === '/slow') setTimeout(() => res.end('late'), 5000).unref();
      else res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };

  const env = {
    DISPATCHER_SECRET: NEW,
    DISPATCHER_SECRET_PREVIOUS: OLD,
    CLOVER_APP_ID: 'APP123',
    ALLOWED_REDIRECT_HOSTS: 'example.com,odoo.example.com',
    MERCHANT_ROUTING_JSON: JSON.stringify({ MERCH1: `${receiver.url}/hook/1`, MERCH2: `${receiver.url}/hook/2` }),
    MERCHANT_ODOO_BASE_JSON: JSON.stringify({ MERCH1: 'https://odoo.example.com' }),
    DISPATCHER_PUBLIC_URL: 'https://dispatcher.example.com',
  };
  [main, unrotated, failing] = await Promise.all([
    start(env),
    start({ ...env, DISPATCHER_SECRET_PREVIOUS: '' }),
    // Port 1 on loopback refuses connections.
    start({
      ...env,
      FORWARD_TIMEOUT_MS: '1000', // well under /slow's 5 s, well over a loaded machine's hiccup
      MERCHANT_ROUTING_JSON: JSON.stringify({ MERCH1: `${receiver.url}/hook/1`, DOWN: `${receiver.url}/fail`, GONE: 'http://127.0.0.1:1/hook', SLOW: `${receiver.url}/slow` }),
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([main, unrotated, failing].map((s) => s?.server.close()));
  receiver?.server.closeAllConnections();
  await new Promise((resolve) => receiver?.server.close(resolve));
});

beforeEach(() => {
  receiver.got.length = 0;
  for (const s of [main, unrotated, failing]) s.lines.length = 0;
});

const get = (base: Started, path: string): Promise<Response> => fetch(`${base.server.url}${path}`, { redirect: 'manual' });
const postWebhook = (base: Started, body: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${base.server.url}/clover/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
/** Sends `text` as is on a fresh connection and resolves with everything the server wrote back. */
const rawRequest = (base: string, text: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const { port } = new URL(base);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let reply = '';
    socket.on('data', (c) => (reply += c.toString()));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
const cloverParams = (state: string): string => `merchant_id=MERCH1&client_id=APP123&code=AUTHCODE123&state=${encodeURIComponent(state)}`;

describe('GET /clover/callback', () => {
  it('302s to redirect_to with every Clover query parameter forwarded', async () => {
    const state = await signState({ redirect_to: 'https://odoo.example.com/clover/oauth/callback?db=prod', customer: 'Store 1' }, NEW);
    const res = await get(main, `/clover/callback?${cloverParams(state)}`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://odoo.example.com/clover/oauth/callback');
    expect([...location.searchParams]).toEqual([['db', 'prod'], ['merchant_id', 'MERCH1'], ['client_id', 'APP123'], ['code', 'AUTHCODE123'], ['state', state]]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(main.lines.join('\n')).not.toContain('AUTHCODE123');
  });

  it('takes a desktop till on loopback all the way to its listener', async () => {
    const state = await signState({ redirect_to: `${receiver.url}/till/callback` }, NEW);
    const res = await fetch(`${main.server.url}/clover/callback?${cloverParams(state)}`); // follows the 302
    expect(res.status).toBe(200);
    expect(receiver.got).toHaveLength(1);
    const arrived = new URL(receiver.got[0]!.url, receiver.url);
    expect(arrived.pathname).toBe('/till/callback');
    expect(arrived.searchParams.get('code')).toBe('AUTHCODE123');
    expect((await verifySignedState(arrived.searchParams.get('state'), [NEW])).ok).toBe(true); // the till re-verifies
  });

  const refusals: [string, () => Promise<string>, string][] = [
    ['a forged HMAC', async () => `${(await signState({ redirect_to: 'https://example.com/cb' }, NEW)).split('.')[0]}.${'A'.repeat(43)}`, 'invalid state signature'],
    ['a state signed with an unknown secret', () => signState({ redirect_to: 'https://example.com/cb' }, 'attacker-secret-0123456789abcdef0123'), 'invalid state signature'],
    ['an expired state', () => signState({ redirect_to: 'https://example.com/cb' }, NEW, Date.now() - 3601_000), 'expired state'],
    ['a malformed state', async () => 'not-a-state', 'malformed state'],
    ['a disallowed host', () => signState({ redirect_to: 'https://attacker.net/cb' }, NEW), 'redirect_to host not allowed'],
    ['a look-alike host', () => signState({ redirect_to: 'https://example.com.attacker.net/cb' }, NEW), 'redirect_to host not allowed'],
    ['plain http to a real host', () => signState({ redirect_to: 'http://example.com/cb' }, NEW), 'redirect_to must be https'],
  ];
  it.each(refusals)('refuses %s with 403 and forwards nothing', async (_name, makeState, reason) => {
    const res = await get(main, `/clover/callback?${cloverParams(await makeState())}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(`forbidden: ${reason}\n`);
    expect(res.headers.get('location')).toBeNull();
    expect(main.lines.join('\n')).toContain(`oauth callback refused {"reason":"${reason}"}`);
  });

  it('refuses a callback without any state', async () => {
    const res = await get(main, '/clover/callback?code=AUTHCODE123&merchant_id=MERCH1');
    expect([res.status, await res.text()]).toEqual([403, 'forbidden: malformed state\n']);
  });

  it('accepts a state signed with the previous secret only while DISPATCHER_SECRET_PREVIOUS is set', async () => {
    const state = await signState({ redirect_to: 'https://example.com/cb' }, OLD);
    const during = await get(main, `/clover/callback?${cloverParams(state)}`);
    expect(during.status).toBe(302);
    expect(main.lines.join('\n')).toContain('"previous_secret":true');
    const after = await get(unrotated, `/clover/callback?${cloverParams(state)}`);
    expect([after.status, await after.text()]).toEqual([403, 'forbidden: invalid state signature\n']);
  });
});

describe('GET /clover/launch', () => {
  it('mints a state for the merchant Odoo and sends the browser to Clover authorize, whose callback then routes back', async () => {
    const res = await get(main, '/clover/launch?merchant_id=MERCH1');
    expect(res.status).toBe(302);
    const authorize = new URL(res.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe('https://sandbox.dev.clover.com/oauth/v2/authorize');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'APP123', merchant_id: 'MERCH1', response_type: 'code', redirect_uri: 'https://dispatcher.example.com/clover/callback',
    });
    const state = authorize.searchParams.get('state')!;
    expect(await verifySignedState(state, [NEW])).toMatchObject({ ok: true, payload: { redirect_to: 'https://odoo.example.com/clover/oauth/callback', customer: 'MERCH1' } });

    const back = await get(main, `/clover/callback?${cloverParams(state)}`); // Clover's redirect
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`https://odoo.example.com/clover/oauth/callback?${cloverParams(state).replace(/state=.*/, `state=${state}`)}`);
  });

  it('answers 404 for a merchant without an Odoo base URL and 400 without a merchant', async () => {
    expect((await get(main, '/clover/launch?merchant_id=MERCH2')).status).toBe(404);
    expect((await get(main, '/clover/launch')).status).toBe(400);
    expect((await get(main, '/clover/launch?merchant_id=%0Aevil')).status).toBe(400);
  });
});

describe('POST /clover/webhook', () => {
  // Odd spacing on purpose: the ERP must get these exact bytes.
  const firehose = '{ "appId":"APP123",  "merchants":{"MERCH1":[{"objectId":"P:MERCH1/PAY1","type":"CREATE","ts":1}],\n"MERCH2":[{"objectId":"P:MERCH2/PAY2","type":"CREATE","ts":2}],"UNKNOWN9":[]}}';

  it('forwards the raw body once per routed merchant with X-Clover-Auth-Code, and reports each route', async () => {
    const res = await postWebhook(main, firehose, { 'x-clover-auth-code': 'CLOVER-AUTH-SECRET' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      forwarded: [{ merchants: ['MERCH1'], ok: true, status: 200 }, { merchants: ['MERCH2'], ok: true, status: 200 }],
      unknown: ['UNKNOWN9'],
    });
    expect(receiver.got.map((r) => r.url).sort()).toEqual(['/hook/1', '/hook/2']);
    for (const r of receiver.got) {
      expect(r.method).toBe('POST');
      expect(r.body.toString()).toBe(firehose);
      expect(r.headers['x-clover-auth-code']).toBe('CLOVER-AUTH-SECRET');
      expect(r.headers['content-type']).toBe('application/json');
    }
    const log = main.lines.join('\n');
    expect(log).toContain('webhook for unknown merchant(s), not forwarded {"count":1,"merchants":["UNKNOWN9"]}');
    expect(log).not.toMatch(/CLOVER-AUTH-SECRET|PAY1|\/hook\/1/);
  });

  it('routes the single-merchant merchantId shape', async () => {
    const res = await postWebhook(main, '{"merchantId":"MERCH2","type":"UPDATE"}');
    expect(res.status).toBe(200);
    expect(receiver.got.map((r) => r.url)).toEqual(['/hook/2']);
  });

  it('logs the verification code prominently and forwards it to every route', async () => {
    const body = '{"verificationCode":"3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3"}';
    const res = await postWebhook(main, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ verification: true, forwarded: [{ merchants: ['MERCH1'], ok: true }, { merchants: ['MERCH2'], ok: true }] });
    expect(receiver.got.map((r) => [r.url, r.body.toString()]).sort()).toEqual([['/hook/1', body], ['/hook/2', body]]);
    expect(main.lines.find((l) => l.includes('VERIFICATION CODE'))).toMatch(/^warn \*\*\* CLOVER WEBHOOK VERIFICATION CODE: 3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3 \*\*\*/);
  });

  it('logs an unknown merchant and answers 202 without forwarding', async () => {
    const res = await postWebhook(main, '{"merchants":{"NOBODY":[]}}');
    expect([res.status, await res.json()]).toEqual([202, { forwarded: [], unknown: ['NOBODY'] }]);
    expect(receiver.got).toHaveLength(0);
    expect(main.lines.join('\n')).toContain('"merchants":["NOBODY"]');
  });

  it('answers 502 when an ERP fails, after delivering to the others, so Clover retries', async () => {
    const res = await postWebhook(failing, '{"merchants":{"MERCH1":[],"DOWN":[],"GONE":[],"SLOW":[]}}');
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      forwarded: [
        { merchants: ['MERCH1'], ok: true, status: 200 },
        { merchants: ['DOWN'], ok: false, status: 503 },
        { merchants: ['GONE'], ok: false, error: 'network' },
        { merchants: ['SLOW'], ok: false, error: 'timeout' },
      ],
      unknown: [],
    });
    expect(receiver.got.map((r) => r.url).sort()).toEqual(['/fail', '/hook/1', '/slow']);
  });

  it('forwards the same way on the Workers path (the standard fetch forwarder)', async () => {
    const handler = createDispatcher(parseConfig({ DISPATCHER_SECRET: NEW, CLOVER_APP_ID: 'APP123', MERCHANT_ROUTING_JSON: { MERCH1: `${receiver.url}/hook/1` } }), { logger: lineLogger(() => {}) });
    const res = await handler(new Request('http://d.test/clover/webhook', { method: 'POST', body: firehose, headers: { 'content-type': 'application/json', 'x-clover-auth-code': 'A1' } }));
    expect(res.status).toBe(200);
    expect(receiver.got.map((r) => [r.url, r.body.toString(), r.headers['x-clover-auth-code']])).toEqual([['/hook/1', firehose, 'A1']]);
  });

  it('answers 400 to malformed JSON and to a body without a merchant, forwarding nothing', async () => {
    for (const body of ['{"merchants": {"MERCH1": [', 'null', '{"appId":"APP123"}']) {
      const res = await postWebhook(main, body);
      expect(res.status, body).toBe(400);
    }
    expect(receiver.got).toHaveLength(0);
  });

  it('reads request headers as Headers#get does: any case, repeated fields joined', async () => {
    const raw = await rawRequest(main.server.url, [
      'POST /clover/webhook HTTP/1.1',
      'Host: 127.0.0.1',
      'content-TYPE: application/json',
      'X-CLOVER-AUTH-CODE: first',
      'x-clover-auth-code: second',
      'Content-Length: 25',
      'Connection: close',
      '',
      '{"merchantId":"MERCH1"}\r\n',
    ].join('\r\n'));
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(receiver.got.map((r) => [r.url, r.headers['x-clover-auth-code'], r.body.toString()])).toEqual([['/hook/1', 'first, second', '{"merchantId":"MERCH1"}\r\n']]);
  });

  it('answers GET with 200 (Clover probes the URL)', async () => {
    expect((await get(main, '/clover/webhook')).status).toBe(200);
  });
});

describe('webhook body limit over HTTP', () => {
  /** Opens a POST, writes `first`, then waits for the answer without finishing the body. */
  function openPost(headers: Record<string, string | number>, first: Buffer | null): Promise<{ status: number; body: string; continued: boolean }> {
    return new Promise((resolve, reject) => {
      let continued = false;
      const req = httpRequest(`${main.server.url}/clover/webhook`, { method: 'POST', headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode!, body, continued });
          req.destroy();
        });
      });
      req.on('continue', () => (continued = true));
      req.on('error', reject);
      if (first) req.write(first);
      else req.flushHeaders();
    });
  }

  it('refuses a declared 9.4 MB body with 413 before it is sent', async () => {
    const res = await openPost({ 'content-type': 'application/json', 'content-length': 9_400_000 }, Buffer.from('{"merchantId":'));
    expect(res).toMatchObject({ status: 413, body: 'body larger than 1048576 bytes\n' });
    const expecting = await openPost({ 'content-type': 'application/json', 'content-length': 9_400_000, expect: '100-continue' }, null);
    expect(expecting).toEqual({ status: 413, body: 'body larger than 1048576 bytes\n', continued: false });
    expect(receiver.got).toHaveLength(0);
  });

  it('refuses a streamed body without Content-Length once it passes 1 MiB', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${main.server.url}/clover/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (sent < 9_400_000 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump(); // never ended: the answer must come while the client is still sending
    });
    expect(status).toBe(413);
    expect(receiver.got).toHaveLength(0);
    expect(main.lines.join('\n')).toContain('webhook refused {"status":413');
  });

  it('answers at once when Content-Length promises more than it sends', async () => {
    const res = await openPost({ 'content-type': 'application/json', 'content-length': 2_000_000 }, Buffer.from('{"merchantId":"MERCH1"}'));
    expect(res.status).toBe(413);
  });

  it('forwards nothing when Content-Length promises less than it sends', async () => {
    // Node reads the declared 5 bytes as the body and the rest as a broken next request: 400.
    const body = '{"merchantId":"MERCH1"}';
    const raw = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(main.server.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /clover/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n${body}`);
      });
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => socket.end(), 500);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(receiver.got).toHaveLength(0);
  });
});

describe('GET /healthz', () => {
  it('answers 200', async () => {
    const res = await get(main, '/healthz');
    expect([res.status, await res.json()]).toEqual([200, { ok: true }]);
    expect(res.headers.get('content-length')).toBe('11');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers HEAD with the headers and no body', async () => {
    const raw = await rawRequest(main.server.url, 'HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw.toLowerCase()).toContain('content-type: application/json');
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
  });
});
