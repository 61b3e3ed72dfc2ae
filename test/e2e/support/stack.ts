// One counter under test: a fake Odoo in this process, the web bridge as a child process on a
// fresh data folder (it starts and connects its own Clover simulator), and the handles the
// tests script them with.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOdoo, type FakeOdoo } from '../../support/fake-odoo';
import { bindOdooToSimulator } from '../../support/odoo-binding';
import { startBridge, type Bridge, type SimUrls } from './bridge';
import { SimControl, startExternalSimulator } from './simulator';

export const ODOO_KEY = 'e2e-odoo-key-0001';

export interface Stack {
  dataDir: string;
  odoo: FakeOdoo;
  bridge: Bridge;
  sim: SimControl;
  /** Stops the bridge and starts it again on the same data folder (and the same Odoo). */
  restartBridge(env?: Record<string, string>): Promise<Bridge>;
  stop(): Promise<void>;
}

export async function startStack(options: { env?: Record<string, string>; simUrls?: SimUrls } = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'counter-e2e-'));
  bindOdooToSimulator(dataDir); // this fake Odoo is a test database: it may book simulated money
  const odoo = await startFakeOdoo({ apiKeys: [ODOO_KEY] });
  // One keychain service per stack: stacks share the run's keyring but never each other's tokens.
  const keychain = { COUNTER_KEYCHAIN_SERVICE: `counter-e2e-${randomBytes(4).toString('hex')}` };
  const launch = (env?: Record<string, string>) => startBridge({ dataDir, odooUrl: odoo.url, odooKey: ODOO_KEY, env: { ...keychain, ...options.env, ...env } });
  let bridge: Bridge;
  try {
    bridge = await launch();
  } catch (err) {
    await odoo.close();
    throw err;
  }
  const simUrls = bridge.sim ?? options.simUrls;
  if (!simUrls) throw new Error('no simulator address: the bridge printed none and none was given');
  const stack: Stack = {
    dataDir,
    odoo,
    bridge,
    sim: new SimControl(simUrls.api),
    async restartBridge(env) {
      await stack.bridge.stop();
      stack.bridge = await launch(env);
      if (stack.bridge.sim) stack.sim = new SimControl(stack.bridge.sim.api);
      return stack.bridge;
    },
    async stop() {
      await stack.bridge.stop();
      await odoo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/**
 * A stack whose Clover simulator runs in its own process, so that it outlives bridge restarts
 * and takes hand-entered credentials; `stop()` stops the simulator too.
 */
export async function startStackOnExternalSimulator(): Promise<Stack> {
  const sim = await startExternalSimulator();
  try {
    const stack = await startStack({
      simUrls: sim.urls,
      env: { CLOVER_API_URL: sim.urls.api, CLOVER_WEB_URL: sim.urls.web, CLOVER_ECOMM_URL: sim.urls.ecommerce, CLOVER_TOKEN_URL: sim.urls.token },
    });
    const stopStack = stack.stop;
    stack.stop = async () => {
      try {
        await stopStack();
      } finally {
        await sim.stop();
      }
    };
    return stack;
  } catch (err) {
    await sim.stop();
    throw err;
  }
}
