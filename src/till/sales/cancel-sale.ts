// Cancel from the counter while the customer is at the terminal. Once the card is read the
// device may refuse; then the cashier is told to cancel on the device (field-lessons §2).
// From any process: the one waiting for the answer records the device's 209. A sale whose
// waiting process is gone is cancelled on the device, and once the device is seen idle, looked
// up: no payment then means no money moved, since the customer can no longer pay.
import { CounterError } from '../../shared/contract/result';
import { UNRESOLVED_SALE_STATES } from '../../shared/domain';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { leaseHeld, SELF } from '../process-lease';
import { emit } from './sale-outcome';
import { resolveSale } from './sale-recovery';
import { KEYED_TERMINAL } from './sale-view';

export async function cancelSale(till: Till, saleId: number): Promise<{ requested: boolean; message: string }> {
  const sale = till.ledger.sales.get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
  if (!UNRESOLVED_SALE_STATES.includes(sale.state) || sale.state === 'journaled' || sale.terminalSerial === KEYED_TERMINAL) {
    return { requested: false, message: `Sale #${saleId} is not waiting for the terminal (${sale.state}).` };
  }
  await requireCloverFeature(till, 'terminal');
  const device = till.merchant().payDisplay(sale.terminalSerial);
  const held = leaseHeld(till, 'sale', sale);
  if (held && sale.leaseOwner === SELF && sale.state === 'sent') emit(till, till.ledger.sales.requestCancel(saleId));
  const result = await device.cancel();
  if (result.kind !== 'ok') return { requested: false, message: 'The terminal did not accept the cancel: cancel on the device itself.' };
  if (held) return { requested: true, message: 'Cancel sent to the terminal.' };
  // Nobody waits for this answer: see the device at rest, then ask Clover what happened.
  const idle = await device.showWelcome().catch(() => null);
  if (idle?.kind !== 'ok') return { requested: true, message: 'Cancel sent; the terminal is still busy. Look the sale up again in a moment.' };
  const view = await resolveSale(till, saleId, { idleSeen: true });
  return { requested: true, message: view.moneyMoved === 'yes' ? `The customer had already paid: sale #${saleId} is ${view.state}.` : `Cancelled on the terminal: sale #${saleId} is ${view.state}.` };
}
