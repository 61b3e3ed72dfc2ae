// `counter connect --no-browser` prints the authorize URL and waits for Clover's redirect to
// its loopback listener; `disconnect` removes the tokens from the keychain. Both are a manager's
// (COUNTER_MANAGER_PIN; cli-manager-gate.test.ts refuses them without).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';

let sim: CloverSimulator;
let cli: CounterCli;
const SANDBOX = { CLOVER_ENV: 'sandbox', CLOVER_APP_ID: 'SIMAPP0000001' };
const MANAGER = { ...SANDBOX, COUNTER_MANAGER_PIN: '3141' };

beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false });
  cli = new CounterCli(sim, SANDBOX);
});
afterAll(async () => sim?.close());

describe('counter connect', () => {
  it('prints the authorize URL, completes PKCE on the redirect, syncs terminals; disconnect forgets it', async () => {
    const pin = await cli.run(['manager-pin'], { input: '3141', env: SANDBOX });
    expect(pin.code, pin.stderr).toBe(0);
    const child = cli.start(['connect', '--no-browser'], { env: MANAGER });
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    while (!/Open: (\S+)/.test(stdout)) await new Promise((r) => setTimeout(r, 25));
    const url = /Open: (\S+)/.exec(stdout)![1]!;
    expect(new URL(url).origin).toBe(sim.urls.web);
    const redirect = await fetch(url, { redirect: 'manual' });
    const back = await fetch(redirect.headers.get('location')!); // the "browser" lands on the till
    expect(back.status).toBe(200);
    expect(await exited).toBe(0);
    expect(stdout).toContain('"merchantName":"Fusion Test Store"');

    const list = await cli.run(['terminals', 'list'], { env: SANDBOX });
    expect((list.json.terminals as unknown[]).length).toBe(2); // synced on connect

    const bye = await cli.run(['disconnect'], { env: MANAGER });
    expect(bye.code).toBe(0);
    const after = await cli.run(['terminals', 'sync'], { env: SANDBOX });
    expect(after.code).toBe(1);
    expect(after.json).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
  });
});
