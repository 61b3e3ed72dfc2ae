// Request/response plumbing shared by every route file: handlers return a SimResponse value
// instead of writing to the socket, so the dispatcher can log it, delay it or drop it (faults).
import type { IncomingHttpHeaders } from 'node:http';
import type { HostRole } from './types';

export interface SimResponse {
  status: number;
  body?: unknown; // JSON-encoded unless `html` is set
  html?: string;
  headers?: Record<string, string>;
}

export interface RequestCtx {
  role: HostRole;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Aborts when the client goes away before the response is written. */
  signal: AbortSignal;
}

export type JsonObject = Record<string, unknown>;

export interface Route {
  method: string;
  pattern: RegExp;
  handle(ctx: RequestCtx, params: string[]): SimResponse | Promise<SimResponse>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return headers ? { status, body, headers } : { status, body };
}

export function header(ctx: RequestCtx, name: string): string | undefined {
  const value = ctx.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function bearerToken(ctx: RequestCtx): string | undefined {
  const auth = header(ctx, 'authorization');
  const match = auth ? /^bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return match?.[1];
}

export function isJsonContentType(ctx: RequestCtx): boolean {
  const type = header(ctx, 'content-type') ?? '';
  return /^application\/json\s*(;|$)/i.test(type.trim());
}

export type BodyResult = { ok: true; value: JsonObject } | { ok: false; reason: 'content-type' | 'malformed' };

/**
 * Parses a JSON object body. An empty body is `{}` whatever the content type (pings carry none);
 * a non-empty body must be declared application/json (else 415) and be a JSON object.
 */
export function readJsonObject(ctx: RequestCtx, requireContentType = true): BodyResult {
  if (ctx.rawBody.trim() === '') return { ok: true, value: {} };
  if (requireContentType && !isJsonContentType(ctx)) return { ok: false, reason: 'content-type' };
  try {
    const value: unknown = JSON.parse(ctx.rawBody);
    if (!isObject(value)) return { ok: false, reason: 'malformed' };
    return { ok: true, value };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Clover amounts: whole cents within [min, max]. */
export function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

/** Finds the route for the request: undefined when no path matches, 405 when only the method is wrong. */
export function matchRoute(routes: Route[], ctx: RequestCtx): Promise<SimResponse> | SimResponse | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.pattern.exec(ctx.path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== ctx.method) continue;
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p ?? ''));
    } catch {
      return json(400, { message: 'Malformed path' });
    }
    return route.handle(ctx, params);
  }
  return pathMatched ? json(405, { message: 'Method Not Allowed' }) : undefined;
}

/** Stable text of a JSON value with sorted keys: the idempotency fingerprint of a body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
