// HTTP mirror of SimulatorControl under {api}/__sim/ (JSON in, JSON out), so the CLI's training
// mode and other processes can script the simulator. Loopback only; not part of Clover's API.
//   GET info · POST script {serial, action} · POST act {serial, action} (409: nothing held)
//   POST connected {serial, connected} · POST faults {kind, path | pathRegex, method?, host?, delayMs?, times?}
//   DELETE faults · POST tokens {merchantId?} · POST legacy-token {kind, merchantId?} → {token}
//   POST revoke {merchantId?} · POST apikey {merchantId?}
//   GET payments · GET requests · GET counters · GET devices/{serial} · POST clock {advanceMs} · POST reset
import { json, readJsonObject, type JsonObject, type Route, type SimResponse } from './http-io';
import type { SimContext } from './sim-context';
import type { FaultKind, FaultRule, HostRole, SimulatorControl, SimulatorUrls } from './types';

const FAULT_KINDS = new Set<FaultKind>(['status500', 'status503', 'status429', 'drop-after-complete', 'drop-before', 'slow', 'status500-after-complete']);
const HOSTS = new Set<HostRole>(['api', 'web', 'ecommerce', 'token']);

function str(body: JsonObject, name: string): string {
  const v = body[name];
  if (typeof v !== 'string') throw new Error(`${name} (string) is required`);
  return v;
}

function optStr(body: JsonObject, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

/** `path` is an exact pathname; `pathRegex` a RegExp source (JSON cannot carry a RegExp). */
export function faultFromJson(body: JsonObject): FaultRule {
  const kind = body.kind as FaultKind;
  if (!FAULT_KINDS.has(kind)) throw new Error(`kind must be one of ${[...FAULT_KINDS].join(', ')}`);
  const path = typeof body.pathRegex === 'string' ? new RegExp(body.pathRegex) : str(body, 'path');
  const host = body.host as HostRole | undefined;
  if (host !== undefined && !HOSTS.has(host)) throw new Error('host must be api, web, ecommerce or token');
  return {
    kind,
    path,
    ...(host ? { host } : {}),
    ...(typeof body.method === 'string' ? { method: body.method } : {}),
    ...(typeof body.delayMs === 'number' ? { delayMs: body.delayMs } : {}),
    ...(typeof body.times === 'number' ? { times: body.times } : {}),
  };
}

export function controlRoutes(sim: SimContext, control: SimulatorControl, urls: () => SimulatorUrls): Route[] {
  /** Runs a control call; thrown errors become 400 (409 for act without an operation). */
  const call = (fn: (body: JsonObject, params: string[]) => unknown) => (ctx: Parameters<Route['handle']>[0], params: string[]): SimResponse => {
    const body = readJsonObject(ctx, false);
    if (!body.ok) return json(400, { message: 'Malformed JSON' });
    try {
      const result = fn(body.value, params);
      return json(200, result === undefined ? { ok: true } : result);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return json(/no operation is in progress/.test(message) ? 409 : 400, { message });
    }
  };
  const R = (method: string, name: string, fn: (body: JsonObject, params: string[]) => unknown): Route => ({
    method,
    pattern: new RegExp(`^/__sim/${name}$`),
    handle: call(fn),
  });
  return [
    R('GET', 'info', () => ({ profile: sim.opts.profile, appId: sim.opts.appId, merchants: sim.opts.merchants, urls: urls() })),
    R('POST', 'script', (b) => control.script(str(b, 'serial'), b.action as never)),
    R('POST', 'act', (b) => control.act(str(b, 'serial'), b.action as never)),
    R('POST', 'connected', (b) => {
      if (typeof b.connected !== 'boolean') throw new Error('connected (boolean) is required');
      control.setConnected(str(b, 'serial'), b.connected);
    }),
    R('POST', 'faults', (b) => control.fault(faultFromJson(b))),
    R('DELETE', 'faults', () => control.clearFaults()),
    R('POST', 'tokens', (b) => control.issueTokens(optStr(b, 'merchantId'))),
    R('POST', 'legacy-token', (b) => ({ token: control.issueLegacyToken(str(b, 'kind') as never, optStr(b, 'merchantId')) })),
    R('POST', 'revoke', (b) => control.revokeTokens(optStr(b, 'merchantId'))),
    R('POST', 'apikey', (b) => ({ apiAccessKey: control.apiKey(optStr(b, 'merchantId')) })),
    R('GET', 'payments', () => ({ payments: control.payments() })),
    R('GET', 'requests', () => ({ requests: control.requests() })),
    R('GET', 'counters', () => control.counters()),
    R('GET', 'devices/([^/]+)', (_b, [serial]) => control.device(serial ?? '')),
    R('POST', 'clock', (b) => {
      if (typeof b.advanceMs !== 'number') throw new Error('advanceMs (number) is required');
      control.advanceClock(b.advanceMs);
    }),
    R('POST', 'reset', () => control.reset()),
  ];
}
