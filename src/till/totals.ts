// End-of-day totals for one local day of this machine, by card brand, checked against Clover's
// own payment list for the same period (field-lessons §11, three-way match: till ↔ Clover here;
// Odoo has its own sync status). Training records never count towards real totals: a till
// totals only the records of the mode it runs in.
//
// Definitions (minor units): sales = charged on the day's payments (surcharge included);
// voids = payments voided that day; refunds = refunds made that day plus non-referenced credits
// (money back to a card); surcharge = on the day's sales less the day's voided ones;
// net = sales − voids − refunds.
import { interpretPayment, type CloverPayment } from '../clover';
import { CounterError } from '../shared/contract/result';
import type { BrandTotals, DayTotalsView } from '../shared/contract/views';
import { UNRESOLVED_OPERATION_STATES, UNRESOLVED_SALE_STATES, type Credit, type Payment, type Refund } from '../shared/domain';
import { formatMinor } from '../shared/money';
import { AUDIT_HEAD_DIGITS } from '../sync';
import type { Till } from './create-till';
import { REFUND_MAX_AGE_DAYS } from './refunds/refund-payment';
import { leaseHeld } from './process-lease';
import { isOwnPayment, ownDeviceIds } from './counter-devices';
import { outcomeOfLookup } from './sales/payment-lookup';
import { emit } from './sales/sale-outcome';

type Difference = DayTotalsView['clover']['differences'][number];

const DAY_MS = 86_400_000;
const ALL = 1_000_000;

/** [fromMs, toMs) of a local calendar day; DST days are 23 or 25 hours long. */
export function localDay(date: string): { fromMs: number; toMs: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]) - 1, Number(m[3])] : [NaN, NaN, NaN];
  const start = new Date(y, mo, d);
  if (!m || start.getFullYear() !== y || start.getMonth() !== mo || start.getDate() !== d) throw new CounterError('BAD_INPUT', 'Use a real date as YYYY-MM-DD.');
  return { fromMs: start.getTime(), toMs: new Date(y, mo, d + 1).getTime() };
}

const moved = (op: Refund | Credit) => op.state === 'approved' || (op.state === 'forced' && op.forcedOutcome === 'approved');

export async function dayTotals(till: Till, input: { date: string }): Promise<DayTotalsView> {
  const { fromMs, toMs } = localDay(input.date);
  const training = till.config.training;
  const inDay = (t: number | null) => t !== null && t >= fromMs && t < toMs;
  const brands = new Map<string, BrandTotals>();
  const row = (brand: string | null) => {
    const key = brand ?? 'UNKNOWN';
    let b = brands.get(key);
    if (!b) brands.set(key, (b = { brand: key, sales: 0, salesCount: 0, refunds: 0, refundsCount: 0, voids: 0, voidsCount: 0, surcharge: 0 }));
    return b;
  };
  const differences: Difference[] = [];
  // Clover's payments first: one it took for a sale the ledger gave up on is recorded (late)
  // before anything is added up, so the totals hold the money that moved.
  const listed = await cloverPayments(till, { fromMs, toMs });
  if (Array.isArray(listed)) recordLateApprovals(till, listed, differences);

  // Refunds are allowed up to 180 days after their payment, so today's refunds belong to these.
  const payments = till.ledger.payments.list({ since: fromMs - (REFUND_MAX_AGE_DAYS + 1) * DAY_MS, limit: ALL, training });
  const dayPayments = payments.filter((p) => inDay(p.createdAt));
  for (const p of payments) {
    const total = p.amount + p.surcharge;
    if (inDay(p.createdAt)) {
      const b = row(p.cardBrand);
      b.sales += total;
      b.salesCount++;
      b.surcharge += p.surcharge;
    }
    if (inDay(p.voidedAt)) {
      const b = row(p.cardBrand);
      b.voids += total;
      b.voidsCount++;
      b.surcharge -= p.surcharge;
    }
    for (const r of till.ledger.refunds.forPayment(p.id)) {
      if (!inDay(r.createdAt)) continue;
      if (moved(r)) {
        const b = row(p.cardBrand);
        b.refunds += r.amount;
        b.refundsCount++;
      } else if (UNRESOLVED_OPERATION_STATES.includes(r.state)) {
        differences.push({ cloverPaymentId: p.cloverPaymentId, saleId: p.saleId, what: `refund #${r.id} of ${formatMinor(r.amount)} has an unknown outcome: not in the totals; settle it in Needs attention` });
      }
    }
  }
  for (const c of till.ledger.credits.madeBetween(fromMs, toMs, training)) {
    if (moved(c)) {
      const b = row(c.cardBrand);
      b.refunds += c.amount;
      b.refundsCount++;
    } else if (UNRESOLVED_OPERATION_STATES.includes(c.state)) {
      differences.push({ cloverPaymentId: null, saleId: null, what: `credit #${c.id} of ${formatMinor(c.amount)} has an unknown outcome: not in the totals; settle it in Needs attention` });
    }
  }
  for (const s of till.ledger.sales.list({ since: fromMs, limit: ALL })) {
    if (s.createdAt >= toMs || s.training !== training) continue;
    if (UNRESOLVED_SALE_STATES.includes(s.state)) {
      differences.push({ cloverPaymentId: s.cloverPaymentId, saleId: s.id, what: `sale #${s.id} of ${formatMinor(s.amount + s.surcharge)} has an unknown outcome: not in the totals; resolve it in Needs attention` });
    } else if (s.problem) {
      differences.push({ cloverPaymentId: s.cloverPaymentId, saleId: s.id, what: `sale #${s.id}: ${s.problem}` });
    }
  }

  const byBrand = [...brands.values()].sort((a, b) => a.brand.localeCompare(b.brand));
  const net = byBrand.reduce((n, b) => n + b.sales - b.voids - b.refunds, 0);
  const clover = await compareWithClover(till, dayPayments, listed, differences, { fromMs, toMs });
  const head = till.ledger.audit.head();
  return { date: input.date, currency: till.settings().currency, byBrand, net, clover, auditHead: { seq: head.seq, hash: head.hash.slice(0, AUDIT_HEAD_DIGITS) } };
}


