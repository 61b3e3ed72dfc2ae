// What Clover itself says about a payment right before money goes back (field-lessons §6: live
// refundable balance, pre-refund verification of the original). The device's PayResponse carries
// the payment's refunds; Platform v3 is the fallback (its client does not expand refunds, so
// there `refunded` may be unknown and the ledger's figure stands).
import { CloverRequestError, CredentialRejectedError, interpretPayment, ReauthorizeRequiredError, type ChargeBalance, type CloverPayment } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { Payment, Sale } from '../../shared/domain';
import { cloverCapabilities } from '../clover-capabilities';
import type { Till } from '../create-till';
import { KEYED_TERMINAL } from '../sales/sale-view';

export interface CloverBalance {
  paymentId: string;
  result: string;
  approved: boolean;
  /** Charged amount including any tip, in minor units. */
  amount: number;
  /** Sum of Clover's successful refunds; null when the answer did not list refunds. */
  refunded: number | null;
  createdTime: number | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function refundedOf(p: CloverPayment, absentMeansNone: boolean): number | null {
  const raw = (p as Record<string, unknown>).refunds;
  const list = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw.elements) ? raw.elements : null;
  if (!list) return absentMeansNone ? 0 : null;
  let sum = 0;
  for (const r of list) {
    if (!isRecord(r) || typeof r.amount !== 'number') continue;
    if (/FAIL|DECLIN|CANCEL/i.test(String(r.status ?? r.result ?? ''))) continue; // failed refunds gave nothing back
    sum += r.amount;
  }
  return sum;
}

function balanceOf(p: CloverPayment, absentMeansNone: boolean): CloverBalance {
  return {
    paymentId: p.id,
    result: p.result ?? 'UNKNOWN',
    approved: interpretPayment(p, undefined).kind === 'approved',
    amount: p.amount + (p.tipAmount ?? 0),
    refunded: refundedOf(p, absentMeansNone),
    createdTime: typeof p.createdTime === 'number' ? p.createdTime : null,
  };
}

function chargeBalanceOf(c: ChargeBalance): CloverBalance {
  return { paymentId: c.chargeId, result: c.status ?? (c.paid ? 'succeeded' : 'failed'), approved: c.paid, amount: c.amount, refunded: c.amountRefunded, createdTime: c.created };
}

/**
 * Clover's view of the sale's payment; null when Clover has no such payment. Throws
 * CLOVER_UNAVAILABLE (or NOT_CONNECTED) when Clover cannot be asked: then nothing may be refunded.
 */
export async function readCloverBalance(till: Till, sale: Sale, payment: Payment, serial: string): Promise<CloverBalance | null> {
  const id = payment.cloverPaymentId;
  if (!id) return null;
  const merchant = till.merchant();
  if (sale.terminalSerial !== KEYED_TERMINAL) {
    // The PayResponse lists the payment's refunds when it has any (remote-pay-cloud-api Payment.refunds).
    const r = await merchant.payDisplay(serial).getPayment(id).catch(() => null);
    if (r?.kind === 'found') return balanceOf(r.value, true);
  }
  try {
    // An Ecommerce private key cannot read v3 payments (§4): ask the Ecommerce host for the charge.
    if (sale.terminalSerial === KEYED_TERMINAL && (await cloverCapabilities(till)).platform !== 'full') {
      const charge = await merchant.ecommerce.getCharge(id);
      return charge ? chargeBalanceOf(charge) : null;
    }
    const p = await merchant.platform.getPayment(id);
    return p ? balanceOf(p, false) : null;
  } catch (error) {
    if (error instanceof CredentialRejectedError) throw new CounterError('NOT_CONNECTED', `${error.message} Nothing was refunded.`);
    if (error instanceof ReauthorizeRequiredError || (error instanceof CloverRequestError && error.kind === 'unauthorized')) {
      throw new CounterError('NOT_CONNECTED', 'Clover refused the credentials: reconnect Clover, then try again. Nothing was refunded.');
    }
    if (!(error instanceof CloverRequestError)) throw error;
    throw new CounterError('CLOVER_UNAVAILABLE', `Clover could not confirm what is still refundable (${(error as Error).message}). Nothing was refunded; try again.`);
  }
}
