// The Clover simulator's HTTP control API (src/clover/simulator/control-routes.ts): the
// simulated customer's next move, faults, and what the simulator really charged.
import { spawnTsxGroup } from './process-group';
import type { CustomerAction, FaultKind, SimDeviceState, SimPaymentView } from '../../../src/clover/simulator/types';
import type { SimUrls } from './bridge';

export const TERMINAL_1 = 'C0SIM0000001';
export const TERMINAL_2 = 'C0SIM0000002';

export interface FaultJson {
  kind: FaultKind;
  path?: string;
  pathRegex?: string;
  method?: string;
  host?: 'api' | 'web' | 'ecommerce' | 'token';
  delayMs?: number;
  times?: number;
}

export class SimControl {
  constructor(readonly api: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.api}/__sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator ${method} /__sim/${path} -> ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The customer's move for the NEXT payment on that terminal. */
  script(serial: string, action: CustomerAction): Promise<unknown> {
    return this.call('POST', 'script', { serial, action });
  }
  act(serial: string, action: CustomerAction): Promise<unknown> {
    return this.call('POST', 'act', { serial, action });
  }
  fault(rule: FaultJson): Promise<unknown> {
    return this.call('POST', 'faults', rule);
  }
  clearFaults(): Promise<unknown> {
    return this.call('DELETE', 'faults');
  }
  setConnected(serial: string, connected: boolean): Promise<unknown> {
    return this.call('POST', 'connected', { serial, connected });
  }
  /** A merchant API token or Ecommerce private key the simulator accepts, as the dashboard gives one. */
  async legacyToken(kind: 'merchant-token' | 'ecommerce-key', merchantId?: string): Promise<string> {
    return (await this.call<{ token: string }>('POST', 'legacy-token', { kind, ...(merchantId ? { merchantId } : {}) })).token;
  }
  async payments(): Promise<SimPaymentView[]> {
    return (await this.call<{ payments: SimPaymentView[] }>('GET', 'payments')).payments;
  }
  device(serial: string): Promise<SimDeviceState> {
    return this.call('GET', `devices/${serial}`);
  }
}

/** A simulator in its own process, so it outlives a bridge restart (`npm run clover-sim`). */
export function startExternalSimulator(): Promise<{ urls: SimUrls; stop(): Promise<void> }> {
  const { proc, stop: stopGroup } = spawnTsxGroup('src/clover/simulator/cli.ts', ['--port', '0', '--profile', 'training']);
  const output: string[] = [];
  const stop = () => stopGroup('SIGTERM');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start:\n${output.join('\n')}`)), 60_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      const m = /Clover simulator: api=(\S+) web=(\S+) ecommerce=(\S+) token=(\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ urls: { api: m[1]!, web: m[2]!, ecommerce: m[3]!, token: m[4]! }, stop });
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  });
}
