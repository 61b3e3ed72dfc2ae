// Runs the web bridge (`npm run web`) as a child process, the way a developer does, and reads
// the two lines it prints: the UI address (with its token) and the simulator's addresses.
import type { ChildProcess } from 'node:child_process';
import { spawnTsxGroup } from './process-group';

export interface SimUrls {
  api: string;
  web: string;
  ecommerce: string;
  token: string;
}

export interface Bridge {
  uiUrl: string;
  sim: SimUrls | null;
  proc: ChildProcess;
  /** Everything the bridge printed, for failure reports. */
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface BridgeOptions {
  dataDir: string;
  odooUrl: string;
  odooKey: string;
  /** Extra environment, e.g. CLOVER_API_URL=... to use a simulator that outlives the bridge. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

const UI_LINE = /Counter UI: (\S+)/;
const SIM_LINE = /Clover simulator: api=(\S+) web=(\S+) ecommerce=(\S+) token=(\S+)/;

export function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COUNTER_DATA_DIR: opts.dataDir,
    CLOVER_ENV: 'simulator',
    ODOO_URL: opts.odooUrl,
    ODOO_API_KEY: opts.odooKey,
    PORT: '0',
    ...opts.env,
  };
  const { proc, stop } = spawnTsxGroup('src/main/web/bridge-server.ts', [], env);
  const output: string[] = [];
  let uiUrl: string | null = null;
  let sim: SimUrls | null = null;

  return new Promise<Bridge>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`the bridge did not print "Counter UI: <url>" within ${opts.startTimeoutMs ?? 90_000} ms. Output:\n${output.join('\n')}`));
    }, opts.startTimeoutMs ?? 90_000);
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        const ui = UI_LINE.exec(line);
        if (ui) uiUrl = ui[1]!;
        const s = SIM_LINE.exec(line);
        if (s) sim = { api: s[1]!, web: s[2]!, ecommerce: s[3]!, token: s[4]! };
      }
      // The simulator line comes first when there is one; an external simulator prints none.
      if (uiUrl && (sim || opts.env?.CLOVER_API_URL)) {
        clearTimeout(timer);
        resolve({ uiUrl, sim, proc, output, stop });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean).map((l) => `[stderr] ${l}`)));
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the bridge exited (code ${code}, signal ${signal}) before it was ready. Output:\n${output.join('\n')}`));
    });
  });
}
