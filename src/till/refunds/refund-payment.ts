// A referenced refund of a recorded card payment, full or partial (field-lessons §6):
//   1. rules first, from the ledger, before any network call: the payment exists and moved
//      money, is at most 180 days old, nothing else is refunding it, the amount fits;
//   2. the refund row and its Idempotency-Key are journaled (the ledger re-checks the balance
//      inside the transaction, counting refunds in progress: a double click cannot over-refund);
//   3. Clover's own balance is read at that moment; the smaller of Clover's and the ledger's wins;
//   4. REST Pay refund for terminal sales, Ecommerce refund for keyed ones;
//   5. Clover's refunded amount is checked against the request (clover/remote-pay-windows#56).
import type { MoneyResult } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { OperationView } from '../../shared/contract/views';
import { UNRESOLVED_OPERATION_STATES, type Payment, type Refund, type Sale } from '../../shared/domain';
import { formatMinor } from '../../shared/money';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { KEYED_TERMINAL } from '../sales/sale-view';
import { pickTerminal, requireLedgerWritable } from '../sales/terminal-guard';
import { emit } from '../sales/sale-outcome';
import { holdingLease, sendLease } from '../process-lease';
import { readCloverBalance, type CloverBalance } from './clover-balance';
import { newOperationKey } from './idempotency-key';
import { cloverText, outcomeUnknown, refundView, refusedByLedger } from './operation-view';

export interface RefundInput {
  saleId: number;
  /** Minor units; omitted = everything still refundable. */
  amount?: number;
}

export const REFUND_MAX_AGE_DAYS = 180;
const DAY_MS = 86_400_000;

type RefundResult = MoneyResult<{ refundId: string; amount?: number }>;

export async function refundSale(till: Till, input: RefundInput): Promise<OperationView> {
  // REST Pay refund for terminal sales, Ecommerce refund for keyed ones: refuse what the Clover
  // credential cannot reach before the synchronous checks-then-journal stretch below.
  const keyedSale = till.ledger.sales.get(input.saleId)?.terminalSerial === KEYED_TERMINAL;
  await requireCloverFeature(till, keyedSale ? 'ecommerce' : 'terminal');
  requireLedgerWritable(till);
  const { sale, payment } = refundablePayment(till, input.saleId);
  const keyed = sale.terminalSerial === KEYED_TERMINAL;
  refuseIfTooOld(payment.createdAt, till.now());
  const busy = till.ledger.refunds.forPayment(payment.id).find((r) => UNRESOLVED_OPERATION_STATES.includes(r.state));
  if (busy) throw new CounterError('REFUSED', `Refund #${busy.id} of sale #${sale.id} is still in progress (${busy.state}): wait for it, or settle it in Needs attention.`);
  const left = till.ledger.refunds.refundable(payment.id);
  if (left <= 0) throw new CounterError('REFUSED', `Sale #${sale.id} has nothing left to refund.`);
  const amount = input.amount ?? left;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new CounterError('BAD_INPUT', 'A refund amount is a positive whole number of cents.');
  if (amount > left) throw new CounterError('REFUSED', `At most ${formatMinor(left)} can still be refunded on sale #${sale.id}; ${formatMinor(amount)} was asked.`);
  if (keyed && amount < left && !till.config.ecomPartialRefunds) {
    throw new CounterError('NOT_SUPPORTED', `Keyed (card-not-present) sales can only be refunded in full (${formatMinor(left)}); Clover's online refunds take no partial amount yet.`);
  }
  const serial = keyed ? KEYED_TERMINAL : refundTerminal(till, sale.terminalSerial);
  till.merchant(); // NOT_CONNECTED before anything is written

  // Everything above ran without an await, so a second click cannot slip in between the checks
  // and this journal; the ledger re-checks the balance inside its own transaction.
  let refund: Refund;
  try {
    refund = till.ledger.refunds.journal({ paymentId: payment.id, amount, idempotencyKey: newOperationKey(), cashier: till.config.cashier, terminalSerial: serial, training: payment.training, lease: sendLease(till, till.config.timeoutSec) });
  } catch (error) {
    refusedByLedger(error);
  }
  emitSale(till, sale.id);

  // Held from the journal on, also while Clover's balance is read: another look-up in this very
  // process (the app's recovery loop) must not take the journaled refund for an orphan.
  const result = await holdingLease(till, 'refund', refund.id, async (): Promise<RefundResult> => {
    let balance: CloverBalance | null;
    try {
      balance = await readCloverBalance(till, sale, payment, serial);
    } catch (error) {
      notSent(till, refund.id, `not sent: ${(error as Error).message}`);
      throw error;
    }
    const refusal = checkCloverBalance(balance, payment, amount, left, till.now());
    if (refusal) {
      notSent(till, refund.id, `not sent: ${refusal}`);
      throw new CounterError('REFUSED', refusal);
    }

    till.ledger.refunds.markSent(refund.id, sendLease(till, till.config.timeoutSec));
    try {
      return await sendRefund(till, till.ledger.refunds.get(refund.id)!);
    } catch (error) {
      // A thrown client error means Clover processed nothing (bad input, reauthorisation needed).
      notSent(till, refund.id, `not sent: ${(error as Error).message}`);
      throw error;
    }
  });
  const { view, busy: terminalBusy } = settleRefund(till, refund.id, result, false);
  if (terminalBusy) throw new CounterError('TERMINAL_BUSY', 'The terminal is busy with another operation; nothing was refunded. Try again when it is free.');
  if (view.state === 'unknown') throw outcomeUnknown(view);
  return view;
}

