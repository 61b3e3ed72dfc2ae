// While the app runs, open sales are asked about again (issue 11: a sale Clover has no payment
// for yet stays open and is "looked up again later"; a sale another process was waiting on is
// looked at once that process is gone). Only lookups: nothing is ever resent from here.
import type { Till } from './create-till';
import { recoverUnknownOutcomes } from './startup-recovery';

export const RECOVERY_EVERY_MS = 30_000;

export function startRecoveryLoop(till: Till, everyMs = RECOVERY_EVERY_MS): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running || (till.ledger.sales.unresolved().length === 0 && !hasOpenOperations(till))) return;
    running = true;
    recoverUnknownOutcomes(till)
      .catch((error: unknown) => till.logger.log('warn', 'background recovery failed', { error: String(error) }))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function hasOpenOperations(till: Till): boolean {
  const l = till.ledger;
  return l.refunds.unresolved().length + l.voids.unresolved().length + l.credits.unresolved().length > 0;
}
