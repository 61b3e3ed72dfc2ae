// The dispatcher over real HTTP: the Node server on a free port, in this process, and a
// local "ERP" receiver that records what is forwarded to it.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/dispatcher/config';
import { createDispatcher } from '../../src/dispatcher/handler';
import { signLaunchState } from '../../src/dispatcher/launch-state';
import { startDispatcherServer, type RunningDispatcher } from '../../src/dispatcher/node-server';
import { VERIFICATION_LIMITED_LOG_LINE, VERIFICATION_LOG_LINE } from '../../src/dispatcher/verification';
import { lineLogger } from '../../src/shared/logger';
import { signState, verifySignedState, webCryptoHmac } from '../../src/shared/signed-state';
import { TILL_MASTER, tillState } from '../support/dispatcher-states';

const NEW = 'new-secret-0123456789abcdef0123456789';
const OLD = 'old-secret-0123456789abcdef0123456789';
const ODOO_CALLBACK = 'https://odoo.example.com/clover/oauth/callback';
const CODE = '3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3';

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }

let receiver: { server: Server; url: string; got: Received[] };
let main: Started;
let unrotated: Started;
let failing: Started;
/** Verification challenges: 2 a minute per socket address. */
let limited: Started;
/** Behind a proxy (X-Forwarded-For trusted), 1 a minute per source, forwarded to /hook/1. */
let proxied: Started;
/** No DISPATCHER_PUBLIC_URL: the launch path refuses. */
let unlaunched: Started;

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
    TILL_KEY_SECRET: TILL_MASTER,
    TILL_IDS: 'front-1 front-2',
    CLOVER_APP_ID: 'APP123',
    ALLOWED_REDIRECT_HOSTS: 'example.com,odoo.example.com',
    MERCHANT_ROUTING_JSON: JSON.stringify({ MERCH1: `${receiver.url}/hook/1`, MERCH2: `${receiver.url}/hook/2` }),
    MERCHANT_ODOO_BASE_JSON: JSON.stringify({ MERCH1: 'https://odoo.example.com' }),
    DISPATCHER_PUBLIC_URL: 'https://dispatcher.example.com',
  };
  [main, unrotated, failing, limited, proxied, unlaunched] = await Promise.all([
    start(env),
    // Rotated, and front-1 revoked.
    start({ ...env, DISPATCHER_SECRET_PREVIOUS: '', TILL_IDS: 'front-2' }),
    // Port 1 on loopback refuses connections.
    start({
      ...env,
      FORWARD_TIMEOUT_MS: '1000', // well under /slow's 5 s, well over a loaded machine's hiccup
      MERCHANT_ROUTING_JSON: JSON.stringify({ MERCH1: `${receiver.url}/hook/1`, DOWN: `${receiver.url}/fail`, GONE: 'http://127.0.0.1:1/hook', SLOW: `${receiver.url}/slow` }),
    }),
    start({ ...env, VERIFICATION_LIMIT_PER_MINUTE: '2' }),
    start({ ...env, VERIFICATION_LIMIT_PER_MINUTE: '1', TRUST_X_FORWARDED_FOR: 'true', VERIFICATION_FORWARD_URL: `${receiver.url}/hook/1` }),
    start({ ...env, DISPATCHER_PUBLIC_URL: '', MERCHANT_ODOO_BASE_JSON: '' }),
  ]);
});

afterAll(async () => {
  await Promise.all([main, unrotated, failing, limited, proxied, unlaunched].map((s) => s?.server.close()));
  receiver?.server.closeAllConnections();
  await new Promise((resolve) => receiver?.server.close(resolve));
});

