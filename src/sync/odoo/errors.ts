// Typed Odoo errors and their classification (odoo-erp.md §11). The message is safe to show:
// it never holds the API key or Odoo's `debug` traceback (kept apart, for the local log only).
import type { OutboxErrorClass } from '../../shared/domain';
import { redact } from '../../shared/redact';

export type OdooFailureKind = 'http' | 'network' | 'timeout' | 'protocol' | 'config';

export interface OdooErrorInit {
  kind: OdooFailureKind;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  message: string;
  errorClass: OdooErrorClass;
  odooName?: string | null;
  retryAfterMs?: number | null;
  /** A 500 that is not a concurrency conflict: retried a few times, then parked. */
  serverError?: boolean;
  debug?: string | null;
  model?: string;
  method?: string;
}

export type OdooErrorClass = OutboxErrorClass;

export class OdooError extends Error {
  override readonly name = 'OdooError';
  readonly kind: OdooFailureKind;
  readonly status: number;
  readonly errorClass: OdooErrorClass;
  readonly odooName: string | null;
  readonly retryAfterMs: number | null;
  readonly serverError: boolean;
  readonly model: string | null;
  readonly method: string | null;
  /** Odoo's traceback: for the local log only, never for a cashier. Not enumerable. */
  declare readonly debug: string | null;

  constructor(init: OdooErrorInit) {
    super(redact(init.message));
    this.kind = init.kind;
    this.status = init.status;
    this.errorClass = init.errorClass;
    this.odooName = init.odooName ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.serverError = init.serverError ?? false;
    this.model = init.model ?? null;
    this.method = init.method ?? null;
    Object.defineProperty(this, 'debug', { value: init.debug ?? null, enumerable: false });
  }
}

const CONCURRENCY = /serializ|concurren|could not obtain lock|deadlock|lock not available/i;
const DUPLICATE = /duplicate key|unique constraint|already exists|must be unique/i;

/** The class of an HTTP failure from Odoo. */
export function classifyStatus(status: number, name: string | null, message: string): { errorClass: OdooErrorClass; serverError: boolean } {
  if (status === 401 || status === 403 || status === 404 || status === 405 || status === 415) return { errorClass: 'stop', serverError: false };
  if (status === 409 || status === 429 || status === 502 || status === 503 || status === 504) return { errorClass: 'retryable', serverError: false };
  if (status === 422 || status === 400) {
    return { errorClass: DUPLICATE.test(message) ? 'duplicate' : 'permanent', serverError: false };
  }
  if (status >= 500) {
    if (CONCURRENCY.test(`${name ?? ''} ${message}`)) return { errorClass: 'retryable', serverError: false };
    if (DUPLICATE.test(message)) return { errorClass: 'duplicate', serverError: false };
    return { errorClass: 'retryable', serverError: true };
  }
  return { errorClass: 'permanent', serverError: false };
}

/** What a person should read when the queue stops on this status. */
export function stopReason(err: OdooError): string {
  switch (err.status) {
    case 401:
      return 'Odoo rejected the API key (401): it expired or was revoked. Store a new key; syncing resumes by itself.';
    case 403:
      return "Odoo refused access (403): the counter's Odoo user lacks rights, or the database setting is wrong.";
    case 404:
      return `Odoo does not offer ${err.model ?? '?'}/${err.method ?? '?'} (404): wrong server, database or version, or a missing module.`;
    case 405:
    case 415:
      return `Odoo refused the request format (${err.status}): this app and the Odoo server do not match.`;
    default:
      return err.message;
  }
}

/** Parses Retry-After (seconds or an HTTP date) into ms. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