async function cloverPayments(till: Till, range: { fromMs: number; toMs: number }): Promise<CloverPayment[] | Error> {
  try {
    return await till.merchant().platform.listPayments(range);
  } catch (error) {
    return error as Error;
  }
}

/**
 * A Clover approval carrying the id of a sale the ledger has as cancelled, declined, unknown
 * or forced declined is money that moved: recorded now as a late approval (never while another
 * process still waits for that sale's answer).
 */
function recordLateApprovals(till: Till, listed: CloverPayment[], differences: Difference[]): void {
  for (const c of listed) {
    if (!c.externalPaymentId || interpretPayment(c, undefined).kind !== 'approved' || till.ledger.payments.byCloverPaymentId(c.id)) continue;
    const sale = till.ledger.sales.byExternalPaymentId(c.externalPaymentId);
    if (!sale || sale.state === 'approved' || sale.state === 'partial' || (sale.state === 'forced' && sale.forcedOutcome === 'approved')) continue;
    if (leaseHeld(till, 'sale', sale)) continue;
    try {
      const after = till.ledger.sales.recordOutcome(sale.id, outcomeOfLookup(sale, { kind: 'payment', payment: c }, false, ''), 'end of day').sale;
      emit(till, after);
      differences.push({ cloverPaymentId: c.id, saleId: sale.id, what: `Clover took ${formatMinor(c.amount + (c.tipAmount ?? 0))} for sale #${sale.id}, which the ledger had as ${sale.state}: recorded now as approved late` });
    } catch (error) {
      till.logger.log('error', 'could not record a late approval', { saleId: sale.id, error: String(error) });
    }
  }
}

async function compareWithClover(till: Till, dayPayments: Payment[], listed: CloverPayment[] | Error, local: Difference[], range: { fromMs: number; toMs: number }): Promise<DayTotalsView['clover']> {
  if (listed instanceof Error) {
    return { checked: false, message: `Clover could not be asked for its payments (${listed.message}); the totals are the till's alone.`, differences: local };
  }
  const differences = [...local];
  const byId = new Map(listed.map((c) => [c.id, c]));
  const matched = new Set<string>();
  for (const p of dayPayments) {
    const total = p.amount + p.surcharge;
    if (!p.cloverPaymentId) {
      differences.push({ cloverPaymentId: null, saleId: p.saleId, what: `payment of ${formatMinor(total)} was settled by hand without a Clover payment id: check it on the Clover dashboard` });
      continue;
    }
    matched.add(p.cloverPaymentId);
    // Clover's clock may put it just across midnight: ask for it by id before calling it missing.
    const c = byId.get(p.cloverPaymentId) ?? (await till.merchant().platform.getPayment(p.cloverPaymentId).catch(() => undefined));
    if (c === undefined) {
      differences.push({ cloverPaymentId: p.cloverPaymentId, saleId: p.saleId, what: 'Clover could not be asked about this payment' });
    } else if (c === null) {
      differences.push({ cloverPaymentId: p.cloverPaymentId, saleId: p.saleId, what: `the ledger has a payment of ${formatMinor(total)} that Clover does not have` });
    } else {
      const what = mismatch(p, c);
      if (what) differences.push({ cloverPaymentId: p.cloverPaymentId, saleId: p.saleId, what });
    }
  }
  // Another counter's payments on the same merchant are not this till's difference: the store
  // view (store-day.ts) holds the whole merchant against Odoo.
  const own = ownDeviceIds(till, range.fromMs - DAY_MS);
  for (const c of listed) {
    if (matched.has(c.id) || interpretPayment(c, undefined).kind !== 'approved') continue; // declined and voided: no money
    if (!isOwnPayment(till, c, own)) continue;
    const known = till.ledger.payments.byCloverPaymentId(c.id);
    if (known) continue; // recorded on another day
    const amount = formatMinor(c.amount + (c.tipAmount ?? 0));
    const sale = c.externalPaymentId ? till.ledger.sales.byExternalPaymentId(c.externalPaymentId) : undefined;
    differences.push(
      sale
        ? { cloverPaymentId: c.id, saleId: sale.id, what: `Clover took ${amount} for sale #${sale.id}, which the ledger has as ${sale.state}: resolve it in Needs attention` }
        : { cloverPaymentId: c.id, saleId: null, what: `Clover has a payment of ${amount} that the ledger does not have` },
    );
  }
  const extra = differences.length - local.length;
  return { checked: true, message: extra > 0 ? `${extra} difference(s) with Clover.` : null, differences };
}

function mismatch(p: Payment, c: CloverPayment): string | null {
  const total = p.amount + p.surcharge;
  const cloverTotal = c.amount + (c.tipAmount ?? 0);
  const voidedAtClover = c.result === 'VOIDED' || c.result === 'VOIDING';
  if (voidedAtClover && p.voidedAt === null) return 'Clover shows this payment voided; the ledger does not';
  if (!voidedAtClover && p.voidedAt !== null) return `the ledger shows this payment voided; Clover shows it as ${c.result ?? 'unknown'}`;
  if (!voidedAtClover && interpretPayment(c, undefined).kind !== 'approved') return `Clover shows this payment as ${c.result ?? 'unknown'}; the ledger has it as taken`;
  if (cloverTotal !== total) return `amount differs: ledger ${formatMinor(total)}, Clover ${formatMinor(cloverTotal)}`;
  return null;
}
