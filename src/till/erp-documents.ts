// Odoo documents the cashier can take a payment against, and whether Odoo is reachable.
import { CounterError } from '../shared/contract/result';
import type { ErpDocumentView } from '../shared/contract/views';
import type { Till } from './create-till';

export async function findDocuments(till: Till, query: string): Promise<ErpDocumentView[]> {
  if (!till.erp) throw new CounterError('ERP_UNAVAILABLE', 'Odoo is not configured (Settings → Odoo).');
  const [invoices, orders] = await Promise.all([till.erp.findOpenInvoices({ query }), till.erp.findSaleOrders({ query })]);
  return [
    ...invoices.map((i): ErpDocumentView => ({ kind: 'invoice', id: i.id, number: i.name, partner: i.partnerName ?? '', amountTotal: i.total, amountDue: i.residual, currency: i.currency, dueDate: i.dueDate })),
    ...orders.filter((o) => o.due > 0).map((o): ErpDocumentView => ({ kind: 'sale_order', id: o.id, number: o.name, partner: o.partnerName ?? '', amountTotal: o.total, amountDue: o.due, currency: o.currency, dueDate: null })),
  ];
}

export async function erpStatus(till: Till): Promise<{ configured: boolean; reachable: boolean; keyValid: boolean; message: string | null }> {
  if (!till.erp) return { configured: false, reachable: false, keyValid: false, message: 'Odoo is not configured' };
  try {
    await till.erp.probe();
  } catch (error) {
    return { configured: true, reachable: false, keyValid: false, message: `Odoo is not reachable: ${(error as Error).message}` };
  }
  try {
    await till.erp.setup(); // an authenticated call: proves the key, the journal and the walk-in partner
    return { configured: true, reachable: true, keyValid: true, message: null };
  } catch (error) {
    return { configured: true, reachable: true, keyValid: false, message: (error as Error).message };
  }
}
