// A card sale on the Clover terminal, journal first (architecture.md "a card sale, end to end"):
//   1. checks: ledger writable, terminal known and free, amount still due on the document;
//   2. the attempt is committed (externalPaymentId + Idempotency-Key) BEFORE any network call;
//   3. POST /connect/v1/payments, held until the customer finishes;
//   4. the outcome, the payment and its outbox item are committed together;
//   5. an unknown outcome is looked up at once and otherwise left for the resolver.
import type { PaymentResult } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { SaleView } from '../../shared/contract/views';
import type { ErpTarget } from '../../shared/domain';
import type { SaleOutcome } from '../../sync';
import { clearInFlight, markInFlight } from './in-flight';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { quoteSurcharge, type CardFunding } from '../surcharge';
import { newExternalPaymentId, newIdempotencyKey, refuseRepeatedAttempt } from './attempt-ids';
import { resolveSale } from './sale-recovery';
import { toSaleView } from './sale-view';
import { emit, recordSaleOutcome } from './sale-outcome';
import { pickTerminal, requireLedgerWritable, requireTerminalFree } from './terminal-guard';
import { checkAmountDue, erpTarget } from './amount-due';

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
  requireLedgerWritable(till);
  refuseRepeatedAttempt(till, input.opId);
  const terminal = pickTerminal(till, input.terminalSerial);
  requireTerminalFree(till, terminal.serial);
  const merchant = till.merchant();
  const settings = till.settings();
  const target: ErpTarget = await erpTarget(till, input.target);
  await checkAmountDue(till, target, input.amount);
  const quote = quoteSurcharge(input.amount, { funding: input.funding }, settings.surcharge);

  const sale = till.ledger.sales.journal({
    externalPaymentId: newExternalPaymentId('S'),
    idempotencyKey: newIdempotencyKey(),
    target,
    amount: input.amount,
    surcharge: quote.surcharge,
    currency: settings.currency,
    cashier: till.config.cashier,
    terminalSerial: terminal.serial,
    training: till.config.training,
    ...(input.parentSaleId ? { parentSaleId: input.parentSaleId } : {}),
    ...(input.opId ? { opId: input.opId } : {}),
  });
  emit(till, sale);

  const device = merchant.payDisplay(terminal.serial);
  till.ledger.sales.markSent(sale.id);
  emit(till, till.ledger.sales.get(sale.id)!);
  markInFlight(till, sale.id);
  let result: PaymentResult;
  try {
    result = await device.sale({
      amount: quote.total,
      externalPaymentId: sale.externalPaymentId,
      idempotencyKey: sale.idempotencyKey,
      ...(target.kind !== 'walk_in' && target.ref ? { externalReferenceId: target.ref.slice(0, 12) } : {}),
    });
  } catch (error) {
    // A thrown error means Clover processed nothing (bad input, reauthorisation needed).
    recordSaleOutcome(till, sale.id, { result: 'cancelled', reason: `not sent: ${(error as Error).message}` });
    throw error;
  } finally {
    clearInFlight(till, sale.id);
  }

  const settled = recordSaleOutcome(till, sale.id, outcomeOf(result));
  if (settled.state === 'unknown') {
    // One immediate lookup; if Clover still cannot say, the sale waits in Needs attention.
    await resolveSale(till, settled.id).catch((e) => till.logger.log('warn', 'immediate resolve failed', { saleId: settled.id, error: String(e) }));
  } else {
    // End every flow on a resting screen, or the device keeps a spinner (field-lessons §2).
    void (settled.state === 'approved' || settled.state === 'partial' ? device.showThankYou() : device.showWelcome()).catch(() => {});
  }
  const view = toSaleView(till.ledger, till.ledger.sales.get(sale.id)!);
  if (result.kind === 'busy' && view.moneyMoved === 'no') {
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
