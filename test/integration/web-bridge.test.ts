// The loopback web bridge: the same till calls as IPC, behind a per-run token.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge } from '../../src/main/web/bridge';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { SERIAL, startTillHarness, type TillHarness } from '../support/till-harness';

let h: TillHarness;
let bridge: Awaited<ReturnType<typeof startBridge>>;
const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));

beforeAll(async () => {
  h = await startTillHarness();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
  const handlers = createCounterHandlers(h.till);
  bridge = await startBridge({ rendererDir, dispatch: (n, i) => dispatchCall(handlers, n, i), subscribe: (l) => h.till.events.on(l) });
});
afterAll(async () => {
  await bridge.close();
  await h.close();
});

const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${bridge.url}api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-counter-token': bridge.token, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('web bridge', () => {
  it('serves the UI with a strict CSP, and nothing outside it', async () => {
    const page = await fetch(bridge.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${bridge.url}..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${bridge.url}nope.js`)).status).toBe(404);
  });

  it('runs calls for the token holder only', async () => {
    const ok = await call('terminals.list', {});
    expect(await ok.json()).toMatchObject({ ok: true, value: [{ serial: SERIAL }, { serial: 'C0SIM0000002' }] });
    expect((await call('terminals.list', {}, { 'x-counter-token': 'wrong' })).status).toBe(401);
    expect((await call('terminals.list', {}, { origin: 'https://evil.example' })).status).toBe(403);
    // DNS rebinding: a page on another name resolving to 127.0.0.1 (fetch cannot set Host).
    const rebind = await new Promise<number>((resolve, reject) => {
      const req = request(`${bridge.url}api/call/app.info`, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json', 'x-counter-token': bridge.token } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebind).toBe(403);
  });

  it('answers bad input with a typed error and writes nothing', async () => {
    expect(await (await call('sales.start', { amount: -1, funding: 'credit' })).json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await (await call('sales.start', 'not json')).json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await (await call('nope.nothing', {})).json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect((await call('app.info', 'x'.repeat(100_000))).status).toBe(413);
    expect(h.till.ledger.sales.list()).toEqual([]);
  });

  it('a sale carries the operation id the screen drew; the same attempt sent twice is refused, never charged twice', async () => {
    const pushes = () => h.sim.control.requests().filter((r) => r.method === 'POST' && r.path === '/connect/v1/payments').length;
    const before = pushes();
    h.sim.control.script(SERIAL, { kind: 'approve' });
    const opId = 'SCREENATTEMPT001'; // 16 Crockford characters, as newId() draws them
    const first = await (await call('sales.start', { amount: 320, funding: 'credit', opId })).json();
    expect(first).toMatchObject({ ok: true, value: { state: 'approved', opId } });
    h.sim.control.script(SERIAL, { kind: 'approve' });
    const again = await (await call('sales.start', { amount: 320, funding: 'credit', opId })).json();
    expect(again).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining('already started') } });
    expect(pushes() - before).toBe(1);
    expect(h.till.ledger.sales.list().filter((s) => s.amount === 320)).toHaveLength(1);
    const bad = await (await call('sales.start', { amount: 321, funding: 'credit', opId: 'not-an-id' })).json();
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(h.till.ledger.sales.list().filter((s) => s.amount === 321)).toHaveLength(0);
  });

  it('pushes sale events over SSE', async () => {
    const controller = new AbortController();
    const res = await fetch(`${bridge.url}api/events?token=${bridge.token}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    h.sim.control.script(SERIAL, { kind: 'approve' });
    const sale = await call('sales.start', { amount: 250, funding: 'credit' });
    expect(await sale.json()).toMatchObject({ ok: true, value: { state: 'approved' } });
    let text = '';
    while (!text.includes('"state":"approved"')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: sale.updated');
    controller.abort();
    expect((await fetch(`${bridge.url}api/events?token=nope`)).status).toBe(401);
  });
});
