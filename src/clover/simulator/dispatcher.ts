// One request's way through a listener: log, faults, rate limit, route, write. Route handlers
// only return values, so a fault can delay, replace or swallow their answer after the fact.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, json, matchRoute, sleep, type RequestCtx, type Route, type SimResponse } from './http-io';
import type { SimContext } from './sim-context';
import type { HostRole, SimRequestLogEntry } from './types';

const MAX_BODY = 1024 * 1024;
const NOT_FOUND = json(404, { message: 'Not Found' });
const TOO_MANY = json(429, { message: 'Too Many Requests' }, { 'retry-after': '1' });

export interface Listener {
  role: HostRole;
  routes: Route[];
  /** Control API routes, exempt from logging, faults and rate limits. */
  controlRoutes?: Route[];
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
    req.on('close', () => resolve(undefined)); // client gone mid-body; a no-op after 'end'
  });
}

function write(res: ServerResponse, response: SimResponse): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.html !== undefined) {
    headers['content-type'] = 'text/html; charset=utf-8';
    payload = response.html;
  } else if (response.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(response.body);
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

function drop(req: IncomingMessage, entry: SimRequestLogEntry | undefined): void {
  if (entry) entry.status = 'dropped';
  req.socket.destroy();
}

export function createRequestHandler(sim: SimContext, listener: Listener) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(sim, listener, req, res).catch((err: unknown) => {
      // Never crash on bad input: whatever went wrong becomes a 500.
      console.error('clover-sim: internal error', err instanceof Error ? err.message : err);
      write(res, json(500, { message: 'Internal simulator error' }));
    });
  };
}

async function handle(sim: SimContext, listener: Listener, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://simulator.invalid');
  } catch {
    return write(res, json(400, { message: 'Bad request line' }));
  }
  const abort = new AbortController();
  const ctx: RequestCtx = { role: listener.role, method, path: url.pathname, query: url.searchParams, headers: req.headers, rawBody: '', signal: abort.signal };

  const isControl = listener.controlRoutes !== undefined && ctx.path.startsWith('/__sim/');
  const entry = isControl ? undefined : sim.log.start(sim.now(), method, listener.role, ctx.path, req.headers);
  if (entry) sim.counters.requests++;
  res.on('close', () => {
    if (!res.writableFinished) {
      abort.abort();
      if (entry && entry.status === null) entry.status = 'aborted';
    }
  });
  const send = (response: SimResponse): void => {
    if (entry && entry.status === null) entry.status = response.status;
    write(res, response);
  };

  const raw = await readBody(req);
  if (raw === undefined) return send(json(413, { message: 'Payload Too Large' }));
  ctx.rawBody = raw;

  if (isControl) return send((await matchRoute(listener.controlRoutes ?? [], ctx)) ?? NOT_FOUND);

  const fault = sim.faults.take(listener.role, method, ctx.path);
  if (fault) {
    sim.counters.faultsInjected++;
    if (entry) entry.fault = fault.kind;
    if (fault.kind === 'drop-before') return drop(req, entry);
    if (fault.kind === 'status500') return send(json(500, { message: 'Internal Server Error' }));
    if (fault.kind === 'status503') return send(json(503, { message: 'Service Unavailable' }));
    if (fault.kind === 'status429') return send(TOO_MANY);
  }

  const token = listener.role === 'api' ? bearerToken(ctx) : undefined;
  const release = token ? sim.limiter.acquire(token) : () => {};
  if (!release) {
    sim.counters.rateLimited++;
    return send(TOO_MANY);
  }
  try {
    const response = (await matchRoute(listener.routes, ctx)) ?? NOT_FOUND;
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    if (fault?.kind === 'drop-after-complete') return drop(req, entry);
    if (fault?.kind === 'status500-after-complete') return send(json(500, { message: 'Internal Server Error' }));
    send(response);
  } finally {
    release();
  }
}
