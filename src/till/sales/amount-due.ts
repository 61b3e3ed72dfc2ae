// The ERP document a sale settles, and what is still due on it right before the charge
// (someone may have paid the invoice at another counter a minute ago).
import { CounterError } from '../../shared/contract/result';
import type { ErpTarget } from '../../shared/domain';
import { formatMinor } from '../../shared/money';
import type { Till } from '../create-till';

export async function erpTarget(till: Till, target: { kind: 'invoice' | 'sale_order'; id: number } | { kind: 'walk_in' } | undefined): Promise<ErpTarget> {
  if (!target || target.kind === 'walk_in') return { kind: 'walk_in' };
  if (!till.erp) throw new CounterError('ERP_UNAVAILABLE', 'Odoo is not configured: only walk-in sales are possible.');
  return { kind: target.kind, id: target.id };
}

export async function checkAmountDue(till: Till, target: ErpTarget, amount: number): Promise<void> {
  if (target.kind === 'walk_in' || !till.erp) return;
  let due;
  try {
    due = await till.erp.checkDue(target);
  } catch (error) {
    throw new CounterError('ERP_UNAVAILABLE', `Odoo cannot confirm what is due on this document right now (${(error as Error).message}). Take it as a walk-in sale or try again.`);
  }
  if (!due.open) throw new CounterError('REFUSED', 'This document has nothing left to pay.');
  if (due.currency && due.currency !== till.settings().currency) throw new CounterError('REFUSED', `This document is in ${due.currency}; the counter takes ${till.settings().currency}.`);
  if (amount > due.due) throw new CounterError('REFUSED', `Only ${formatMinor(due.due)} is still due on this document.`);
}
