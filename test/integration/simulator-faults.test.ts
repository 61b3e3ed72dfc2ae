// Infrastructure behaviour: rate limits (D16), injected faults, the HTTP control API, the
// request log's redaction, robustness against junk, and the CLI.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';

const DEVICE = 'C0SIM0000001';
let sim: CloverSimulator;
let token: string;
let n = 0;

function connectHeaders(extra: Record<string, string> = {}) {
  return { authorization: `Bearer ${token}`, 'x-clover-device-id': DEVICE, 'x-pos-id': 'P', 'user-agent': 'T/1', 'content-type': 'application/json', 'x-clover-timeout': '5', ...extra };
}

function pay(amount: number, ext = `F${++n}`) {
  return fetch(`${sim.urls.api}/connect/v1/payments`, {
    method: 'POST',
    headers: connectHeaders({ 'idempotency-key': `key-${ext}` }),
    body: JSON.stringify({ amount, externalPaymentId: ext, final: true }),
  });
}

async function ctl(method: string, name: string, body?: unknown) {
  const res = await fetch(`${sim.urls.api}/__sim/${name}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: { perSecond: 16, concurrent: 5 } });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset();
  token = sim.control.issueTokens().access_token;
});

describe('rate limits (D16)', () => {
  it('answers 429 with retry-after: 1 beyond 16 requests per second on one token', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => fetch(`${sim.urls.api}/v3/merchants/SIMMERCHANT01`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => {
        await r.arrayBuffer();
        return { status: r.status, retry: r.headers.get('retry-after') };
      })),
    );
    const limited = statuses.filter((s) => s.status === 429);
    // At most 16 start per second and 5 run at once; exact counts depend on machine load.
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s.status === 200 || s.status === 429)).toBe(true);
    expect(limited[0]?.retry).toBe('1');
    expect(sim.control.counters().rateLimited).toBe(limited.length);
  });

  it('counts held payments as in flight', async () => {
    const tight = await startCloverSimulator({ rateLimit: { perSecond: 100, concurrent: 2 } });
    try {
      const t = tight.control.issueTokens().access_token;
      const h = (serial: string, extra: Record<string, string> = {}) => ({ ...connectHeaders(extra), authorization: `Bearer ${t}`, 'x-clover-device-id': serial });
      const serials = ['C0SIM0000001', 'C0SIM0000002'];
      const held = serials.map((serial, i) =>
        fetch(`${tight.urls.api}/connect/v1/payments`, {
          method: 'POST',
          headers: h(serial, { 'idempotency-key': `h${i}`, 'x-clover-timeout': '30' }),
          body: JSON.stringify({ amount: 100, externalPaymentId: `HELD${i}`, final: true }),
        }),
      );
      for (let i = 0; i < 300 && !serials.every((s2) => tight.control.device(s2).operation); i++) await new Promise((r) => setTimeout(r, 10));
      const ping = await fetch(`${tight.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: h('C0SIM0000001') });
      expect(ping.status).toBe(429);
      for (const serial of serials) tight.control.act(serial, { kind: 'approve' });
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
      const after = await fetch(`${tight.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: h('C0SIM0000001') });
      expect(after.status).toBe(200);
    } finally {
      await tight.close();
    }
  });
});

describe('faults', () => {
  it('drop-after-complete destroys the socket, yet the payment exists and a resend replays it', async () => {
    sim.control.fault({ method: 'POST', path: '/connect/v1/payments', kind: 'drop-after-complete' });
    sim.control.script(DEVICE, { kind: 'approve' });
    await expect(pay(1234, 'DROP1')).rejects.toThrow();
    expect(sim.control.payments()).toMatchObject([{ externalPaymentId: 'DROP1', result: 'SUCCESS', amount: 1234 }]);
    const again = await pay(1234, 'DROP1');
    expect(again.status).toBe(200);
    expect(sim.control.payments()).toHaveLength(1);
    expect(sim.control.requests().find((r) => r.path === '/connect/v1/payments')?.status).toBe('dropped');
  });

  it('drop-before does nothing; status faults fire the given number of times; slow answers late', async () => {
    sim.control.fault({ path: /^\/connect\/v1\/payments$/, kind: 'drop-before' });
    sim.control.script(DEVICE, { kind: 'approve' });
    await expect(pay(100, 'DB1')).rejects.toThrow();
    expect(sim.control.payments()).toHaveLength(0);
    sim.control.fault({ path: '/connect/v1/device/ping', kind: 'status500', times: 2 });
    const ping = () => fetch(`${sim.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: connectHeaders() }).then((r) => r.status);
    expect([await ping(), await ping(), await ping()]).toEqual([500, 500, 200]);
    sim.control.fault({ path: '/connect/v1/device/ping', kind: 'slow', delayMs: 300 });
    const t0 = Date.now();
    expect(await ping()).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });
});

