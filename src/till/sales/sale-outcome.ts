// Committing what Clover answered for a sale, and telling the UI. Shared by terminal and keyed
// sales (and the views every flow emits).
import type { Sale } from '../../shared/domain';
import { LedgerRuleError, type SaleOutcome } from '../../sync';
import type { Till } from '../create-till';
import { toSaleView } from './sale-view';

/** Records the outcome (payment + outbox item with it, in the ledger) and emits the sale. */
export function recordSaleOutcome(till: Till, saleId: number, outcome: SaleOutcome): Sale {
  let sale: Sale;
  try {
    sale = till.ledger.sales.recordOutcome(saleId, outcome).sale;
  } catch (error) {
    // Another process (`counter recover`) marked it unknown while we waited: Clover's answer
    // still settles it, through the resolving state.
    if (!(error instanceof LedgerRuleError) || error.code !== 'invalid_transition') throw error;
    till.ledger.sales.startResolving(saleId);
    sale = till.ledger.sales.recordOutcome(saleId, outcome, 'till').sale;
  }
  emit(till, sale);
  return sale;
}

export function emit(till: Till, sale: Sale): void {
  till.events.emit('sale.updated', toSaleView(till.ledger, sale));
}
