// The till harness with a clock the test moves (180-day refund rule, void window) and a logger
// whose lines the test can read. `advance` moves the till's clock and the simulator's together,
// so tokens, payment times and windows stay coherent on both sides.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloverSimulator, type CloverSimulator, type SimulatorOptions } from '../../src/clover/simulator';
import { lineLogger } from '../../src/shared/logger';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { createTill, type Till } from '../../src/till/create-till';
import { syncTerminals } from '../../src/till/terminals';
import { simulatorEnv } from './till-harness';

export { SERIAL, SERIAL_2 } from './till-harness';

export interface ClockedTillHarness {
  sim: CloverSimulator;
  till: Till;
  dataDir: string;
  secrets: MemorySecretStore;
  env: Record<string, string>;
  /** Every (redacted) line the till logged, debug included. */
  logLines: string[];
  now(): number;
  /** Moves the till clock, and unless `tillOnly`, the simulator's clock, forward. */
  advance(ms: number, options?: { tillOnly?: boolean }): void;
  /** A second till on the same data folder (another process's view of the same ledger). */
  openAnother(): Promise<Till>;
  close(): Promise<void>;
}

export async function startClockedTillHarness(options: { sim?: SimulatorOptions; env?: Record<string, string> } = {}): Promise<ClockedTillHarness> {
  const sim = await startCloverSimulator({ rateLimit: false, ...options.sim });
  const dataDir = mkdtempSync(join(tmpdir(), 'till-clock-'));
  const secrets = new MemorySecretStore();
  const env = simulatorEnv(sim, options.env);
  const logLines: string[] = [];
  // The till's day starts at local noon, so "same day" rules (void window, end of day) never
  // straddle midnight when the suite happens to run at 23:59.
  const noon = new Date();
  noon.setHours(12, 0, 0, 0);
  let offset = noon.getTime() - Date.now();
  const now = () => Date.now() + offset;
  const logger = lineLogger((line) => logLines.push(line), 'debug');
  const others: Till[] = [];
  const till = await createTill({ dataDir, env, secrets, now, logger });
  const h: ClockedTillHarness = {
    sim,
    till,
    dataDir,
    secrets,
    env,
    logLines,
    now,
    advance(ms, opts = {}) {
      offset += ms;
      if (!opts.tillOnly) sim.control.advanceClock(ms);
    },
    async openAnother() {
      const other = await createTill({ dataDir, env, secrets, now, logger });
      others.push(other);
      return other;
    },
    async close() {
      for (const o of others) await o.close();
      await h.till.close();
      await sim.close();
    },
  };
  await syncTerminals(till);
  return h;
}
