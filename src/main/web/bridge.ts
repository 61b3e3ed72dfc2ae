// The loopback HTTP bridge (architecture.md, contract implementation 3): serves the built UI
// and the same till calls to a plain browser, for development and for tests where Electron
// cannot run. Bound to 127.0.0.1 and guarded by a per-run token; never for production use.
//   POST /api/call/<name>   header X-Counter-Token, JSON body  -> 200 ApiResult
//   GET  /api/events?token= Server-Sent Events (sale.updated, terminal.status, sync.status)
//   GET  /*                 files of the built renderer (out/renderer)
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { EventName } from '../../shared/contract/calls';
import type { ApiResult } from '../../shared/contract/result';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy';

export interface BridgeOptions {
  dispatch: (name: string, input: unknown) => Promise<ApiResult<unknown>>;
  subscribe: (listener: (event: EventName, payload: unknown) => void) => () => void;
  rendererDir: string;
  port?: number;
  token?: string;
}

const MAX_BODY = 64 * 1024;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2' };

export async function startBridge(options: BridgeOptions): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = normalize(options.rendererDir + sep);
  const streams = new Set<ServerResponse>();
  const unsubscribe = options.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });

  const tokenOk = (given: string | null | undefined) => {
    const a = Buffer.from(given ?? '');
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'bridge error' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // DNS rebinding guard: only our own loopback host names.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host !== '127.0.0.1' && host !== 'localhost') return json(res, 403, { ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'wrong host' } });
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return json(res, 405, { ok: false, error: { code: 'BAD_INPUT', message: 'POST only' } });
      const origin = req.headers.origin;
      if (origin && origin !== `http://${req.headers.host}`) return json(res, 403, { ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'cross-origin call refused' } });
      if (!tokenOk(req.headers['x-counter-token'] as string | undefined)) return json(res, 401, { ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'missing or wrong token' } });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return json(res, 415, { ok: false, error: { code: 'BAD_INPUT', message: 'send application/json' } });
      const body = await readBody(req);
      if (body === null) return json(res, 413, { ok: false, error: { code: 'BAD_INPUT', message: 'body too large' } });
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body) : {};
      } catch {
        return json(res, 200, { ok: false, error: { code: 'BAD_INPUT', message: 'body is not JSON' } });
      }
      return json(res, 200, await options.dispatch(decodeURIComponent(url.pathname.slice('/api/call/'.length)), input));
    }
    if (url.pathname === '/api/events') {
      if (!tokenOk(url.searchParams.get('token'))) return json(res, 401, { ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'missing or wrong token' } });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { ok: false, error: { code: 'BAD_INPUT', message: 'GET only' } });
    const file = normalize(join(root, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'not found' } });
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    async close() {
      unsubscribe();
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

/** The body, or null when it is over MAX_BODY (the rest is drained so the 413 reaches the client). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      else if (size > MAX_BODY * 16) req.destroy(); // not a client of ours: stop listening
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
