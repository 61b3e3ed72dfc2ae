// One webhook forward: the body exactly as Clover sent it (the ERP checks it against
// X-Clover-Auth-Code), bounded in time, never following redirects. A Forwarder is the only
// upstream effect; the default uses the platform's fetch (Workers), the Node server plugs in
// a faster one (node-forwarder.ts).

export interface ForwardRequest {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** Resolves with the upstream status once its answer is fully read; rejects on network error or timeout. */
export type Forwarder = (url: string, request: ForwardRequest) => Promise<number>;

export interface ForwardResult {
  ok: boolean;
  status?: number;
  error?: 'timeout' | 'network' | 'redirect';
  ms: number;
}

/** Request headers worth passing on; everything else (Host, cookies, hop-by-hop) stays here. */
export const FORWARDED_HEADERS = ['content-type', 'x-clover-auth-code', 'user-agent'] as const;

export function fetchForwarder(fetchFn: typeof fetch = (input, init) => fetch(input, init)): Forwarder {
  return async (url, { body, headers, timeoutMs }) => {
    const res = await fetchFn(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    // Drain so the connection can be reused; the ERP's answer itself is not relayed.
    await res.arrayBuffer();
    return res.status;
  };
}

export async function forwardWebhook(
  forwarder: Forwarder,
  url: string,
  body: Uint8Array<ArrayBuffer>,
  incoming: { get(name: string): string | null },
  timeoutMs: number,
  now: () => number,
): Promise<ForwardResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers[name] = value;
  }
  const started = now();
  try {
    const status = await forwarder(url, { body, headers, timeoutMs });
    if (status >= 300 && status < 400) return { ok: false, status, error: 'redirect', ms: now() - started };
    return { ok: status >= 200 && status < 300, status, ms: now() - started };
  } catch (e) {
    // fetch: TimeoutError/AbortError; undici: HeadersTimeoutError/BodyTimeoutError.
    const timedOut = e instanceof Error && /Timeout|Abort/.test(e.name);
    return { ok: false, error: timedOut ? 'timeout' : 'network', ms: now() - started };
  }
}

/** Runs `tasks` with at most `limit` in flight, keeping results in order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
