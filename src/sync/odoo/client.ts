// Odoo 19 JSON-2 client: POST /json/2/<model>/<method> with a bearer API key read from the
// SecretStore, keyword arguments only, no cookies, a deadline on every call, and typed errors
// (odoo-erp.md §2-§4). One call is one Odoo transaction (§5); callers make writes idempotent.
import { Agent, request } from 'undici';
import type { SecretStore } from '../../shared/secret-store';
import { classifyStatus, OdooError, parseRetryAfter } from './errors';

export interface OdooClientOptions {
  url: string;
  /** Sent as X-Odoo-Database when the server hosts several databases. */
  database?: string | null;
  secrets: SecretStore;
  /** Name of the API key in the SecretStore. */
  apiKeyName?: string;
  timeoutMs?: number;
  userAgent?: string;
  /** Keep-alive connections to Odoo (match the worker's concurrency). */
  connections?: number;
  /** Merged into every call's context, e.g. {lang, allowed_company_ids}. */
  context?: Record<string, unknown>;
}

export interface CallOptions {
  /** A write: a timeout or dropped connection leaves its outcome unknown ("ambiguous"). */
  write?: boolean;
  timeoutMs?: number;
}

export const DEFAULT_API_KEY_NAME = 'odoo.apiKey';

export function createOdooClient(options: OdooClientOptions) {
  const base = options.url.replace(/\/+$/, '');
  const keyName = options.apiKeyName ?? DEFAULT_API_KEY_NAME;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const agent = new Agent({ connections: options.connections ?? 16, keepAliveTimeout: 30_000, pipelining: 1 });
  let cachedKey: string | null = null;
  let rejectedKey: string | null = null;

  async function apiKey(): Promise<string> {
    if (cachedKey) return cachedKey;
    const key = await options.secrets.get(keyName);
    if (!key) {
      // Reported like a 401 so the queue waits for a key and resumes by itself once one is stored.
      throw new OdooError({ kind: 'config', status: 401, errorClass: 'stop', message: 'No Odoo API key is stored for the counter. Store one to start syncing.' });
    }
    cachedKey = key;
    return key;
  }

  function headers(key: string | null): Record<string, string> {
    const h: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': options.userAgent ?? 'CloverCounter/0.1',
    };
    if (key) h.authorization = `bearer ${key}`;
    if (options.database) h['x-odoo-database'] = options.database;
    return h;
  }

  async function send(method: 'GET' | 'POST', path: string, body: string | undefined, key: string | null, call: { model?: string; method?: string; write: boolean; timeoutMs: number }) {
    const signal = AbortSignal.timeout(call.timeoutMs); // the whole call, headers and body
    try {
      const res = await request(`${base}${path}`, { method, headers: headers(key), body, signal, dispatcher: agent });
      const text = await res.body.text();
      return { status: res.statusCode, text, retryAfter: res.headers['retry-after'] };
    } catch (err) {
      throw transportError(err, signal.aborted, call);
    }
  }

  return {
    baseUrl: base,

    /** Calls `model.method` with keyword arguments; resolves to Odoo's JSON result. */
    async call<T = unknown>(model: string, method: string, kwargs: Record<string, unknown> = {}, callOptions: CallOptions = {}): Promise<T> {
      if (!/^[a-z0-9_.]+$/.test(model) || !/^[a-zA-Z0-9_]+$/.test(method) || method.startsWith('_')) {
        throw new OdooError({ kind: 'protocol', status: 0, errorClass: 'permanent', message: `not a public Odoo method: ${model}/${method}`, model, method });
      }
      const key = await apiKey();
      const body = { ...kwargs };
      if (options.context) body.context = { ...options.context, ...(kwargs.context as Record<string, unknown> | undefined) };
      const call = { model, method, write: callOptions.write ?? false, timeoutMs: callOptions.timeoutMs ?? timeoutMs };
      const res = await send('POST', `/json/2/${model}/${method}`, JSON.stringify(body), key, call);
      if (res.status === 200) {
        try {
          return JSON.parse(res.text) as T;
        } catch {
          // Committed or not, we cannot tell: the body is unreadable.
          throw new OdooError({ kind: 'protocol', status: 200, errorClass: call.write ? 'ambiguous' : 'retryable', message: 'Odoo sent an unreadable answer', model, method });
        }
      }
      if (res.status === 401) {
        rejectedKey = key;
        cachedKey = null; // read the store again next time: someone may have set a new key
      }
      throw httpError(res.status, res.text, parseRetryAfter(res.retryAfter, Date.now()), model, method);
    },

    /** Connectivity probe without a key: GET /web/version. */
    async version(): Promise<{ version: string; versionInfo: unknown[] }> {
      const res = await send('GET', '/web/version', undefined, null, { write: false, timeoutMs });
      if (res.status !== 200) throw httpError(res.status, res.text, null, 'web', 'version');
      const parsed = JSON.parse(res.text) as { version?: string; version_info?: unknown[] };
      return { version: String(parsed.version ?? ''), versionInfo: parsed.version_info ?? [] };
    },

    /** After a 401: is a different key stored now? (The worker resumes by itself when it is.) */
    async credentialsChanged(): Promise<boolean> {
      const stored = await options.secrets.get(keyName);
      if (!stored) return false;
      if (rejectedKey === null || stored !== rejectedKey) {
        cachedKey = stored;
        return true;
      }
      return false;
    },

    async close(): Promise<void> {
      await agent.close();
    },
  };
}

