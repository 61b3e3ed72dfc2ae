// The ERP document a sale settles, and what is still due on it right before the charge:
// Odoo's figure (someone may have paid at another counter a minute ago) less what this till
// has taken on it that Odoo does not show yet, so the same invoice is never charged twice.
import { CounterError } from '../../shared/contract/result';
import type { ErpTarget } from '../../shared/domain';
import { formatMoney } from '../../shared/money';
import type { Till } from '../create-till';

export async function erpTarget(till: Till, target: { kind: 'invoice' | 'sale_order'; id: number } | { kind: 'walk_in' } | undefined): Promise<ErpTarget> {
  if (!target || target.kind === 'walk_in') return { kind: 'walk_in' };
  if (!till.erp) throw new CounterError('ERP_UNAVAILABLE', 'Odoo is not configured: only walk-in sales are possible.');
  return { kind: target.kind, id: target.id };
}

/** What is still due and the parts that explain it, in minor units. */
export interface AmountDue {
  due: number;
  name: string;
  currency: string;
  /** Odoo's residual (invoice) or what the order still lacks. */
  inOdoo: number;
  /** Paid in Odoo, waiting for the bank match: not in its residual yet. */
  awaitingBank: number;
  /** Taken at this till, not yet delivered to Odoo. */
  notYetInOdoo: number;
  /** Sales at this till whose outcome is not known yet. */
  unresolved: number;
}

/** Reads the ledger and Odoo; throws a CounterError with the reason when nothing may be charged. */
export async function amountDue(till: Till, target: Exclude<ErpTarget, { kind: 'walk_in' }>): Promise<AmountDue> {
  const erp = till.erp;
  if (!erp) throw new CounterError('ERP_UNAVAILABLE', 'Odoo is not configured: only walk-in sales are possible.');
  // The ledger before Odoo: a payment delivered in between is then counted twice (the due looks
  // a little low until the next look), never missed.
  const exposure = till.ledger.exposure.of(target, { training: till.config.training });
  let odoo;
  try {
    odoo = await erp.checkDue(target);
  } catch (error) {
    throw new CounterError('ERP_UNAVAILABLE', `Odoo cannot confirm what is due on this document right now (${(error as Error).message}). Take it as a walk-in sale or try again.`);
  }
  if (odoo.refusal) throw new CounterError('REFUSED', odoo.refusal);
  const currency = till.settings().currency;
  if (odoo.currency && odoo.currency !== currency) throw new CounterError('REFUSED', `This document is in ${odoo.currency}; the counter takes ${currency}.`);
  return {
    due: Math.max(0, odoo.due - exposure.undelivered - exposure.unresolved),
    name: odoo.name ?? target.ref ?? `#${target.id}`,
    currency,
    inOdoo: odoo.odooDue,
    awaitingBank: odoo.awaitingBank,
    notYetInOdoo: exposure.undelivered,
    unresolved: exposure.unresolved,
  };
}

/** "($30.00 in Odoo, $18.00 taken at this till and not yet in Odoo)", or '' when Odoo's figure stands. */
export function dueExplanation(a: AmountDue): string {
  const money = (minor: number) => formatMoney({ amount: minor, currency: a.currency });
  const parts = [
    a.awaitingBank > 0 ? `${money(a.awaitingBank)} already paid in Odoo and waiting for the bank match` : null,
    a.notYetInOdoo > 0 ? `${money(a.notYetInOdoo)} taken at this till and not yet in Odoo` : null,
    a.unresolved > 0 ? `${money(a.unresolved)} in sales at this till whose outcome is not known yet` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? ` (${money(a.inOdoo)} in Odoo, ${parts.join(', ')})` : '';
}

/**
 * Refuses more than is still due. Returns the document's name and the last sale the ledger had
 * when asked: the journal refuses in its own transaction if a sale on the same document was
 * started since (another terminal, another process), so none can slip between check and journal.
 */
export async function checkAmountDue(till: Till, target: ErpTarget, amount: number): Promise<{ name: string; lastSaleId: number } | null> {
  if (target.kind === 'walk_in' || !till.erp) return null;
  const lastSaleId = till.ledger.sales.lastId(); // read first: a sale started after it is new to this check
  const a = await amountDue(till, target);
  if (a.due <= 0) throw new CounterError('REFUSED', `Nothing is left to pay on ${a.name}${dueExplanation(a)}.`);
  if (amount > a.due) throw new CounterError('REFUSED', `Only ${formatMoney({ amount: a.due, currency: a.currency })} is still due on ${a.name}${dueExplanation(a)}.`);
  return { name: a.name, lastSaleId };
}
