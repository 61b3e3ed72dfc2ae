// `window.counter`: the contract as the UI sees it, one slice per domain (Bitwarden's pattern),
// each method returning ApiResult so typed errors survive IPC. Built from the call names by
// both the Electron preload (ipcRenderer.invoke) and the browser twin (fetch to the bridge),
// so the two cannot drift apart. Zod-free: the sandboxed preload bundle stays tiny.
import type { CallInput, CallName, CallOutput, CounterEvents, EventName } from './calls';
import type { ApiResult } from './result';

export const CALL_NAMES = [
  'app.info',
  'sales.quote', 'sales.start', 'sales.cancel', 'sales.keyed', 'sales.get', 'sales.list',
  'recovery.list', 'recovery.resolve', 'recovery.force', 'recovery.problems', 'recovery.acknowledge', 'recovery.operations', 'recovery.resolveOperation', 'recovery.forceOperation',
  'refunds.create', 'refunds.void', 'refunds.credit',
  'terminals.list', 'terminals.sync', 'terminals.ping', 'terminals.setDefault', 'terminals.rename',
  'erp.findDocuments', 'erp.status',
  'outbox.status', 'outbox.list', 'outbox.retry',
  'receipts.render', 'receipts.print', 'receipts.queue', 'receipts.send',
  'totals.day', 'totals.store', 'ledger.check',
  'settings.get', 'settings.update', 'settings.setOdooKey', 'settings.setManagerPin',
  'clover.connect', 'clover.disconnect', 'clover.setLegacyCredential',
] as const satisfies readonly CallName[];

export const EVENT_NAMES = ['sale.updated', 'terminal.status', 'sync.status'] as const satisfies readonly EventName[];

type Domain<N extends string> = N extends `${infer D}.${string}` ? D : never;
type CallFn<N extends CallName> = (input?: CallInput<N>) => Promise<ApiResult<CallOutput<N>>>;

export type CounterApi = {
  [D in Domain<CallName>]: { [N in CallName as N extends `${D}.${infer M}` ? M : never]: CallFn<N> };
} & {
  on<E extends EventName>(event: E, listener: (payload: CounterEvents[E]) => void): () => void;
};

export type Invoke = (name: CallName, input: unknown) => Promise<ApiResult<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export function buildCounterApi(invoke: Invoke, subscribe: Subscribe): CounterApi {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    const [domain, method] = name.split('.') as [string, string];
    const slice = (api[domain] ??= {}) as Record<string, unknown>;
    slice[method] = (input?: unknown) => invoke(name, input ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event ${event}`);
    return subscribe(event, listener);
  };
  return api as CounterApi;
}