export type OdooClient = ReturnType<typeof createOdooClient>;

/** Both error shapes of odoo-erp.md §3: {name, message, arguments, debug} or a bare JSON string. */
export function parseErrorBody(text: string): { name: string | null; message: string | null; debug: string | null } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return { name: null, message: parsed, debug: null };
    if (parsed && typeof parsed === 'object') {
      const o = parsed as { name?: unknown; message?: unknown; arguments?: unknown; debug?: unknown };
      const fromArgs = Array.isArray(o.arguments) && typeof o.arguments[0] === 'string' ? o.arguments[0] : null;
      return {
        name: typeof o.name === 'string' ? o.name : null,
        message: typeof o.message === 'string' ? o.message : fromArgs,
        debug: typeof o.debug === 'string' ? o.debug : null,
      };
    }
  } catch {
    /* not JSON: a proxy's HTML page, say */
  }
  return { name: null, message: null, debug: null };
}

function httpError(status: number, text: string, retryAfterMs: number | null, model: string, method: string): OdooError {
  const body = parseErrorBody(text);
  const shortName = body.name ? body.name.split('.').pop() : null;
  const detail = (body.message ?? '').trim().slice(0, 300);
  const message = `Odoo answered ${status}${shortName ? ` ${shortName}` : ''} to ${model}/${method}${detail ? `: ${detail}` : ''}`;
  const { errorClass, serverError } = classifyStatus(status, body.name, detail);
  return new OdooError({ kind: 'http', status, message, errorClass, serverError, odooName: body.name, retryAfterMs, debug: body.debug, model, method });
}

function transportError(err: unknown, timedOut: boolean, call: { model?: string; method?: string; write: boolean }): OdooError {
  const code = (err as { code?: string } | null)?.code ?? '';
  const where = call.model ? ` (${call.model}/${call.method})` : '';
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new OdooError({ kind: 'timeout', status: 0, errorClass: call.write ? 'ambiguous' : 'retryable', message: `Odoo did not answer in time${where}`, model: call.model, method: call.method });
  }
  // Refused or unresolvable: the request never left. Anything else may have reached Odoo.
  const neverSent = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT/.test(code);
  return new OdooError({
    kind: 'network',
    status: 0,
    errorClass: call.write && !neverSent ? 'ambiguous' : 'retryable',
    message: `Cannot reach Odoo${where}: ${code || 'connection failed'}`,
    model: call.model,
    method: call.method,
  });
}
