// Every record knows where its money is, and Odoo gets only the money of the one Clover
// environment and merchant it is bound to (issue 12): simulator and sandbox approvals never reach
// a store's real books, nor does another merchant's. A held record stays in the outbox with a
// plain reason; a manager decides (bind Odoo to that merchant, or leave it held).
import type { MoneyOrigin } from '../shared/domain';
import type { OutboxWork } from '../sync';
import type { Till } from './create-till';

/** Where the money the till takes now moves: its Clover environment and merchant. */
export function moneyOrigin(till: Till): { origin?: MoneyOrigin } {
  const merchantId = till.merchantId();
  return merchantId ? { origin: { environment: till.config.cloverEnv, merchantId } } : {};
}

const describe = (o: MoneyOrigin) => (o.environment === 'simulator' ? `the Clover simulator (${o.merchantId})` : `${o.environment} merchant ${o.merchantId}`);

/**
 * Binds Odoo at setup: by itself only to a production merchant, the first time the till syncs
 * while connected to one. Anything else (simulator, sandbox) only a manager binds, explicitly.
 */
export function bindOdooIfUnbound(till: Till): MoneyOrigin | null {
  const bound = till.settings().odoo.boundTo ?? null;
  if (bound || till.config.training || till.config.cloverEnv !== 'production') return bound;
  const { origin } = moneyOrigin(till);
  if (!origin) return null;
  till.updateSettings((s) => void (s.odoo.boundTo = origin));
  till.logger.log('info', 'Odoo bound to this production merchant', { merchantId: origin.merchantId });
  return origin;
}

function originOf(work: OutboxWork): MoneyOrigin | null {
  return work.kind === 'credit' ? work.credit.origin : work.payment.origin;
}

/** Why this outbox item must not go to Odoo, or null when it may. */
export function heldReason(till: Till, work: OutboxWork): string | null {
  const origin = originOf(work);
  if (!origin) return null; // recorded before v7, under the till's one configuration
  const bound = till.settings().odoo.boundTo;
  if (!bound) {
    return origin.environment === 'production'
      ? null // binds on this delivery (bindOdooIfUnbound ran at start)
      : `Taken on ${describe(origin)}: test money is never sent to Odoo. A manager may bind Odoo to it (\`counter settings set odoo.boundTo\`) if this Odoo is a test database.`;
  }
  if (bound.environment === origin.environment && bound.merchantId === origin.merchantId) return null;
  return `Taken on ${describe(origin)}, but this Odoo books the money of ${describe(bound)}: not sent. A manager decides (deliver it by hand in Odoo, or leave it here).`;
}
