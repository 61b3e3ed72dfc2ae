// After a restore, before the till sells again: the restored ledger knows nothing of what was sold
// after its backup was made, but Clover does. Every payment Clover took on this counter's
// terminals since the backup's newest record that the ledger does not hold is recorded again
// (journaled with its own externalPaymentId, approved with Clover's id and amount, flagged for a
// manager), and a sale the backup had still open is settled with what Clover says. The outbox
// then delivers them: Odoo is searched by each payment's key (CLV:<Clover id>) first, so one it
// already has from before the restore is found, never booked twice.
import { interpretPayment, type CloverPayment } from '../../clover';
import type { Sale } from '../../shared/domain';
import { formatMinor } from '../../shared/money';
import { LedgerRuleError } from '../../sync';
import { clearRestorePending, flagSaleProblem, readRestorePending, type RestorePending } from '../../sync/ledger/backup';
import { deviceIdOf, ownDeviceIds } from '../counter-devices';
import type { Till } from '../create-till';
import { moneyOrigin } from '../odoo-binding';
import { leaseHeld } from '../process-lease';
import { newExternalPaymentId, newIdempotencyKey } from '../sales/attempt-ids';
import { outcomeOfLookup } from '../sales/payment-lookup';
import { emit } from '../sales/sale-outcome';

export interface ReconcileReport {
  /** Clover's payments were read from this time (local midnight of the backup's newest record's day). */
  fromMs: number;
  cloverPayments: number;
  /** Payments Clover took that the restored ledger did not have: recorded again. */
  reRecorded: Array<{ saleId: number; cloverPaymentId: string; total: number }>;
  /** Sales the backup had open (or given up on) that Clover took: recorded approved. */
  settled: Array<{ saleId: number; cloverPaymentId: string }>;
  /** Payments the ledger has as taken that Clover shows voided (after the backup): flagged. */
  voidedAtClover: Array<{ saleId: number; cloverPaymentId: string }>;
}

const DAY_MS = 86_400_000;
const CLOCK_MARGIN_MS = 60_000;
const ACTOR = 'restore';
/** Re-recorded sales whose terminal still has an open sale from the backup take this marker. */
const RESTORED_TERMINAL = 'RESTORED';
export const RE_RECORDED_PROBLEM = 'Re-recorded after a restore: Clover took this payment after the restored backup was made. Recorded from Clover as a walk-in sale; check its customer and document in Odoo.';
const VOIDED_PROBLEM = 'After a restore: Clover shows this payment voided, but the restored backup has it as taken (voided after the backup). Check it on the Clover dashboard and in Odoo.';

/** Reconciles a restored ledger if a restore is waiting for it; null when none is. */
export async function reconcilePendingRestore(till: Till): Promise<ReconcileReport | null> {
  const pending = readRestorePending(till.ledger.path);
  return pending ? reconcileAfterRestore(till, pending) : null;
}

/** Throws when Clover cannot be asked: the restore then stays pending, to be reconciled again. */
export async function reconcileAfterRestore(till: Till, pending: RestorePending): Promise<ReconcileReport> {
  const since = pending.newestEntryAt ?? pending.restoredAt - 7 * DAY_MS;
  const day = new Date(since);
  const fromMs = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  const listed = await till.merchant().platform.listPayments({ fromMs, toMs: Math.max(till.now(), since) + CLOCK_MARGIN_MS });
  const report: ReconcileReport = { fromMs, cloverPayments: listed.length, reRecorded: [], settled: [], voidedAtClover: [] };
  const own = ownDeviceIds(till, fromMs - DAY_MS);
  for (const payment of [...listed].sort((a, b) => (a.createdTime ?? 0) - (b.createdTime ?? 0))) {
    const known = till.ledger.payments.byCloverPaymentId(payment.id);
    if (known) {
      if ((payment.result === 'VOIDED' || payment.result === 'VOIDING') && known.voidedAt === null) {
        flagSaleProblem(till.ledger.path, known.saleId, VOIDED_PROBLEM, ACTOR);
        report.voidedAtClover.push({ saleId: known.saleId, cloverPaymentId: payment.id });
      }
      continue;
    }
    if (interpretPayment(payment, undefined).kind !== 'approved') continue; // no money moved
    const sale = payment.externalPaymentId ? till.ledger.sales.byExternalPaymentId(payment.externalPaymentId) : undefined;
    if (sale) {
      if (settleFromClover(till, sale, payment)) report.settled.push({ saleId: sale.id, cloverPaymentId: payment.id });
      continue;
    }
    // Another counter's payment on the same merchant is not this ledger's to record.
    const device = deviceIdOf(payment);
    if (device === null || !own.has(device)) continue;
    const saleId = reRecord(till, payment, device);
    report.reRecorded.push({ saleId, cloverPaymentId: payment.id, total: payment.amount });
  }
  clearRestorePending(till.ledger.path);
  till.logger.log('info', 'restored ledger reconciled with Clover', { reRecorded: report.reRecorded.length, settled: report.settled.length, from: pending.backup });
  return report;
}

/** A sale the backup holds that Clover took since: its approval is recorded (late, if it had been given up). */
function settleFromClover(till: Till, sale: Sale, payment: CloverPayment): boolean {
  const settled = sale.state === 'approved' || sale.state === 'partial' || (sale.state === 'forced' && sale.forcedOutcome === 'approved');
  if (settled || leaseHeld(till, 'sale', sale)) return false;
  const after = till.ledger.sales.recordOutcome(sale.id, outcomeOfLookup(sale, { kind: 'payment', payment }, false, ''), ACTOR).sale;
  emit(till, after);
  return after.state === 'approved' || after.state === 'partial';
}

/** Journaled, sent and approved in one commit, as the sale it was; then flagged for a manager. */
function reRecord(till: Till, payment: CloverPayment, deviceId: string): number {
  const terminal = till.settings().terminals.find((t) => t.deviceId === deviceId)?.serial ?? RESTORED_TERMINAL;
  const journal = (terminalSerial: string) =>
    till.ledger.transaction(() => {
      const sale = till.ledger.sales.journal({
        externalPaymentId: payment.externalPaymentId ?? newExternalPaymentId('S'),
        idempotencyKey: newIdempotencyKey(),
        target: { kind: 'walk_in' },
        amount: payment.amount,
        currency: till.settings().currency,
        cashier: ACTOR,
        terminalSerial,
        training: till.config.training,
        ...moneyOrigin(till),
      });
      till.ledger.sales.markSent(sale.id, undefined, ACTOR);
      return till.ledger.sales.recordOutcome(sale.id, outcomeOfLookup(sale, { kind: 'payment', payment }, false, ''), ACTOR).sale;
    });
  let sale: Sale;
  try {
    sale = journal(terminal);
  } catch (error) {
    // The backup still has an open sale on that terminal (one open sale per terminal).
    if (!(error instanceof LedgerRuleError && error.code === 'busy')) throw error;
    sale = journal(RESTORED_TERMINAL);
  }
  flagSaleProblem(till.ledger.path, sale.id, RE_RECORDED_PROBLEM, ACTOR);
  till.logger.log('warn', 're-recorded a Clover payment after a restore', { saleId: sale.id, cloverPaymentId: payment.id, amount: formatMinor(payment.amount) });
  emit(till, till.ledger.sales.get(sale.id) ?? sale);
  return sale.id;
}
