// The Node server's webhook forwarder: undici's request() over keep-alive connections.
// WHATWG fetch (and AbortSignal.timeout) cost several times more per call in Node, which
// caps webhook throughput; Workers keeps the standard fetch forwarder.
import { Agent, request } from 'undici';
import type { Forwarder } from './forward';

// At most this many connections per ERP origin; a burst of webhooks queues rather than
// opening hundreds of connections to one Odoo.
const CONNECTIONS_PER_ORIGIN = 32;

export interface NodeForwarder extends Forwarder {
  /** Closes the kept-alive ERP connections (server shutdown). */
  close(): Promise<void>;
}

export function nodeForwarder(): NodeForwarder {
  const agent = new Agent({ connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: 10_000 });
  const forward: Forwarder = async (url, { body, headers, timeoutMs }) => {
    const res = await request(url, {
      method: 'POST',
      body,
      headers,
      dispatcher: agent,
      // Time to the answer's headers, then at most this long between body chunks.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    return res.statusCode;
  };
  return Object.assign(forward, { close: () => agent.close() });
}
