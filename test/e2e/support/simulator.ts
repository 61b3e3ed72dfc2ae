// The Clover simulator's HTTP control API (src/clover/simulator/control-routes.ts): the
// simulated customer's next move, faults, and what the simulator really charged.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
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
  async payments(): Promise<SimPaymentView[]> {
    return (await this.call<{ payments: SimPaymentView[] }>('GET', 'payments')).payments;
  }
  device(serial: string): Promise<SimDeviceState> {
    return this.call('GET', `devices/${serial}`);
  }
}

/** A simulator in its own process, so it outlives a bridge restart (`npm run clover-sim`). */
export function startExternalSimulator(): Promise<{ urls: SimUrls; stop(): Promise<void> }> {
  const proc: ChildProcess = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['src/clover/simulator/cli.ts', '--port', '0', '--profile', 'training'], {
    cwd: process.cwd(),
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: tsx and its node child stop together
  });
  const output: string[] = [];
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      // gone already
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const stop = () =>
    new Promise<void>((resolve) => {
      process.off('exit', onExit);
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const killer = setTimeout(() => killGroup('SIGKILL'), 10_000);
      proc.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      killGroup('SIGTERM');
    });
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
