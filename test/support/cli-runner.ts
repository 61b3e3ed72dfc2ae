// Runs the real `counter` command in a child process (as store IT would), against the
// simulator and the fake Odoo, with a data folder and keychain service of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { startFakeOdoo, type FakeOdoo } from './fake-odoo';
import { simulatorEnv } from './till-harness';
import { bindOdooToSimulator } from './odoo-binding';

// The bundled command (test/support/global-setup.ts builds it): one process, so a SIGKILL
// kills the counter itself, as a crash would.
const COUNTER = ['--enable-source-maps', 'out/cli/counter.mjs'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

export function requireTestKeyring(): void {
  if (process.env.COUNTER_TEST_KEYRING !== '1' && process.env.DBUS_SESSION_BUS_ADDRESS === undefined) {
    throw new Error('these tests use the real keychain: run them through `npm test` (private gnome-keyring session)');
  }
}

export class CounterCli {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'counter-cli-'));
  readonly keychainService = `counter-test-${Math.random().toString(36).slice(2)}`;
  constructor(
    private readonly sim: CloverSimulator,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    // The fake Odoo is a test database: it may book the simulator's money (a store's never does).
    if (extraEnv.ODOO_URL) bindOdooToSimulator(this.dataDir);
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...simulatorEnv(this.sim), COUNTER_DATA_DIR: this.dataDir, COUNTER_KEYCHAIN_SERVICE: this.keychainService, ...this.extraEnv, ...extra };
    delete env.NODE_OPTIONS; // vitest's loader hooks are not for the child
    return env;
  }

  /**
   * Runs `counter <args>`; `input` goes to stdin. Adds --json (unless json:false) and parses
   * it. Asynchronous on purpose: the simulator answering the child lives in this process.
   */
  run(args: string[], options: { input?: string; env?: Record<string, string>; json?: boolean } = {}): Promise<CliResult> {
    const full = options.json === false ? args : ['--json', ...args];
    const child = spawn(process.execPath, [...COUNTER, ...full], { env: this.env(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdin!.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    return new Promise((resolve) => {
      child.once('close', (code) => {
        clearTimeout(timer);
        let json: Record<string, unknown> = {};
        const last = stdout.trim().split('\n').pop() ?? '';
        if (last.startsWith('{')) json = JSON.parse(last) as Record<string, unknown>;
        resolve({ code, stdout, stderr, json });
      });
    });
  }

  /** Starts `counter <args>` in the background (to kill it mid-payment). */
  start(args: string[], options: { env?: Record<string, string> } = {}): ChildProcess {
    return spawn(process.execPath, [...COUNTER, '--json', ...args], { env: this.env(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

/** The simulator, the fake Odoo and a `counter` with its own data folder and synced terminals. */
export async function startCliStack(): Promise<{ sim: CloverSimulator; odoo: FakeOdoo; cli: CounterCli; close(): Promise<void> }> {
  requireTestKeyring();
  const sim = await startCloverSimulator({ rateLimit: false, flags: { velocityLimit: false } });
  const odoo = await startFakeOdoo();
  const cli = new CounterCli(sim, { ODOO_URL: odoo.url, ODOO_API_KEY: 'test-key' });
  const synced = await cli.run(['terminals', 'sync']);
  if (synced.code !== 0) throw new Error(`terminals sync failed: ${synced.stderr}${synced.stdout}`);
  return { sim, odoo, cli, close: async () => void (await Promise.all([sim.close(), odoo.close()])) };
}
