// Events the till pushes to whoever shows it (the Electron window, the web bridge's SSE).
import type { CounterEvents, EventName } from '../shared/contract/calls';

export type TillListener = <E extends EventName>(event: E, payload: CounterEvents[E]) => void;

export class TillEvents {
  private readonly listeners = new Set<TillListener>();

  on(listener: TillListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: CounterEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A broken listener (a closed window) must never break a sale.
      }
    }
  }
}
