// Changing where the till's money goes (issue 12): another Clover environment, merchant or host
// while records taken under the current one are still on their way (sales not settled, outbox
// items not delivered) would leave them to be sent, looked up or refunded under the wrong
// merchant. Refused until they are delivered or settled; what is parked waits for a manager
// and does not hold this up.
import { CounterError } from '../shared/contract/result';
import type { Settings } from '../shared/settings';
import type { Till } from './create-till';

const WHERE_MONEY_GOES = ['environment', 'region', 'apiUrl', 'webUrl', 'ecommerceUrl', 'tokenUrl'] as const;

/** Records still on their way, in words, or null when there are none. */
export function moneyInTransit(till: Till): string | null {
  const l = till.ledger;
  const m = l.outbox.metrics();
  const waiting = m.depth + m.inFlight;
  const open = l.sales.unresolved().length + l.refunds.unresolved().length + l.voids.unresolved().length + l.credits.unresolved().length;
  const parts = [waiting ? `${waiting} record(s) not yet delivered to Odoo` : null, open ? `${open} sale(s) or refund(s) whose outcome is not settled` : null].filter(Boolean);
  return parts.length ? parts.join(' and ') : null;
}

/** Throws REFUSED naming what is on its way; `what` is the change, e.g. "Connecting another Clover merchant". */
export function refuseWhileMoneyInTransit(till: Till, what: string): void {
  const transit = moneyInTransit(till);
  if (transit) {
    throw new CounterError('REFUSED', `${what} is refused while this till has ${transit}: deliver them (\`counter sync\`) and settle them (Needs attention / \`counter recover\`) first.`);
  }
}

/** The Clover settings a change touches that decide where money goes. */
export function cloverDestinationChanges(before: Settings, after: Settings): string[] {
  return WHERE_MONEY_GOES.filter((k) => before.clover[k] !== after.clover[k]).map((k) => `clover.${k}`);
}
