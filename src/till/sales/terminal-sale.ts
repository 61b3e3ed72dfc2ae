// A card sale on the Clover terminal (REST Pay Display): the journaled-sale path with the device
// as its network call. The serial is checked before anything is written; every flow ends on a
// resting screen, or the device keeps a spinner (field-lessons §2).
import type { PaymentResult } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { SaleView } from '../../shared/contract/views';
import type { SaleOutcome } from '../../sync';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { quoteSurcharge, type CardFunding } from '../surcharge';
import { runJournaledSale } from './journaled-sale';
import { pickTerminal } from './terminal-guard';

export interface TerminalSaleInput {
  amount: number;
  funding: CardFunding;
  terminalSerial?: string;
  target?: { kind: 'invoice' | 'sale_order'; id: number } | { kind: 'walk_in' };
  /** The partial sale whose remainder this collects. */
  parentSaleId?: number;
  /** Drawn by the screen for this attempt (see refuseRepeatedAttempt). */
  opId?: string;
}

export async function startTerminalSale(till: Till, input: TerminalSaleInput): Promise<SaleView> {
  // A legacy credential cannot drive REST Pay (§3.1): refuse before anything is journaled.
  await requireCloverFeature(till, 'terminal');
  const terminal = pickTerminal(till, input.terminalSerial);
  // A serial the client refuses (not a header value, too long) fails here, before the journal.
  const device = till.merchant().payDisplay(terminal.serial);
  const quote = quoteSurcharge(input.amount, { funding: input.funding }, till.settings().surcharge);
  let busy = false;
  const view = await runJournaledSale(till, {
    kind: 'terminal',
    terminalSerial: terminal.serial,
    amount: input.amount,
    surcharge: quote.surcharge,
    ...(input.target ? { target: input.target } : {}),
    ...(input.parentSaleId ? { parentSaleId: input.parentSaleId } : {}),
    ...(input.opId ? { opId: input.opId } : {}),
    notCharged: (error) => (error as Error).message,
    async send(sale) {
      const result = await device.sale({
        amount: quote.total,
        externalPaymentId: sale.externalPaymentId,
        idempotencyKey: sale.idempotencyKey,
        ...(sale.target.kind !== 'walk_in' && sale.target.ref ? { externalReferenceId: sale.target.ref.slice(0, 12) } : {}),
      });
      busy = result.kind === 'busy';
      return outcomeOf(result);
    },
  });
  if (view.moneyMoved === 'yes') void device.showThankYou().catch(() => {});
  else if (view.moneyMoved === 'no' && !busy) void device.showWelcome().catch(() => {});
  if (busy && view.moneyMoved === 'no') {
    throw new CounterError('TERMINAL_BUSY', 'The terminal is busy with another operation. Wait for it to finish or cancel it on the device, then try again.');
  }
  return view;
}

function outcomeOf(result: PaymentResult): SaleOutcome {
  switch (result.kind) {
    case 'approved': {
      const { payment, approvedAmount, partial } = result.value;
      const card = { cardBrand: payment.cardTransaction?.cardType, last4: payment.cardTransaction?.last4, authCode: payment.cardTransaction?.authCode };
      return partial
        ? { result: 'partial', cloverPaymentId: payment.id, approvedAmount, ...card }
        : { result: 'approved', cloverPaymentId: payment.id, approvedAmount, ...card };
    }
    case 'declined':
      return { result: 'declined', reason: result.message ?? 'declined' };
    case 'cancelled':
      return { result: 'cancelled', reason: 'cancelled on the terminal or by the cashier' };
    case 'busy':
      // 503 to a fresh key: the device was busy with something else and did not take ours.
      return { result: 'cancelled', reason: 'terminal busy' };
    case 'invalid':
      return { result: 'cancelled', reason: `rejected by Clover: ${result.message ?? `HTTP ${result.httpStatus}`}` };
    case 'unauthorized':
      return { result: 'cancelled', reason: 'Clover refused the credentials: reconnect Clover' };
    case 'timeout':
      return { result: 'unknown', reason: 'the terminal did not answer in time' };
    case 'unknown':
      return { result: 'unknown', reason: `outcome unknown (${result.cause})` };
  }
}
