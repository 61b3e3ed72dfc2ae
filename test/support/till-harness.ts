// A real till for integration tests: a temp data folder, the Clover simulator over HTTP, an
// in-memory secret store (the keychain has its own tests), terminals synced from Clover.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloverSimulator, type CloverSimulator, type SimulatorOptions } from '../../src/clover/simulator';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { createTill, type Till } from '../../src/till/create-till';
import { syncTerminals } from '../../src/till/terminals';

export const SERIAL = 'C0SIM0000001';
export const SERIAL_2 = 'C0SIM0000002';

export function simulatorEnv(sim: CloverSimulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CLOVER_ENV: 'simulator',
    CLOVER_API_URL: sim.urls.api,
    CLOVER_WEB_URL: sim.urls.web,
    CLOVER_ECOMM_URL: sim.urls.ecommerce,
    CLOVER_TOKEN_URL: sim.urls.token,
    CLOVER_POS_ID: 'SIMRAID000001',
    COUNTER_CASHIER: 'test-cashier',
    ...extra,
  };
}

export interface TillHarness {
  sim: CloverSimulator;
  till: Till;
  dataDir: string;
  secrets: MemorySecretStore;
  reopen(): Promise<Till>;
  close(): Promise<void>;
}

export async function startTillHarness(options: { sim?: SimulatorOptions; env?: Record<string, string> } = {}): Promise<TillHarness> {
  const sim = await startCloverSimulator({ rateLimit: false, ...options.sim });
  const dataDir = mkdtempSync(join(tmpdir(), 'till-'));
  const secrets = new MemorySecretStore();
  const env = simulatorEnv(sim, options.env);
  const h: TillHarness = {
    sim,
    dataDir,
    secrets,
    till: await createTill({ dataDir, env, secrets }),
    async reopen() {
      await h.till.close();
      h.till = await createTill({ dataDir, env, secrets });
      return h.till;
    },
    async close() {
      await h.till.close();
      await sim.close();
    },
  };
  await syncTerminals(h.till);
  return h;
}
