// What the big panel says, from the sale the till reported and/or the error of the call.
// Pure: unit tested. The rule that matters: only a definite answer may say "no money moved";
// anything indeterminate says "not known" (field-lessons §2: unknown is never "failed").
import type { ApiError, ErrorCode } from '../../shared/contract/result';
import type { SaleView } from '../../shared/contract/views';
import type { SalePhase } from '../stores/sale-store';

export type OutcomeKind = 'waiting' | 'cancelling' | 'approved' | 'partial' | 'declined' | 'cancelled' | 'busy' | 'unknown' | 'forced' | 'error';
export type MoneyMoved = 'yes' | 'no' | 'unknown' | 'pending';

export interface Outcome {
  kind: OutcomeKind;
  money: MoneyMoved;
}

/** Errors raised before anything reached a card: the till refused or never sent the request. */
const NOTHING_SENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BAD_INPUT', 'NOT_FOUND', 'REFUSED', 'NOT_CONNECTED', 'NOT_SUPPORTED', 'LEDGER_UNAVAILABLE', 'KEYCHAIN_UNAVAILABLE', 'ERP_UNAVAILABLE', 'UNTRUSTED_SENDER',
]);

function fromSale(sale: SaleView): Outcome {
  // Kind from the state; "did money move" from the till's own answer, never guessed here.
  const money = sale.moneyMoved;
  switch (sale.state) {
    case 'journaled':
    case 'sent':
      return { kind: 'waiting', money: 'pending' };
    case 'cancel_requested':
      return { kind: 'cancelling', money: 'pending' };
    case 'unknown':
    case 'resolving':
      return { kind: 'unknown', money: 'unknown' };
    default:
      return { kind: sale.state, money };
  }
}

function fromError(error: ApiError): Outcome {
  switch (error.code) {
    case 'DECLINED':
      return { kind: 'declined', money: 'no' };
    case 'TERMINAL_BUSY':
      return { kind: 'busy', money: 'no' };
    case 'OUTCOME_UNKNOWN':
    case 'INTERNAL':
      return { kind: 'unknown', money: 'unknown' };
    default:
      return { kind: 'error', money: NOTHING_SENT.has(error.code) ? 'no' : 'unknown' };
  }
}

export function outcomeOf(phase: SalePhase, sale: SaleView | null, error: ApiError | null): Outcome {
  const bySale = sale ? fromSale(sale) : null;
  if (phase === 'waiting') return bySale && bySale.kind !== 'waiting' ? bySale : { kind: 'waiting', money: 'pending' };
  const settled = bySale && bySale.kind !== 'waiting' && bySale.kind !== 'cancelling' ? bySale : null;
  if (!error) return settled ?? { kind: 'unknown', money: 'unknown' };
  const byError = fromError(error);
  if (!settled) return byError;
  // Money moved, or still might have: the sale says so, whatever the call's error was
  // (e.g. the resolver settled an unknown as approved).
  if (settled.money !== 'no') return settled;
  // No money moved: the error says why more precisely ("terminal busy" rather than the
  // ledger's "cancelled"), unless the error itself is vague and the sale is definite.
  return byError.money === 'unknown' ? settled : byError;
}

/** Amount that actually moved: the approved amount when the till knows it. */
export function chargedAmount(sale: SaleView): number {
  return sale.approvedAmount ?? sale.total;
}
