// The Node server's webhook forwarder: undici's dispatch() over keep-alive connections.
// WHATWG fetch (and AbortSignal.timeout) cost several times more per call in Node, which
// caps webhook throughput; Workers keeps the standard fetch forwarder.
import { Agent, type Dispatcher } from 'undici';
import type { Forwarder } from './forward';

// At most this many connections per ERP origin; a burst of webhooks queues rather than
// opening hundreds of connections to one Odoo.
const CONNECTIONS_PER_ORIGIN = 32;
const TARGET_CACHE_LIMIT = 10_000;

export interface NodeForwarder extends Forwarder {
  /** Closes the kept-alive ERP connections (server shutdown). */
  close(): Promise<void>;
}

/**
 * Keeps only the ERP's status: its answer is not relayed, so no response stream is built
 * (request() made one per forward just to dump it). A class, not closures, so a forward
 * allocates one small object.
 */
class StatusOnly implements Dispatcher.DispatchHandler {
  private status = 0;

  constructor(
    private readonly resolve: (status: number) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  /** Its presence marks the handler as undici's current (controller) API. */
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    this.resolve(this.status);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}

export function nodeForwarder(): NodeForwarder {
  const agent = new Agent({ connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: 10_000 });
  // Route URLs come from config, so there are few; parse each once instead of per forward.
  const targets = new Map<string, { origin: string; path: string }>();
  const target = (url: string): { origin: string; path: string } => {
    let t = targets.get(url);
    if (!t) {
      const parsed = new URL(url);
      t = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      if (targets.size >= TARGET_CACHE_LIMIT) targets.clear();
      targets.set(url, t);
    }
    return t;
  };
  const forward: Forwarder = (url, { body, headers, timeoutMs }) =>
    new Promise<number>((resolve, reject) => {
      const { origin, path } = target(url);
      // Time to the answer's headers, then at most this long between body chunks.
      agent.dispatch({ origin, path, method: 'POST', body, headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, new StatusOnly(resolve, reject));
    });
  return Object.assign(forward, { close: () => agent.close() });
}
