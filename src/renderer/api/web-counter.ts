// The browser twin of the Electron preload (Actual Budget's pattern): the same CounterApi,
// built with buildCounterApi over HTTP to the loopback bridge. Calls never throw to
// components: every failure becomes an ApiResult error.
import type { CallName, EventName } from '../../shared/contract/calls';
import { buildCounterApi, EVENT_NAMES, type CounterApi } from '../../shared/contract/counter-api';
import type { ApiResult } from '../../shared/contract/result';

/** Calls that wait for a customer or a device: the till keeps its own (shorter) deadlines. */
const SLOW_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'sales.start', 'sales.keyed', 'refunds.create', 'refunds.void', 'refunds.credit', 'recovery.resolve', 'terminals.sync', 'receipts.print',
]);
const SLOW_DEADLINE_MS = 330_000; // longest X-Clover-Timeout (300 s) + margin
const DEADLINE_MS = 60_000;

export type ConnectionListener = (connected: boolean) => void;

export interface WebCounter {
  api: CounterApi;
  /** Live state of the event stream; reconnects are automatic (EventSource). */
  onConnection(listener: ConnectionListener): () => void;
}

function failure(code: 'INTERNAL' | 'UNTRUSTED_SENDER', message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

function isApiResult(body: unknown): body is ApiResult<unknown> {
  if (!body || typeof body !== 'object') return false;
  const b = body as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (b.ok === true) return 'value' in b;
  return b.ok === false && typeof b.error?.code === 'string' && typeof b.error.message === 'string';
}

export function createInvoke(token: string | null, base = '') {
  return async (name: CallName, input: unknown): Promise<ApiResult<unknown>> => {
    // Serialised before the first await: the caller may wipe `input` (a keyed card) right after.
    const body = JSON.stringify(input ?? {});
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), SLOW_CALLS.has(name) ? SLOW_DEADLINE_MS : DEADLINE_MS);
    try {
      const res = await fetch(`${base}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Counter-Token': token ?? '' },
        body,
        signal: controller.signal,
        cache: 'no-store',
      });
      if (res.status === 401) return failure('UNTRUSTED_SENDER', 'The counter service did not accept this page (401). Reopen it from its link.');
      if (res.status !== 200) return failure('INTERNAL', `The counter service answered ${res.status} to ${name}.`);
      const parsed: unknown = await res.json().catch(() => undefined);
      return isApiResult(parsed) ? parsed : failure('INTERNAL', `The counter service sent an unreadable answer to ${name}.`);
    } catch (err) {
      const aborted = err instanceof DOMException && err.name === 'AbortError';
      return failure('INTERNAL', aborted ? `No answer to ${name} in time.` : 'Could not reach the counter service.');
    } finally {
      clearTimeout(timer);
    }
  };
}

export function createWebCounter(token: string | null, base = ''): WebCounter {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<ConnectionListener>();
  let source: EventSource | null = null;

  const ensureSource = (): void => {
    if (source) return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token ?? '')}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event) => {
        let payload: unknown;
        try {
          payload = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          return; // a torn message: the next status event repairs the view
        }
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
    source.onopen = () => connectionListeners.forEach((l) => l(true));
    source.onerror = () => connectionListeners.forEach((l) => l(false));
  };

  const api = buildCounterApi(createInvoke(token, base), (event, listener) => {
    ensureSource();
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  });

  return {
    api,
    onConnection(listener) {
      ensureSource();
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}
