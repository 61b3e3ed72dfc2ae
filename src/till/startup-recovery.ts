// What the till does before it takes new money, at every start and on `counter recover`:
// every sale, refund, void and credit whose outcome is unknown is looked up (sales) or resent
// under its own key (refunds, voids). What Clover cannot settle waits for a person.
import type { OperationView, SaleView } from '../shared/contract/views';
import type { Till } from './create-till';
import { resolveAllOperations } from './refunds/operation-recovery';
import { resolveAll } from './sales/sale-recovery';

export interface RecoveryReport {
  sales: SaleView[];
  operations: OperationView[];
  /** How many are still unknown after this pass. */
  unresolved: number;
}

export async function recoverUnknownOutcomes(till: Till): Promise<RecoveryReport> {
  const sales = await resolveAll(till);
  const operations = await resolveAllOperations(till);
  const unresolved = sales.filter((s) => s.moneyMoved === 'unknown').length + operations.filter((o) => ['journaled', 'sent', 'unknown', 'resolving'].includes(o.state)).length;
  return { sales, operations, unresolved };
}
