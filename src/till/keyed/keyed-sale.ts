// A keyed (card-not-present) sale through Clover Ecommerce: validate, journal, tokenize, charge.
// The card number lives only in memory inside this call (architecture.md "Card numbers"): it goes
// only to Clover's tokenizer, is never logged, stored, put in a message or returned (brand and
// last 4 only), and the references to it are dropped as soon as the token exists. Keying on the
// terminal itself keeps the PAN out of the app entirely and is the default.
import { CardValidationError, CloverRequestError, validateCard, type CardToken, type ChargeValue, type MoneyResult } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { SaleView } from '../../shared/contract/views';
import type { SaleOutcome } from '../../sync';
import { requireCloverFeature } from '../clover-capabilities';
import type { Till } from '../create-till';
import { cloverText } from '../refunds/operation-view';
import { runJournaledSale } from '../sales/journaled-sale';
import { keyedChargeDescription } from '../sales/payment-lookup';
import { KEYED_TERMINAL } from '../sales/sale-view';
import { quoteSurcharge } from '../surcharge';
import { counterIp } from './client-ip';

export interface KeyedCardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvv: string;
}

export interface KeyedSaleInput {
  amount: number;
  card: KeyedCardInput;
  target?: { kind: 'invoice' | 'sale_order'; id: number } | { kind: 'walk_in' };
  /** Drawn by the screen for this attempt (see refuseRepeatedAttempt). */
  opId?: string;
}

const UNKNOWN_HELP = 'It is looked up again in Needs attention. Do not key the card again.';

export async function startKeyedSale(till: Till, input: KeyedSaleInput): Promise<SaleView> {
  try {
    return await keyedSale(till, input);
  } finally {
    wipe(input.card); // whatever happened, this call holds no card number afterwards
  }
}

async function keyedSale(till: Till, input: KeyedSaleInput): Promise<SaleView> {
  const settings = till.settings();
  if (settings.clover.keyedEntry !== 'app') {
    throw new CounterError('REFUSED', 'Keyed entry in the app is off: key the card on the terminal instead (start a terminal sale and choose manual entry there). A manager can allow keying in the app in Settings.');
  }
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > 999_999_999) throw new CounterError('BAD_INPUT', 'A sale amount is a positive whole number of cents.');
  // Local checks before anything is written or sent; only brand and last 4 are kept.
  let brand: CardToken['brand'];
  try {
    ({ brand } = validateCard(input.card, new Date(till.now())));
  } catch (error) {
    if (error instanceof CardValidationError) throw new CounterError('BAD_INPUT', error.message);
    throw error;
  }
  await requireCloverFeature(till, 'ecommerce'); // before the journal: a merchant API token cannot charge
  const merchant = till.merchant();
  // Card-not-present: the funding type is unknown, so the brand's credit rate applies.
  const quote = quoteSurcharge(input.amount, { brand, funding: 'credit' }, settings.surcharge);
  return runJournaledSale<CardToken>(till, {
    kind: 'keyed',
    terminalSerial: KEYED_TERMINAL,
    amount: input.amount,
    surcharge: quote.surcharge,
    ...(input.target ? { target: input.target } : {}),
    ...(input.opId ? { opId: input.opId } : {}),
    async prepare() {
      try {
        return await merchant.ecommerce.tokenize(input.card);
      } catch (error) {
        // Nothing was charged: the token is the only way to a charge.
        if (error instanceof CloverRequestError && error.kind === 'invalid') {
          throw new CounterError('BAD_INPUT', `Clover did not accept the card (${cloverText(error.message, 'tokenization failed')}). Nothing was charged.`);
        }
        throw error;
      } finally {
        wipe(input.card);
      }
    },
    notCharged: (error) => (error instanceof Error ? cloverText(error.message, 'tokenization failed') : 'tokenization failed'),
    async send(sale, token) {
      const result = await merchant.ecommerce.charge({
        amount: quote.total,
        currency: settings.currency,
        source: token.token,
        idempotencyKey: sale.idempotencyKey,
        forwardedFor: counterIp(),
        // The attempt id, so that a charge whose answer was lost can be found (payment-lookup.ts).
        description: keyedChargeDescription(sale.externalPaymentId),
        ...(sale.target.kind !== 'walk_in' && sale.target.ref ? { externalReferenceId: sale.target.ref.slice(0, 12) } : {}),
      });
      return outcomeOf(result, quote.total, token);
    },
  });
}

function outcomeOf(result: MoneyResult<ChargeValue>, requested: number, card: CardToken): SaleOutcome {
  const details = { cardBrand: card.brand, last4: card.last4 };
  switch (result.kind) {
    case 'approved': {
      const v = result.value;
      if (v.amount > requested) return { result: 'unknown', reason: `Clover charged ${v.amount}, more than the ${requested} asked. ${UNKNOWN_HELP}` };
      const authCode = v.authCode ? { authCode: v.authCode.slice(0, 32) } : {};
      return v.amount < requested
        ? { result: 'partial', cloverPaymentId: v.chargeId, approvedAmount: v.amount, ...details, ...authCode }
        : { result: 'approved', cloverPaymentId: v.chargeId, approvedAmount: v.amount, ...details, ...authCode };
    }
    case 'declined':
      return { result: 'declined', reason: `declined: ${cloverText(result.message ?? result.code, 'declined by the card issuer')}` };
    case 'cancelled':
    case 'invalid':
      return { result: 'cancelled', reason: `rejected by Clover: ${cloverText(result.message, `HTTP ${result.httpStatus ?? '?'}`)}` };
    case 'busy':
      return { result: 'cancelled', reason: 'Clover was busy and did not take the charge: nothing was charged, try again' };
    case 'unauthorized':
      return { result: 'cancelled', reason: 'Clover refused the credentials: reconnect Clover' };
    case 'timeout':
      return { result: 'unknown', reason: `Clover did not answer in time. ${UNKNOWN_HELP}` };
    case 'unknown':
      return { result: 'unknown', reason: `Outcome unknown (${result.cause}). ${UNKNOWN_HELP}` };
  }
}

/** Drops the caller's references to the card number and CVV (JS strings cannot be zeroed). */
function wipe(card: KeyedCardInput | undefined): void {
  if (!card) return;
  try {
    card.number = '';
    card.cvv = '';
  } catch {
    // A frozen input: nothing this function can drop.
  }
}
