// One HTTP exchange with Clover over undici: a hard client deadline, a User-Agent on every
// call, the JSON body parsed once, and one redacted log line with no headers and no bodies
// (bodies may hold card numbers, headers hold tokens). Never throws for HTTP or network
// failures: callers classify the outcome.
import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from '../../shared/logger';
import type { CloverHosts, HostRole } from '../hosts';
import { CloverConfigError } from '../errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface HttpRequest {
  role: HostRole;
  method: HttpMethod;
  /** Path below the role's base, starting with `/`; ids already URL-encoded. */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Whole-exchange deadline (connect + headers + body). */
  deadlineMs: number;
}

export type HttpOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; text: string; json: unknown }
  | { kind: 'transport-error'; cause: 'timeout' | 'network'; errorCode: string };

export interface Transport {
  send(req: HttpRequest): Promise<HttpOutcome>;
  close(): Promise<void>;
}

export interface TransportOptions {
  hosts: CloverHosts;
  userAgent: string;
  logger: Logger;
  /** Injected for tests; by default the transport owns (and closes) its own Agent. */
  dispatcher?: Dispatcher;
}

export function createTransport(options: TransportOptions): Transport {
  const owned = options.dispatcher ? null : new Agent({ keepAliveTimeout: 4_000, connections: 16 });
  const dispatcher = options.dispatcher ?? (owned as Agent);
  const { logger } = options;

  async function send(req: HttpRequest): Promise<HttpOutcome> {
    const url = buildUrl(options.hosts, req);
    const started = Date.now();
    const signal = AbortSignal.timeout(req.deadlineMs);
    const hasBody = req.body !== undefined;
    const headers: Record<string, string> = {
      'user-agent': options.userAgent,
      accept: 'application/json',
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...lowerKeys(req.headers ?? {}),
    };
    const fields = { role: req.role, method: req.method, path: req.path };
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body: hasBody ? JSON.stringify(req.body) : undefined,
        signal,
        dispatcher,
        // The abort signal is the deadline; undici's own timers must never fire first.
        headersTimeout: req.deadlineMs + 1_000,
        bodyTimeout: req.deadlineMs + 1_000,
      });
      const text = await res.body.text();
      const outcome: HttpOutcome = {
        kind: 'response',
        status: res.statusCode,
        headers: flattenHeaders(res.headers),
        text,
        json: parseJson(text),
      };
      logger.log(res.statusCode >= 500 ? 'warn' : 'debug', 'clover http', { ...fields, status: res.statusCode, ms: Date.now() - started });
      return outcome;
    } catch (err) {
      const cause = signal.aborted ? 'timeout' : 'network';
      const errorCode = errorCodeOf(err);
      logger.log('warn', 'clover http failed', { ...fields, cause, errorCode, ms: Date.now() - started });
      return { kind: 'transport-error', cause, errorCode };
    }
  }

  return {
    send,
    async close() {
      await owned?.close();
    },
  };
}

function buildUrl(hosts: CloverHosts, req: HttpRequest): string {
  const base = hosts[req.role];
  if (!base) throw new CloverConfigError(`no Clover ${req.role} host in this environment/region`);
  const url = new URL(base + req.path);
  for (const [key, value] of Object.entries(req.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
  }
  return url.toString();
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A short machine code only (e.g. UND_ERR_SOCKET, ECONNREFUSED); messages may quote URLs. */
function errorCodeOf(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown } };
    if (typeof e.code === 'string') return e.code;
    if (e.cause && typeof e.cause.code === 'string') return e.cause.code;
    if (typeof e.name === 'string') return e.name;
  }
  return 'UNKNOWN';
}
