// Runs the outbox worker for a till (the app and the web bridge keep it running; the CLI's
// `sync` runs it once). Its status goes to the UI as `sync.status` events.
import { createSyncWorker, OdooError, type OutboxWork, type SyncWorker } from '../sync';
import { bindOdooIfUnbound, heldReason } from './odoo-binding';
import type { Till } from './create-till';

export function startSync(till: Till, options: { concurrency?: number } = {}): SyncWorker | null {
  const erp = till.erp;
  if (!erp) return null;
  bindOdooIfUnbound(till);
  compactDelivered(till);
  // Money of another Clover environment or merchant than Odoo's is parked with the reason, never sent.
  const deliver = (work: OutboxWork) => {
    const held = heldReason(till, work);
    if (held) return Promise.reject(new OdooError({ kind: 'config', status: 0, errorClass: 'permanent', message: held }));
    bindOdooIfUnbound(till);
    return erp.deliver(work);
  };
  const worker = createSyncWorker({ ledger: till.ledger, erp: { ...erp, deliver }, logger: till.logger, concurrency: options.concurrency ?? 4 });
  worker.onEvent(() => till.events.emit('sync.status', till.ledger.outbox.metrics()));
  worker.start();
  return worker;
}

/** Retention: delivered queue items older than the store keeps them (settings.odoo.keepDeliveredDays). */
export function compactDelivered(till: Till): number {
  const days = till.settings().odoo.keepDeliveredDays;
  try {
    return till.ledger.outbox.compact(till.now() - days * 86_400_000, 'retention');
  } catch (error) {
    till.logger.log('warn', 'outbox compaction failed', { error: String(error) });
    return 0;
  }
}
