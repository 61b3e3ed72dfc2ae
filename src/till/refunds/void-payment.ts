// Voiding a terminal sale: only inside the void window — less than 20 minutes after the payment
// and on the same local day (before closeout). Clover's own window is 25 minutes (§3.6, D15);
// the margin keeps a void from turning into a late refund. Outside it the till offers a refund.
// Keyed sales have no void at Clover (D10): they are refunded in full instead.
import type { MoneyResult, VoidValue } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { OperationView } from '../../shared/contract/views';
import type { Payment, Sale, Void } from '../../shared/domain';
import type { VoidOutcome } from '../../sync';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { KEYED_TERMINAL } from '../sales/sale-view';
import { pickTerminal, requireLedgerWritable } from '../sales/terminal-guard';
import { emit } from '../sales/sale-outcome';
import { holdingLease, sendLease } from '../process-lease';
import { newOperationKey } from './idempotency-key';
import { cloverText, outcomeUnknown, refusedByLedger, voidView } from './operation-view';

export const VOID_WINDOW_MS = 20 * 60_000;
const WINDOW_PASSED = 'void window passed: refund instead';

/** True while `createdAt` may still be voided at `now` (local day of this machine). */
export function insideVoidWindow(createdAt: number, now: number): boolean {
  const a = new Date(createdAt);
  const b = new Date(now);
  const sameDay = a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  return sameDay && now - createdAt < VOID_WINDOW_MS;
}

export async function voidSale(till: Till, input: { saleId: number }): Promise<OperationView> {
  // Voids go through REST Pay; keyed sales are refused below with their own reason. Awaited
  // here, before the synchronous checks-then-journal stretch.
  if (till.ledger.sales.get(input.saleId)?.terminalSerial !== KEYED_TERMINAL) await requireCloverFeature(till, 'terminal');
  requireLedgerWritable(till);
  const { sale, payment } = voidablePayment(till, input.saleId);
  if (!insideVoidWindow(payment.createdAt, till.now())) {
    throw new CounterError('REFUSED', `Sale #${sale.id}: ${WINDOW_PASSED} (voids are possible for 20 minutes, the same day).`);
  }
  const serial = till.settings().terminals.some((t) => t.serial === sale.terminalSerial) ? sale.terminalSerial : pickTerminal(till).serial;
  till.merchant(); // NOT_CONNECTED before anything is written

  let row: Void;
  try {
    // Synchronous up to here: the ledger refuses a second void (or a void after a refund) at once.
    row = till.ledger.voids.journal({ paymentId: payment.id, idempotencyKey: newOperationKey(), cashier: till.config.cashier, terminalSerial: serial, training: payment.training, reason: 'USER_CANCEL', lease: sendLease(till, till.config.timeoutSec) });
  } catch (error) {
    refusedByLedger(error);
  }
  till.ledger.voids.markSent(row.id, sendLease(till, till.config.timeoutSec));
  let result: MoneyResult<VoidValue>;
  try {
    result = await holdingLease(till, 'void', row.id, () => sendVoid(till, row));
  } catch (error) {
    settle(till, row.id, { result: 'declined', reason: cloverText(`not sent: ${(error as Error).message}`, 'not sent') });
    throw error;
  }
  return settleVoid(till, row.id, result, false);
}

function voidablePayment(till: Till, saleId: number): { sale: Sale; payment: Payment } {
  const sale = till.ledger.sales.get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
  if (sale.terminalSerial === KEYED_TERMINAL) throw new CounterError('REFUSED', `Sale #${sale.id} was keyed: keyed sales cannot be voided; refund it in full instead.`);
  const payment = till.ledger.payments.bySale(sale.id);
  if (!payment) throw new CounterError('REFUSED', `Sale #${sale.id} took no money (${sale.state}): there is nothing to void.`);
  if (payment.training !== till.config.training) {
    throw new CounterError('REFUSED', `Sale #${sale.id} was taken ${payment.training ? 'in training mode' : 'for real'}; void it from a till in the same mode.`);
  }
  if (payment.voidedAt !== null) throw new CounterError('REFUSED', `Sale #${sale.id} is already voided.`);
  if (!payment.cloverPaymentId) throw new CounterError('REFUSED', `Sale #${sale.id} has no Clover payment id (settled by hand): void or refund it on the Clover dashboard.`);
  return { sale, payment };
}

/** The journaled void, rebuilt from the ledger so a resend is the identical request. */
export function sendVoid(till: Till, row: Void): Promise<MoneyResult<VoidValue>> {
  const payment = till.ledger.payments.get(row.paymentId)!;
  return till.merchant().payDisplay(row.terminalSerial).void(payment.cloverPaymentId!, { voidReason: 'USER_CANCEL', idempotencyKey: row.idempotencyKey });
}

/** Records Clover's answer; on a resend (`replay`) only a clear approval or decline settles it. */
export function settleVoid(till: Till, voidId: number, result: MoneyResult<VoidValue>, replay: boolean): OperationView {
  const why = (fallback: string) => cloverText(result.message, fallback);
  switch (result.kind) {
    case 'approved':
      settle(till, voidId, { result: 'approved' });
      break;
    case 'declined':
      settle(till, voidId, { result: 'declined', reason: `declined by Clover: ${why(result.code ?? 'declined')}` });
      break;
    case 'cancelled':
      settle(till, voidId, { result: 'declined', reason: 'cancelled on the terminal' });
      break;
    case 'busy':
    case 'invalid':
    case 'unauthorized':
      if (replay) {
        settle(till, voidId, { result: 'unknown', reason: `the resend was refused (${why(result.kind)}): check the Clover dashboard` });
        break;
      }
      if (result.kind === 'invalid' && result.code === 'VOID_WINDOW_EXPIRED') {
        settle(till, voidId, { result: 'declined', reason: `Clover: ${WINDOW_PASSED}` });
        throw new CounterError('REFUSED', `Clover says the ${WINDOW_PASSED}.`);
      }
      settle(till, voidId, { result: 'declined', reason: result.kind === 'busy' ? 'terminal busy: not voided' : `rejected by Clover: ${why(`HTTP ${result.httpStatus ?? '?'}`)}` });
      if (result.kind === 'busy') throw new CounterError('TERMINAL_BUSY', 'The terminal is busy with another operation; nothing was voided. Try again when it is free.');
      break;
    case 'timeout':
      settle(till, voidId, { result: 'unknown', reason: 'Clover did not answer in time' });
      break;
    case 'unknown':
      settle(till, voidId, { result: 'unknown', reason: `outcome unknown (${result.cause})` });
      break;
  }
  const view = voidView(till, till.ledger.voids.get(voidId)!);
  if (view.state === 'unknown' && !replay) throw outcomeUnknown(view);
  return view;
}

function settle(till: Till, voidId: number, outcome: VoidOutcome): void {
  const v = till.ledger.voids.recordOutcome(voidId, outcome);
  const sale = till.ledger.sales.get(till.ledger.payments.get(v.paymentId)!.saleId);
  if (sale) emit(till, sale);
}
