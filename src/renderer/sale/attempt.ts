// Which sale the screen is waiting on. `sales.start` answers only when the terminal does, so
// the sale first shows up in `sale.updated` events. The screen draws the attempt's operation id
// before it asks, and accepts a sale only if it carries that id (field-lessons §2: "accept a
// result only if it carries this attempt's id"); a request sent twice is refused by the till.
import { SALE_TRANSITIONS, UNRESOLVED_SALE_STATES, type SaleState } from '../../shared/domain';
import type { SaleView } from '../../shared/contract/views';
import { newId } from '../../shared/ids';

export interface Attempt {
  /** The ledger operation id the sale will carry. */
  opId: string;
  entry: 'terminal' | 'keyed';
  amount: number;
  /** null: the till picks its default terminal. */
  terminalSerial: string | null;
  startedAt: number;
}

export function newAttempt(entry: Attempt['entry'], amount: number, terminalSerial: string | null): Attempt {
  return { opId: newId(), entry, amount, terminalSerial, startedAt: Date.now() };
}

export function isFinal(state: SaleState): boolean {
  return SALE_TRANSITIONS[state].length === 0;
}

export function isUnresolved(state: SaleState): boolean {
  return UNRESOLVED_SALE_STATES.includes(state);
}

/** The sale the till created for this attempt. */
export function matchesAttempt(sale: SaleView, attempt: Attempt): boolean {
  return sale.opId === attempt.opId;
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
