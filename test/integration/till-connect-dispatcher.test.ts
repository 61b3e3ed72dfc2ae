// The till connects to Clover through the OAuth dispatcher: the simulator (as Clover), the
// dispatcher and the till all run, over real HTTP. The merchant's browser is played by fetch
// following each redirect by hand: Clover -> dispatcher (checks the signed state) -> the till's
// loopback listener -> code exchange with the PKCE verifier.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { startDispatcherServer } from '../../src/dispatcher/node-server';
import { deriveTillKey, tillCredential } from '../../src/dispatcher/till-keys';
import { nodeHmac } from '../../src/dispatcher/node-hmac';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { beginConnect, DISPATCHER_SECRET_NAME } from '../../src/till/connect/clover-connection';
import { createTill, type Till } from '../../src/till/create-till';
import { updateSettings } from '../../src/till/settings-file';

const SECRET = 'd'.repeat(48);
const TILL_MASTER = 't'.repeat(48);
let sim: CloverSimulator;
let dispatcher: Awaited<ReturnType<typeof startDispatcherServer>>;
let till: Till;

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: false });
  dispatcher = await startDispatcherServer({
    port: 0,
    env: { DISPATCHER_SECRET: SECRET, TILL_KEY_SECRET: TILL_MASTER, TILL_IDS: 'counter-1', CLOVER_APP_ID: 'SIMAPP0000001', ALLOWED_REDIRECT_HOSTS: 'odoo.example.com', MERCHANT_ROUTING_JSON: '{}' },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'till-dispatch-'));
  updateSettings(dataDir, (s) => void (s.clover.dispatcherUrl = dispatcher.url));
  const secrets = new MemorySecretStore();
  // This till's own key, as `npm run dispatcher -- till-key counter-1` prints it.
  await secrets.set(DISPATCHER_SECRET_NAME, tillCredential('counter-1', await deriveTillKey(TILL_MASTER, 'counter-1', nodeHmac)));
  // A real Clover environment (sandbox) whose hosts are the simulator's.
  till = await createTill({
    dataDir,
    secrets,
    env: { CLOVER_ENV: 'sandbox', CLOVER_APP_ID: 'SIMAPP0000001', CLOVER_POS_ID: 'SIMRAID000001', CLOVER_API_URL: sim.urls.api, CLOVER_WEB_URL: sim.urls.web, CLOVER_ECOMM_URL: sim.urls.ecommerce, CLOVER_TOKEN_URL: sim.urls.token },
  });
});
afterAll(async () => {
  await till?.close();
  await dispatcher?.close();
  await sim?.close();
});

async function follow(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`no redirect from ${new URL(url).host}: HTTP ${res.status} ${await res.text()}`);
  return location;
}

describe('connect through the dispatcher', () => {
  it('completes PKCE via the dispatcher and the loopback listener', async () => {
    const handle = await beginConnect(till, { timeoutMs: 20_000 });
    const authorize = new URL(handle.authorizeUrl);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${dispatcher.url.replace(/\/$/, '')}/clover/callback`);
    const toDispatcher = await follow(handle.authorizeUrl); // Clover's login approves
    expect(toDispatcher.startsWith(dispatcher.url.replace(/\/$/, ''))).toBe(true);
    const toTill = await follow(toDispatcher); // the dispatcher verifies the state, forwards everything
    expect(new URL(toTill).hostname).toBe('127.0.0.1');
    expect(new URL(toTill).searchParams.get('code')).toBeTruthy();
    const page = await fetch(toTill);
    expect(page.status).toBe(200);
    const { merchantId, merchantName } = await handle.done;
    expect(merchantId).toBe('SIMMERCHANT01');
    expect(merchantName).toBe('Fusion Test Store');
    expect(till.settings().clover).toMatchObject({ merchantId: 'SIMMERCHANT01', merchantName: 'Fusion Test Store' });
    expect(till.settings().terminals.length).toBeGreaterThan(0);
    expect(await till.clover.tokens.hasTokens('SIMMERCHANT01')).toBe(true);
  });

  it('a forged state never reaches the till', async () => {
    const handle = await beginConnect(till, { timeoutMs: 5_000 });
    const toDispatcher = new URL(await follow(handle.authorizeUrl));
    toDispatcher.searchParams.set('state', `${toDispatcher.searchParams.get('state')!.split('.')[0]}.forged`);
    const res = await fetch(toDispatcher, { redirect: 'manual' });
    expect(res.status).toBe(403);
    await expect(handle.done).rejects.toThrow(/in time/);
  });

  it("an old shared dispatcher secret is refused with what to do: every till has its own key now", async () => {
    await till.secrets.set(DISPATCHER_SECRET_NAME, SECRET);
    await expect(beginConnect(till, { timeoutMs: 5_000 })).rejects.toThrow(/till-key <id>/);
  });
});