beforeEach(() => {
  receiver.got.length = 0;
  for (const s of [main, unrotated, failing, limited, proxied, unlaunched]) s.lines.length = 0;
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
  it('302s a launch state to its merchant Odoo with every Clover query parameter forwarded', async () => {
    const state = await signLaunchState(ODOO_CALLBACK, 'MERCH1', NEW, Date.now(), webCryptoHmac);
    const res = await get(main, `/clover/callback?${cloverParams(state)}`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(ODOO_CALLBACK);
    expect([...location.searchParams]).toEqual([['merchant_id', 'MERCH1'], ['client_id', 'APP123'], ['code', 'AUTHCODE123'], ['state', state]]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(main.lines.join('\n')).not.toContain('AUTHCODE123');
  });

  it('takes a desktop till on loopback all the way to its listener, with the till key', async () => {
    const state = await tillState(`${receiver.url}/till/callback`);
    const res = await fetch(`${main.server.url}/clover/callback?${cloverParams(state)}`); // follows the 302
    expect(res.status).toBe(200);
    expect(receiver.got).toHaveLength(1);
    const arrived = new URL(receiver.got[0]!.url, receiver.url);
    expect(arrived.pathname).toBe('/till/callback');
    expect(arrived.searchParams.get('code')).toBe('AUTHCODE123');
    expect(arrived.searchParams.get('state')).toBe(state); // the till compares it with the one it made
    expect(main.lines.join('\n')).toContain('oauth callback redirected {"to":"127.0.0.1');
    expect(main.lines.join('\n')).toContain('"till":"front-1"');
  });

  it('lets a state through once: a replay within its hour is refused', async () => {
    const state = await tillState(`${receiver.url}/till/callback`);
    expect((await get(main, `/clover/callback?${cloverParams(state)}`)).status).toBe(302);
    const replay = await get(main, `/clover/callback?${cloverParams(state)}`);
    expect([replay.status, await replay.text(), replay.headers.get('location')]).toEqual([403, 'forbidden: state already used\n', null]);
  });

  it('holds merchant_id to the merchant the state names, for a launch state and a till state', async () => {
    const launch = await signLaunchState(ODOO_CALLBACK, 'MERCH1', NEW, Date.now(), webCryptoHmac);
    const till = await tillState(`${receiver.url}/till/callback`, { merchantId: 'MERCH1' });
    for (const state of [launch, till]) {
      const other = await get(main, `/clover/callback?${cloverParams(state).replace('merchant_id=MERCH1', 'merchant_id=MERCH2')}`);
      expect([other.status, await other.text()]).toEqual([403, 'forbidden: merchant_id does not match the state\n']);
      const none = await get(main, `/clover/callback?${cloverParams(state).replace('merchant_id=MERCH1&', '')}`);
      expect(none.status).toBe(403);
      // Refusals burn no nonce: the right merchant still gets through.
      expect((await get(main, `/clover/callback?${cloverParams(state)}`)).status).toBe(302);
    }
    // A till state minted without a merchant (a first sign-in) goes on for whichever merchant logs in.
    const first = await tillState(`${receiver.url}/till/callback`);
    expect((await get(main, `/clover/callback?${cloverParams(first).replace('merchant_id=MERCH1', 'merchant_id=MERCH2')}`)).status).toBe(302);
  });

  const refusals: [string, () => Promise<string>, string][] = [
    ['a forged HMAC', async () => `${(await tillState('http://127.0.0.1:9/cb')).split('.')[0]}.${'A'.repeat(43)}`, 'invalid state signature'],
    ['a till key from another master secret', () => tillState('http://127.0.0.1:9/cb', { master: 'attacker-master-0123456789abcdef0123' }), 'invalid state signature'],
    ['a till that is not in TILL_IDS', () => tillState('http://127.0.0.1:9/cb', { tillId: 'front-9' }), 'state signed by an unknown till'],
    ['an expired state', () => tillState('http://127.0.0.1:9/cb', { now: Date.now() - 3601_000 }), 'expired state'],
    ['a malformed state', async () => 'not-a-state', 'malformed state'],
    ['a disallowed host', () => tillState('https://attacker.net/cb'), 'redirect_to host not allowed'],
    ['a look-alike host', () => tillState('https://example.com.attacker.net/cb'), 'redirect_to host not allowed'],
    ['plain http to a real host', () => tillState('http://example.com/cb'), 'redirect_to must be https'],
    ['a till state leading off loopback', () => tillState('https://example.com/cb'), 'a till state must lead to loopback'],
    ['a dispatcher-key state naming no merchant (the old shared secret)', () => signState({ redirect_to: 'http://127.0.0.1:9/cb' }, NEW), 'state names no merchant'],
    ["a dispatcher-key state leading elsewhere than its merchant's Odoo", () => signLaunchState('https://example.com/cb', 'MERCH1', NEW, Date.now(), webCryptoHmac), "redirect_to is not the merchant's Odoo callback"],
  ];
  it.each(refusals)('refuses %s with 403 and forwards nothing', async (_name, makeState, reason) => {
    const res = await get(main, `/clover/callback?${cloverParams(await makeState())}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(`forbidden: ${reason}\n`);
    expect(res.headers.get('location')).toBeNull();
    expect(main.lines.join('\n')).toContain(`oauth callback refused ${JSON.stringify({ reason })}`);
  });

  it('refuses a callback without any state', async () => {
    const res = await get(main, '/clover/callback?code=AUTHCODE123&merchant_id=MERCH1');
    expect([res.status, await res.text()]).toEqual([403, 'forbidden: malformed state\n']);
  });

  it('accepts a launch state signed with the previous secret only while DISPATCHER_SECRET_PREVIOUS is set', async () => {
    const state = await signLaunchState(ODOO_CALLBACK, 'MERCH1', OLD, Date.now(), webCryptoHmac);
    const during = await get(main, `/clover/callback?${cloverParams(state)}`);
    expect(during.status).toBe(302);
    expect(main.lines.join('\n')).toContain('"previous_secret":true');
    const after = await get(unrotated, `/clover/callback?${cloverParams(state)}`);
    expect([after.status, await after.text()]).toEqual([403, 'forbidden: invalid state signature\n']);
  });

  it('revokes a till by taking its id out of TILL_IDS, leaving the others', async () => {
    const revoked = await get(unrotated, `/clover/callback?${cloverParams(await tillState('http://127.0.0.1:9/cb'))}`);
    expect([revoked.status, await revoked.text()]).toEqual([403, 'forbidden: state signed by an unknown till\n']);
    expect((await get(unrotated, `/clover/callback?${cloverParams(await tillState('http://127.0.0.1:9/cb', { tillId: 'front-2' }))}`)).status).toBe(302);
  });
});

/** GET with a Host header of the caller's choosing (fetch does not let one set it). */
function getWithHost(base: Started, path: string, host: string): Promise<{ status: number; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base.server.url}${path}`, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /clover/launch', () => {
  it('mints a state for the merchant Odoo and sends the browser to Clover authorize, whose callback then routes back once', async () => {
    const res = await getWithHost(main, '/clover/launch?merchant_id=MERCH1', 'attacker.example');
    expect(res.status).toBe(302);
    const authorize = new URL(res.location!);
    expect(authorize.origin + authorize.pathname).toBe('https://sandbox.dev.clover.com/oauth/v2/authorize');
    // redirect_uri comes from DISPATCHER_PUBLIC_URL, whatever Host the request carried.
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'APP123', merchant_id: 'MERCH1', response_type: 'code', redirect_uri: 'https://dispatcher.example.com/clover/callback',
    });
    const state = authorize.searchParams.get('state')!;
    expect(await verifySignedState(state, [NEW])).toMatchObject({ ok: true, payload: { redirect_to: ODOO_CALLBACK, customer: 'MERCH1' } });

    const back = await get(main, `/clover/callback?${cloverParams(state)}`); // Clover's redirect
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`${ODOO_CALLBACK}?${cloverParams(state).replace(/state=.*/, `state=${state}`)}`);
    expect((await get(main, `/clover/callback?${cloverParams(state)}`)).status).toBe(403);
  });

  it('answers 404 for a merchant without an Odoo base URL and 400 without a merchant', async () => {
    expect((await get(main, '/clover/launch?merchant_id=MERCH2')).status).toBe(404);
    expect((await get(main, '/clover/launch')).status).toBe(400);
    expect((await get(main, '/clover/launch?merchant_id=%0Aevil')).status).toBe(400);
  });

  it('refuses, saying why, when DISPATCHER_PUBLIC_URL is not set', async () => {
    const res = await getWithHost(unlaunched, '/clover/launch?merchant_id=MERCH1', 'dispatcher.example.com');
    expect(res).toEqual({ status: 503, location: undefined, body: "launch path not configured: DISPATCHER_PUBLIC_URL (this dispatcher's public https URL) is not set\n" });
    expect(unlaunched.lines.join('\n')).toContain('launch refused: DISPATCHER_PUBLIC_URL is not set');
  });
});

describe('POST /clover/webhook', () => {
  // Odd spacing on purpose: the ERP must get these exact bytes.
  const firehose = '{ "appId":"APP123",  "merchants":{"MERCH1":[{"objectId":"P:MERCH1/PAY1","type":"CREATE","ts":1}],\n"MERCH2":[{"objectId":"P:MERCH2/PAY2","type":"CREATE","ts":2}],"UNKNOWN9":[]}}';

  it('forwards the raw body once per routed merchant with X-Clover-Auth-Code, and answers only "accepted"', async () => {
    const res = await postWebhook(main, firehose, { 'x-clover-auth-code': 'CLOVER-AUTH-SECRET' });
    expect([res.status, await res.text()]).toEqual([200, 'accepted\n']);
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

  it('accepts the unsigned verification challenge, logs its code for the operator, and forwards it nowhere by default', async () => {
    const res = await postWebhook(main, `{"verificationCode":"${CODE}"}`);
    expect([res.status, await res.text()]).toEqual([200, 'accepted\n']);
    expect(receiver.got).toHaveLength(0);
    expect(main.lines).toContain(`warn ${VERIFICATION_LOG_LINE} {"verificationCode":"${CODE}","source":"127.0.0.1"}`);
  });

  it('limits verification challenges per socket address, whatever X-Forwarded-For claims', async () => {
    const answers = [];
    for (const claimed of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      const res = await postWebhook(limited, `{"verificationCode":"${CODE}"}`, { 'x-forwarded-for': claimed });
      answers.push([res.status, await res.text()]);
    }
    expect(answers).toEqual([[200, 'accepted\n'], [200, 'accepted\n'], [429, 'refused\n']]);
    expect(limited.lines.filter((l) => l.includes(VERIFICATION_LOG_LINE))).toHaveLength(2);
    expect(limited.lines).toContain(`warn ${VERIFICATION_LIMITED_LOG_LINE} {"source":"127.0.0.1"}`);
  });

  it('behind a trusted proxy, limits per forwarded source and forwards to the one configured route', async () => {
    const body = `{"verificationCode":"${CODE}"}`;
    const send = async (forwardedFor: string): Promise<number> => (await postWebhook(proxied, body, { 'x-forwarded-for': forwardedFor })).status;
    expect(await send('6.6.6.6, 198.51.100.7')).toBe(200);
    expect(await send('7.7.7.7, 198.51.100.7')).toBe(429); // the proxy's entry counts, not the client's
    expect(await send('198.51.100.8')).toBe(200);
    expect(receiver.got.map((r) => [r.url, r.body.toString()])).toEqual([['/hook/1', body], ['/hook/1', body]]);
    expect(proxied.lines.filter((l) => l.includes(VERIFICATION_LOG_LINE)).map((l) => JSON.parse(l.slice(l.indexOf('{'))).source)).toEqual(['198.51.100.7', '198.51.100.8']);
  });

  it('answers an unknown merchant like a known one, without forwarding', async () => {
    const res = await postWebhook(main, '{"merchants":{"NOBODY":[]}}');
    expect([res.status, await res.text()]).toEqual([200, 'accepted\n']);
    expect(receiver.got).toHaveLength(0);
    expect(main.lines.join('\n')).toContain('"merchants":["NOBODY"]');
  });

  it('answers 502 "refused" when an ERP fails, after delivering to the others, so Clover retries', async () => {
    const res = await postWebhook(failing, '{"merchants":{"MERCH1":[],"DOWN":[],"GONE":[],"SLOW":[]}}');
    expect([res.status, await res.text()]).toEqual([502, 'refused\n']);
    expect(receiver.got.map((r) => r.url).sort()).toEqual(['/fail', '/hook/1', '/slow']);
    const log = failing.lines.join('\n');
    const failures: [string, string][] = [['DOWN', '"status":503'], ['GONE', '"error":"network"'], ['SLOW', '"error":"timeout"']];
    for (const [merchant, how] of failures) {
      expect(log).toMatch(new RegExp(`webhook forward failed \\{"merchants":\\["${merchant}"\\],"route":"[^"]+",${how}`));
    }
  });

  it('forwards the same way on the Workers path (the standard fetch forwarder)', async () => {
    const handler = createDispatcher(parseConfig({ DISPATCHER_SECRET: NEW, CLOVER_APP_ID: 'APP123', MERCHANT_ROUTING_JSON: { MERCH1: `${receiver.url}/hook/1` } }), { logger: lineLogger(() => {}) });
    const res = await handler(new Request('http://d.test/clover/webhook', { method: 'POST', body: firehose, headers: { 'content-type': 'application/json', 'x-clover-auth-code': 'A1' } }));
    expect(res.status).toBe(200);
    expect(receiver.got.map((r) => [r.url, r.body.toString(), r.headers['x-clover-auth-code']])).toEqual([['/hook/1', firehose, 'A1']]);
  });

  it('answers 400 "refused" to malformed JSON and to a body without a merchant, forwarding nothing', async () => {
    for (const body of ['{"merchants": {"MERCH1": [', 'null', '{"appId":"APP123"}']) {
      const res = await postWebhook(main, body);
      expect([res.status, await res.text()], body).toEqual([400, 'refused\n']);
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
    expect(res).toMatchObject({ status: 413, body: 'refused\n' });
    const expecting = await openPost({ 'content-type': 'application/json', 'content-length': 9_400_000, expect: '100-continue' }, null);
    expect(expecting).toEqual({ status: 413, body: 'refused\n', continued: false });
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
