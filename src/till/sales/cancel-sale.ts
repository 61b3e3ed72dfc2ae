// Cancel from the counter while the customer is at the terminal. Once the card is read the
// device may refuse; then the cashier is told to cancel on the device (field-lessons §2).
import { CounterError } from '../../shared/contract/result';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { isInFlight } from './in-flight';
import { emit } from './sale-outcome';

export async function cancelSale(till: Till, saleId: number): Promise<{ requested: boolean; message: string }> {
  const sale = till.ledger.sales.get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
  if (sale.state !== 'sent' || !isInFlight(till, saleId)) {
    return { requested: false, message: `Sale #${saleId} is not waiting for the terminal (${sale.state}).` };
  }
  await requireCloverFeature(till, 'terminal');
  emit(till, till.ledger.sales.requestCancel(saleId));
  const result = await till.merchant().payDisplay(sale.terminalSerial).cancel();
  if (result.kind === 'ok') return { requested: true, message: 'Cancel sent to the terminal.' };
  return { requested: false, message: 'The terminal did not accept the cancel: cancel on the device itself.' };
}
