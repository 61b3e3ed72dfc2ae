// Committing what Clover answered for a sale, and telling the UI. Shared by terminal and keyed
// sales (and the views every flow emits). The ledger records an approval whatever the sale's
// state by then (another process may have given up on it): Clover's answer is what happened.
import type { Sale } from '../../shared/domain';
import type { SaleOutcome } from '../../sync';
import type { Till } from '../create-till';
import { toSaleView } from './sale-view';

/** Records the outcome (payment + outbox item with it, in the ledger) and emits the sale. */
export function recordSaleOutcome(till: Till, saleId: number, outcome: SaleOutcome): Sale {
  const { sale } = till.ledger.sales.recordOutcome(saleId, outcome);
  emit(till, sale);
  return sale;
}

export function emit(till: Till, sale: Sale): void {
  till.events.emit('sale.updated', toSaleView(till, sale));
}