describe('HTTP control API and the request log', () => {
  it('scripts, faults and inspects over HTTP', async () => {
    expect((await ctl('POST', 'script', { serial: DEVICE, action: { kind: 'decline' } })).status).toBe(200);
    expect((await ctl('POST', 'script', { serial: DEVICE, action: { kind: 'explode' } })).status).toBe(400);
    const r = await pay(100);
    expect((await r.json()).payment.result).toBe('FAIL');
    expect((await ctl('POST', 'act', { serial: DEVICE, action: { kind: 'approve' } })).status).toBe(409);
    expect((await ctl('GET', 'payments')).body.payments).toHaveLength(1);
    const tokens = (await ctl('POST', 'tokens', {})).body;
    expect(tokens.access_token).toBeTruthy();
    expect((await ctl('POST', 'faults', { pathRegex: '^/connect/v1/device/ping$', kind: 'status503' })).status).toBe(200);
    const ping = await fetch(`${sim.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: connectHeaders() });
    expect(ping.status).toBe(503);
    expect((await ctl('POST', 'connected', { serial: DEVICE, connected: false })).status).toBe(200);
    expect((await ctl('GET', `devices/${DEVICE}`)).body.connected).toBe(false);
    expect((await ctl('GET', 'counters')).body.faultsInjected).toBe(1);
    expect((await ctl('POST', 'reset')).status).toBe(200);
    expect(sim.control.payments()).toHaveLength(0);
  });

  it('logs selected headers without bearer tokens, api keys or card numbers', async () => {
    sim.control.script(DEVICE, { kind: 'approve' });
    await (await pay(100, 'LOG1')).arrayBuffer();
    const apikey = sim.control.apiKey();
    await (await fetch(`${sim.urls.token}/v1/tokens`, { method: 'POST', headers: { apikey, 'content-type': 'application/json' }, body: JSON.stringify({ card: { number: '4242424242424242', exp_month: '1', exp_year: '2040', cvv: '123', brand: 'VISA' } }) })).arrayBuffer();
    const log = sim.control.requests();
    expect(log.find((e) => e.path === '/connect/v1/payments')).toMatchObject({ host: 'api', status: 200, headers: { deviceId: DEVICE, posId: 'P', idempotencyKey: 'key-LOG1', cloverTimeout: '5', bearer: true } });
    expect(log.find((e) => e.host === 'token')).toMatchObject({ headers: { apikey: true }, status: 200 });
    const text = JSON.stringify(log);
    expect(text).not.toContain(token);
    expect(text).not.toContain(apikey);
    expect(text).not.toContain('4242424242424242');
  });

  it('survives junk input', async () => {
    const junk = [
      fetch(`${sim.urls.api}/connect/v1/payments`, { method: 'POST', headers: connectHeaders({ 'idempotency-key': 'j' }), body: '[1,2' }),
      fetch(`${sim.urls.api}/connect/v1/payments`, { method: 'POST', headers: connectHeaders({ 'idempotency-key': 'j2' }), body: '"str"' }),
      fetch(`${sim.urls.api}/connect/v1/payments/%E0%A4%A`, { headers: connectHeaders() }),
      fetch(`${sim.urls.ecommerce}/v1/charges`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: 'null' }),
      fetch(`${sim.urls.token}/v1/tokens`, { method: 'POST', headers: { apikey: sim.control.apiKey(), 'content-type': 'application/json' }, body: '{"card":{"number":12}}' }),
      fetch(`${sim.urls.web}/oauth/v2/authorize`),
    ];
    for (const r of await Promise.all(junk)) expect(r.status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${sim.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: connectHeaders() })).status).toBe(200);
  });
});

describe('cli', () => {
  it('prints the four URLs and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/clover/simulator/cli.ts', '--port', '0', '--profile', 'training'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`cli exited ${code}`)));
    });
    expect(line).toMatch(/^Clover simulator: api=http:\/\/127\.0\.0\.1:\d+ web=\S+ ecommerce=\S+ token=\S+$/);
    const api = /api=(\S+)/.exec(line)?.[1];
    const info = await (await fetch(`${api}/__sim/info`)).json();
    expect(info.profile).toBe('training');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
