// Which sale the screen is waiting on. `sales.start` answers only when the terminal does, so
// the sale id first arrives in a `sale.updated` event: accept an event only when it is this
// attempt's (field-lessons §2: "accept a result only if it carries this attempt's id").
import { SALE_TRANSITIONS, UNRESOLVED_SALE_STATES, type SaleState } from '../../shared/domain';
import type { SaleView } from '../../shared/contract/views';

export interface Attempt {
  entry: 'terminal' | 'keyed';
  amount: number;
  /** null: the till picks its default terminal. */
  terminalSerial: string | null;
  startedAt: number;
}

/** Same machine, but the till stamps createdAt itself: allow a little skew. */
const CLOCK_SLACK_MS = 5_000;

export function isFinal(state: SaleState): boolean {
  return SALE_TRANSITIONS[state].length === 0;
}

export function isUnresolved(state: SaleState): boolean {
  return UNRESOLVED_SALE_STATES.includes(state);
}

/** A sale the till created for this attempt (before we know its id). */
export function matchesAttempt(sale: SaleView, attempt: Attempt): boolean {
  return (
    sale.entry === attempt.entry &&
    sale.amount === attempt.amount &&
    sale.createdAt >= attempt.startedAt - CLOCK_SLACK_MS &&
    (attempt.entry === 'keyed' || attempt.terminalSerial === null || sale.terminalSerial === attempt.terminalSerial)
  );
}

/**
 * The newer view of the same sale. Events may arrive after the call's answer: an older
 * `sent` must never overwrite a newer `approved`.
 */
export function mergeSale(current: SaleView | null, incoming: SaleView): SaleView {
  if (!current || current.id !== incoming.id) return incoming;
  if (incoming.updatedAt > current.updatedAt) return incoming;
  if (incoming.updatedAt < current.updatedAt) return current;
  return isFinal(current.state) && !isFinal(incoming.state) ? current : incoming;
}
