// What the simulator received, for assertions like "the app sent X-Clover-Timeout" or "no second
// payment request went out". Never holds bearer tokens, API keys, bodies or query strings.
import type { IncomingHttpHeaders } from 'node:http';
import type { HostRole, SimRequestLogEntry } from './types';

const MAX_ENTRIES = 10_000;

function first(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class RequestLog {
  private entries: SimRequestLogEntry[] = [];
  private seq = 0;

  start(time: number, method: string, host: HostRole, path: string, headers: IncomingHttpHeaders): SimRequestLogEntry {
    const pick = (name: string): Record<string, string> => {
      const v = first(headers, name);
      return v === undefined ? {} : { [camel(name)]: v.slice(0, 200) };
    };
    const entry: SimRequestLogEntry = {
      seq: ++this.seq,
      time,
      method,
      host,
      path,
      headers: {
        ...pick('x-clover-device-id'),
        ...pick('x-pos-id'),
        ...pick('idempotency-key'),
        ...pick('x-clover-timeout'),
        ...pick('user-agent'),
        bearer: /^bearer\s/i.test(first(headers, 'authorization') ?? ''),
        apikey: first(headers, 'apikey') !== undefined,
      },
      status: null,
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    return entry;
  }

  list(): SimRequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, headers: { ...e.headers } }));
  }

  clear(): void {
    this.entries = [];
  }
}

const CAMEL: Record<string, string> = {
  'x-clover-device-id': 'deviceId',
  'x-pos-id': 'posId',
  'idempotency-key': 'idempotencyKey',
  'x-clover-timeout': 'cloverTimeout',
  'user-agent': 'userAgent',
};

function camel(name: string): string {
  return CAMEL[name] ?? name;
}