function refundablePayment(till: Till, saleId: number): { sale: Sale; payment: Payment } {
  const sale = till.ledger.sales.get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
  const payment = till.ledger.payments.bySale(sale.id);
  if (!payment) throw new CounterError('REFUSED', `Sale #${sale.id} took no money (${sale.state}): there is nothing to refund.`);
  if (payment.training !== till.config.training) {
    throw new CounterError('REFUSED', `Sale #${sale.id} was taken ${payment.training ? 'in training mode' : 'for real'}; refund it from a till in the same mode.`);
  }
  if (payment.voidedAt !== null) throw new CounterError('REFUSED', `Sale #${sale.id} was voided: there is nothing to refund.`);
  if (!payment.cloverPaymentId) throw new CounterError('REFUSED', `Sale #${sale.id} has no Clover payment id (settled by hand): refund it on the Clover dashboard.`);
  return { sale, payment };
}

export function refuseIfTooOld(createdAt: number, now: number): void {
  if (now - createdAt <= REFUND_MAX_AGE_DAYS * DAY_MS) return;
  const days = Math.floor((now - createdAt) / DAY_MS);
  throw new CounterError('REFUSED', `Card refunds are limited to ${REFUND_MAX_AGE_DAYS} days after the payment; this one is ${days} days old. Refund the customer another way.`);
}

/** The sale's terminal if it is still set up (same device, same idempotency scope), else the default. */
function refundTerminal(till: Till, serial: string): string {
  return till.settings().terminals.some((t) => t.serial === serial) ? serial : pickTerminal(till).serial;
}

/** Why Clover's live view forbids this refund, or null. */
function checkCloverBalance(balance: CloverBalance | null, payment: Payment, amount: number, ledgerLeft: number, now: number): string | null {
  if (!balance) return `Clover has no payment ${payment.cloverPaymentId}: nothing was refunded. Check the Clover dashboard.`;
  if (!balance.approved) return `Clover shows payment ${balance.paymentId} as ${balance.result}: it cannot be refunded.`;
  if (balance.createdTime !== null) {
    try {
      refuseIfTooOld(balance.createdTime, now);
    } catch (error) {
      return (error as Error).message;
    }
  }
  const cloverLeft = balance.amount - (balance.refunded ?? 0);
  const allowed = Math.min(cloverLeft, ledgerLeft);
  if (amount > allowed) {
    return `Clover shows ${formatMinor(Math.max(0, cloverLeft))} still refundable on this payment (the till's records: ${formatMinor(ledgerLeft)}); at most ${formatMinor(Math.max(0, allowed))} can be refunded.`;
  }
  return null;
}

