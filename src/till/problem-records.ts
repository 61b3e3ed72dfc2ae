// Records that failed a check but were kept (issue 11: never dropped): an approval that came
// after the till had decided, card details missing, another amount than asked. They stay in
// Needs attention until a manager acknowledges them; the flag itself stays on the record.
import { CounterError } from '../shared/contract/result';
import type { OperationView, SaleView } from '../shared/contract/views';
import { LedgerRuleError } from '../sync';
import type { Till } from './create-till';
import { creditView, refundView, voidView } from './refunds/operation-view';
import { emit } from './sales/sale-outcome';
import { toSaleView } from './sales/sale-view';

export function problemRecords(till: Till): { sales: SaleView[]; operations: OperationView[] } {
  const l = till.ledger;
  return {
    sales: l.sales.withProblems().map((s) => toSaleView(till, s)),
    operations: [
      ...l.refunds.withProblems().map((r) => refundView(till, r)),
      ...l.voids.withProblems().map((v) => voidView(till, v)),
      ...l.credits.withProblems().map((c) => creditView(till, c)),
    ].sort((a, b) => a.createdAt - b.createdAt),
  };
}

export function acknowledgeProblem(till: Till, input: { kind: 'sale' | 'refund' | 'void' | 'credit'; id: number; manager: string }): { acknowledged: true } {
  const l = till.ledger;
  try {
    if (input.kind === 'sale') emit(till, l.sales.acknowledgeProblem(input.id, input.manager));
    else if (input.kind === 'refund') l.refunds.acknowledgeProblem(input.id, input.manager);
    else if (input.kind === 'void') l.voids.acknowledgeProblem(input.id, input.manager);
    else l.credits.acknowledgeProblem(input.id, input.manager);
  } catch (error) {
    if (error instanceof LedgerRuleError && (error.code === 'invalid_input' || error.code === 'not_found')) throw new CounterError('REFUSED', error.message);
    throw error;
  }
  return { acknowledged: true };
}
