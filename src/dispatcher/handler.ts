// The dispatcher as one standard fetch handler: Request in, Response out. What it keeps
// between requests: the nonces of used states (until they expire), counts of verification
// challenges per source, and the log flood guard's counts. The Node server and the Workers
// entry both wrap this, each bringing its own nonce store and client source.
import { floodGuardedLogger } from '../shared/log-flood-guard';
import { lineLogger, type Logger } from '../shared/logger';
import { webCryptoHmac, type HmacSha256 } from '../shared/signed-state';
import { handleCallback } from './callback';
import { cloudflareSource, type SourceOf } from './client-source';
import type { DispatcherConfig } from './config';
import type { DispatcherContext } from './context';
import { fetchForwarder, type Forwarder } from './forward';
import { CALLBACK_PATH, handleLaunch } from './launch';
import { memoryNonceStore, type NonceStore } from './nonce-store';
import { memoryRateLimiter, type RateLimiter } from './rate-limiter';
import { jsonResponse, methodNotAllowed, textResponse } from './responses';
import { TillKeys } from './till-keys';
import { handleWebhook } from './webhook';

/**
 * What the handler reads of a request. A standard Request has all of it (Workers pass theirs);
 * the Node server passes a lighter object with the same members (node-request.ts), because
 * building a WHATWG Request per call was a fifth of its CPU.
 */
export interface DispatchRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array<ArrayBuffer>> | null;
  /** The peer's address, where the platform gives one to the handler (Node's socket). */
  readonly remoteAddress?: string | undefined;
}

export type FetchHandler = (request: DispatchRequest) => Promise<Response>;

export interface DispatcherDeps {
  /** Sends webhook forwards; the platform's fetch by default. */
  forwarder?: Forwarder;
  /** HMAC-SHA256 for signed states; WebCrypto by default. */
  hmac?: HmacSha256;
  logger?: Logger;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  /** Used states' nonces; in memory by default (the Worker passes KV). */
  nonces?: NonceStore;
  /** Verification challenges per source; in memory by default. */
  verificationLimiter?: RateLimiter;
  /** Who sent a request; CF-Connecting-IP by default (the Node server passes the socket's). */
  sourceOf?: SourceOf;
}

export const consoleLogger: Logger = lineLogger((line) => console.log(line));

/** The fetch handler, and a way to write log counts the flood guard still holds (a timer's job). */
export type Dispatcher = FetchHandler & { flushLogs(): void };

export function createDispatcher(config: DispatcherConfig, deps: DispatcherDeps = {}): Dispatcher {
  const log = floodGuardedLogger(deps.logger ?? consoleLogger);
  const now = deps.now ?? Date.now;
  const hmac = deps.hmac ?? webCryptoHmac;
  const ctx: DispatcherContext = {
    config,
    forward: deps.forwarder ?? fetchForwarder(),
    hmac,
    // Many stores share one dispatcher: a burst (or an attack) of one kind of line is counted,
    // not written line by line (the first 20 a second are).
    log,
    now,
    nonces: deps.nonces ?? memoryNonceStore(),
    tillKeys: new TillKeys(config.tillKeySecret, config.tillIds, hmac),
    verificationLimiter: deps.verificationLimiter ?? memoryRateLimiter(config.verificationLimitPerMinute, 60_000, now),
    sourceOf: deps.sourceOf ?? cloudflareSource,
  };

  const handler: FetchHandler = async (request) => {
    const url = new URL(request.url);
    const isGet = request.method === 'GET' || request.method === 'HEAD';
    try {
      switch (url.pathname) {
        case '/healthz':
          return isGet ? jsonResponse(200, { ok: true }) : methodNotAllowed('GET, HEAD');
        case CALLBACK_PATH:
          return isGet ? await handleCallback(url, ctx) : methodNotAllowed('GET, HEAD');
        case '/clover/launch':
          return isGet ? await handleLaunch(url, ctx) : methodNotAllowed('GET, HEAD');
        case '/clover/webhook':
          return await handleWebhook(request, ctx);
        default:
          return textResponse(404, 'not found');
      }
    } catch (e) {
      ctx.log.log('error', 'dispatcher error', { path: url.pathname, error: e instanceof Error ? e.message : String(e) });
      return textResponse(500, 'internal error');
    }
  };
  return Object.assign(handler, { flushLogs: () => log.flush() });
}