/**
 * Sends the journaled refund. The request is rebuilt from the ledger alone, so a resend under
 * the same Idempotency-Key is byte-for-byte the same request (Clover then replays its answer).
 */
export async function sendRefund(till: Till, refund: Refund): Promise<RefundResult> {
  const payment = till.ledger.payments.get(refund.paymentId)!;
  const merchant = till.merchant();
  const key = { idempotencyKey: refund.idempotencyKey };
  if (refund.terminalSerial === KEYED_TERMINAL) {
    // Everything still open besides this refund (which the ledger already counts) goes back whole.
    const whole = refund.amount >= till.ledger.refunds.refundable(payment.id) + refund.amount;
    return merchant.ecommerce.refund(payment.cloverPaymentId!, whole ? key : { ...key, amount: refund.amount });
  }
  const full = refund.amount === payment.amount + payment.surcharge;
  return merchant.payDisplay(refund.terminalSerial).refund(payment.cloverPaymentId!, full ? key : { ...key, amount: refund.amount });
}

/**
 * Records Clover's answer. `replay` = a resend to resolve an unknown refund: then only a clear
 * approval or decline settles it; refusals of the resend prove nothing about the first send.
 */
export function settleRefund(till: Till, refundId: number, result: RefundResult, replay: boolean): { view: OperationView; busy: boolean } {
  const refunds = till.ledger.refunds;
  const asked = refunds.get(refundId)!.amount;
  const unknown = (why: string) => refunds.recordOutcome(refundId, { result: 'unknown', reason: why });
  let busy = false;
  switch (result.kind) {
    case 'approved': {
      const got = result.value.amount;
      refunds.recordOutcome(refundId, { result: 'approved', cloverRefundId: result.value.refundId, ...(got !== undefined ? { refundedAmount: got } : {}) });
      if (got !== asked) till.logger.log('warn', 'refund amount differs from the request', { refundId, asked, refunded: got ?? null });
      break;
    }
    case 'declined':
      refunds.recordOutcome(refundId, { result: 'declined', reason: cloverText(result.message ?? result.code, 'declined by Clover') });
      break;
    case 'cancelled':
      refunds.recordOutcome(refundId, { result: 'declined', reason: 'cancelled on the terminal' });
      break;
    case 'busy':
      if (replay) unknown('the terminal was busy; try resolving again');
      else refunds.recordOutcome(refundId, { result: 'declined', reason: 'terminal busy: not refunded' });
      busy = !replay;
      break;
    case 'invalid':
    case 'unauthorized':
      if (replay) unknown(`the resend was refused (${cloverText(result.message, `HTTP ${result.httpStatus ?? '?'}`)}): check the Clover dashboard`);
      else refunds.recordOutcome(refundId, { result: 'declined', reason: `rejected by Clover: ${cloverText(result.message, `HTTP ${result.httpStatus ?? '?'}`)}` });
      break;
    case 'timeout':
      unknown('Clover did not answer in time');
      break;
    case 'unknown':
      unknown(`outcome unknown (${result.cause})`);
      break;
  }
  const refund = refunds.get(refundId)!;
  emitSale(till, till.ledger.payments.get(refund.paymentId)!.saleId);
  const view = refundView(till, refund);
  if (result.kind === 'approved' && result.value.amount === undefined) {
    view.message = `Clover did not state the refunded amount (${formatMinor(asked)} was asked): check the Clover dashboard.`;
  }
  return { view, busy };
}

/** Journaled but never sent: no money moved. */
function notSent(till: Till, refundId: number, why: string): void {
  const r = till.ledger.refunds.recordOutcome(refundId, { result: 'declined', reason: cloverText(why, 'not sent') });
  emitSale(till, till.ledger.payments.get(r.paymentId)!.saleId);
}

function emitSale(till: Till, saleId: number): void {
  const sale = till.ledger.sales.get(saleId);
  if (sale) emit(till, sale);
}
