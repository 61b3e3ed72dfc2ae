// The thin Node server around the fetch handler (`npm run dispatcher`): translates
// node:http to Fetch API Request/Response and back, nothing more. Config comes from the
// environment and is checked before the port is opened; a bad one exits 1 with the reason.
import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { nodeSource } from './client-source';
import { ConfigError, parseConfig, type DispatcherConfig, type DispatcherEnv } from './config';
import { createDispatcher, type DispatcherDeps, type FetchHandler } from './handler';
import { nodeForwarder } from './node-forwarder';
import { nodeHmac } from './node-hmac';
import { toDispatchRequest } from './node-request';
import { tillKeyCommand } from './node-till-key';
import { knownBodyText } from './responses';

export interface StartOptions {
  env?: DispatcherEnv;
  /** Overrides env PORT; 0 = any free port. */
  port?: number;
  /** Overrides env HOST (default 127.0.0.1; set 0.0.0.0 behind a proxy). */
  host?: string;
  deps?: DispatcherDeps;
}

export interface RunningDispatcher {
  url: string;
  close(): Promise<void>;
}

/** After refusing a body mid-upload, keep discarding it this long so the client can read the answer. */
const LINGER_MS = 1000;
/** Response bodies up to this size are written together with the head in one write. */
const SMALL_BODY_BYTES = 16 * 1024;

export async function startDispatcherServer(options: StartOptions = {}): Promise<RunningDispatcher> {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const port = options.port ?? parsePort(env.PORT, problems);
  let config: DispatcherConfig | undefined;
  try {
    config = parseConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0 || !config) throw new ConfigError(problems);

  const forwarder = nodeForwarder();
  // Used nonces stay in this process's memory (the handler's default): one Node server is one
  // dispatcher. Run one process per deployment, or a replay could pick the other one.
  const handler = createDispatcher(config, { forwarder, hmac: nodeHmac, sourceOf: nodeSource(config.trustForwardedFor), ...options.deps });
  // Counts of log lines held back by the flood guard are written within a second, also when the
  // flood simply stops.
  const flushLogs = setInterval(() => handler.flushLogs(), 1000);
  flushLogs.unref();
  const host = options.host ?? (typeof env.HOST === 'string' && env.HOST ? env.HOST : '127.0.0.1');
  const server = createServer((req, res) => void handle(handler, req, res, false));
  // Answer `Expect: 100-continue` ourselves, so an oversized upload is refused before it starts.
  server.on('checkContinue', (req, res) => void handle(handler, req, res, true));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (e) {
    clearInterval(flushLogs);
    await forwarder.close();
    throw e;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      clearInterval(flushLogs);
      handler.flushLogs();
      await forwarder.close();
    },
  };
}

async function handle(handler: FetchHandler, req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
  let response: Response;
  try {
    response = await handler(toDispatchRequest(req, res, expectsContinue));
  } catch {
    response = new Response('bad request\n', { status: 400 });
  }
  if (!req.complete) lingerAfter(req, res);
  try {
    const head = req.method === 'HEAD';
    const text = head ? undefined : knownBodyText(response);
    if (text !== undefined) {
      res.writeHead(response.status, responseHeaders(response, Buffer.byteLength(text)));
      res.end(text);
      return;
    }
    const body = response.body && !head ? await readAll(response.body) : undefined;
    res.writeHead(response.status, responseHeaders(response, head ? undefined : (body?.length ?? 0)));
    // A small body goes out as a latin1 string (byte for byte the same): Node then sends the
    // head and body in one write instead of corking a buffer list into a writev.
    if (body && body.length <= SMALL_BODY_BYTES) res.end(body.toString('latin1'), 'latin1');
    else res.end(body);
  } catch {
    req.socket.destroy();
  }
}

/**
 * The handler answered without reading the whole body (413, 404, ...): close the connection
 * instead of reading the rest. Node would destroy the socket the moment the answer is
 * flushed, and a reset makes a client that is still sending lose the answer; so half-close,
 * discard what is already on its way for a moment (a lingering close, as nginx does), hang up.
 */
function lingerAfter(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close');
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    req.resume();
    socket.once('end', () => socket.destroy());
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}

/** Reads a response body straight from its stream (cheaper than Response#arrayBuffer for one chunk). */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  if (chunks.length === 1) return Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength);
  return Buffer.concat(chunks, total);
}

function responseHeaders(response: Response, length: number | undefined): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (length !== undefined) headers['content-length'] = String(length);
  return headers;
}

function parsePort(value: unknown, problems: string[]): number {
  if (value === undefined || value === '') return 8787;
  const port = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push('PORT must be an integer from 0 to 65535 (0 = any free port)');
    return 0;
  }
  return port;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'till-key') {
    const result = await tillKeyCommand(process.argv.slice(3), process.env);
    if (result.ok) console.log(result.line);
    else console.error(result.error);
    process.exit(result.ok ? 0 : 2);
  }
  try {
    const running = await startDispatcherServer();
    console.log(`Dispatcher listening on ${running.url}`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void running.close().then(() => process.exit(0)));
    }
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : `dispatcher failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();
