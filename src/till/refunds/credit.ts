// A non-referenced credit: money paid out to a card presented on the terminal, with no original
// payment. Behind the manager PIN and a reason (field-lessons §6), journaled before Clover is
// called (D11: REST Pay `/v1/credits`; the Ecommerce host has none, D10).
import type { CreditValue, MoneyResult } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { OperationView } from '../../shared/contract/views';
import type { Credit } from '../../shared/domain';
import { formatMinor } from '../../shared/money';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { newExternalPaymentId } from '../sales/attempt-ids';
import { newOperationKey } from './idempotency-key';
import { pickTerminal, requireLedgerWritable, requireTerminalFree } from '../sales/terminal-guard';
import { requireManagerPin } from './manager-pin';
import { holdingLease, sendLease } from '../process-lease';
import { moneyOrigin } from '../odoo-binding';
import { cloverText, creditView, outcomeUnknown, refusedByLedger } from './operation-view';

export interface CreditInput {
  amount: number;
  terminalSerial?: string;
  managerPin: string;
  reason: string;
}

/** Who approved, as recorded: the PIN proves a manager was present; the PIN itself is never kept. */
const APPROVED_BY = 'manager PIN';

export async function creditCard(till: Till, input: CreditInput): Promise<OperationView> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > 999_999_999) throw new CounterError('BAD_INPUT', 'A credit amount is a positive whole number of cents.');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 3 || reason.length > 200) throw new CounterError('BAD_INPUT', 'A credit needs a reason of 3 to 200 characters.');
  await requireCloverFeature(till, 'terminal'); // REST Pay credits only (D10, D11); before a PIN try is counted
  await requireManagerPin(till, input.managerPin);
  requireLedgerWritable(till);
  const terminal = pickTerminal(till, input.terminalSerial);
  requireTerminalFree(till, terminal.serial);
  till.merchant(); // NOT_CONNECTED before anything is written

  let credit: Credit;
  try {
    // The op id doubles as the externalPaymentId sent to Clover, so the credit can be traced there.
    credit = till.ledger.credits.journal({
      amount: input.amount,
      currency: till.settings().currency,
      reason,
      approvedBy: APPROVED_BY,
      idempotencyKey: newOperationKey(),
      opId: newExternalPaymentId('C'),
      cashier: till.config.cashier,
      terminalSerial: terminal.serial,
      training: till.config.training,
      lease: sendLease(till, till.config.timeoutSec),
      ...moneyOrigin(till),
    });
  } catch (error) {
    refusedByLedger(error);
  }
  till.logger.log('info', 'credit journaled', { creditId: credit.id, amount: credit.amount, cashier: credit.cashier });
  till.ledger.credits.markSent(credit.id, sendLease(till, till.config.timeoutSec));
  let result: MoneyResult<CreditValue>;
  try {
    result = await holdingLease(till, 'credit', credit.id, () => sendCredit(till, credit));
  } catch (error) {
    till.ledger.credits.recordOutcome(credit.id, { result: 'declined', reason: cloverText(`not sent: ${(error as Error).message}`, 'not sent') });
    throw error;
  }
  const view = settleCredit(till, credit.id, result, false);
  if (view.state === 'unknown') throw outcomeUnknown(view);
  return view;
}

/** The journaled credit, rebuilt from the ledger so a resend is the identical request. */
export function sendCredit(till: Till, credit: Credit): Promise<MoneyResult<CreditValue>> {
  return till.merchant().payDisplay(credit.terminalSerial).credit({ amount: credit.amount, externalPaymentId: credit.opId, idempotencyKey: credit.idempotencyKey });
}

/** Records Clover's answer; on a resend (`replay`) only a clear approval or decline settles it. */
export function settleCredit(till: Till, creditId: number, result: MoneyResult<CreditValue>, replay: boolean): OperationView {
  const credits = till.ledger.credits;
  const asked = credits.get(creditId)!.amount;
  const why = (fallback: string) => cloverText(result.message, fallback);
  let note: string | null = null;
  switch (result.kind) {
    case 'approved': {
      const card = result.value.cardTransaction ?? {};
      const brand = typeof card.cardType === 'string' ? card.cardType : undefined;
      const last4 = typeof card.last4 === 'string' && /^\d{4}$/.test(card.last4) ? card.last4 : undefined;
      credits.recordOutcome(creditId, { result: 'approved', cloverCreditId: result.value.creditId, creditedAmount: result.value.amount, ...(brand ? { cardBrand: brand.slice(0, 32) } : {}), ...(last4 ? { last4 } : {}) });
      if (result.value.amount !== asked) {
        // Money moved either way; the difference must reach a person.
        note = `Clover credited ${formatMinor(result.value.amount)} but ${formatMinor(asked)} was asked: check the Clover dashboard.`;
        till.logger.log('warn', 'credit amount differs from the request', { creditId, asked, credited: result.value.amount });
      }
      break;
    }
    case 'declined':
      credits.recordOutcome(creditId, { result: 'declined', reason: `declined: ${why(result.code ?? 'declined')}` });
      break;
    case 'cancelled':
      credits.recordOutcome(creditId, { result: 'declined', reason: 'cancelled on the terminal' });
      break;
    case 'busy':
    case 'invalid':
    case 'unauthorized':
      if (replay) {
        credits.recordOutcome(creditId, { result: 'unknown', reason: `the resend was refused (${why(result.kind)}): check the Clover dashboard` });
        break;
      }
      credits.recordOutcome(creditId, { result: 'declined', reason: result.kind === 'busy' ? 'terminal busy: nothing credited' : `rejected by Clover: ${why(`HTTP ${result.httpStatus ?? '?'}`)}` });
      if (result.kind === 'busy') throw new CounterError('TERMINAL_BUSY', 'The terminal is busy with another operation; nothing was credited. Try again when it is free.');
      break;
    case 'timeout':
      credits.recordOutcome(creditId, { result: 'unknown', reason: 'the terminal did not answer in time' });
      break;
    case 'unknown':
      credits.recordOutcome(creditId, { result: 'unknown', reason: `outcome unknown (${result.cause})` });
      break;
  }
  const view = creditView(till, credits.get(creditId)!);
  if (note) view.message = note;
  return view;
}
