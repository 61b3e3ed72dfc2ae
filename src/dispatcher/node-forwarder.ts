// The Node server's webhook forwarder: undici's request() over keep-alive connections.
// WHATWG fetch (and AbortSignal.timeout) cost several times more per call in Node, which
// caps webhook throughput; Workers keeps the standard fetch forwarder.
import { Agent } from 'undici';
import type { Forwarder } from './forward';

// At most this many connections per ERP origin; a burst of webhooks queues rather than
// opening hundreds of connections to one Odoo.
const CONNECTIONS_PER_ORIGIN = 32;
const TARGET_CACHE_LIMIT = 10_000;

export interface NodeForwarder extends Forwarder {
  /** Closes the kept-alive ERP connections (server shutdown). */
  close(): Promise<void>;
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
  const forward: Forwarder = async (url, { body, headers, timeoutMs }) => {
    const { origin, path } = target(url);
    const res = await agent.request({
      origin,
      path,
      method: 'POST',
      body,
      headers,
      // Time to the answer's headers, then at most this long between body chunks.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    return res.statusCode;
  };
  return Object.assign(forward, { close: () => agent.close() });
}
