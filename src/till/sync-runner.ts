// Runs the outbox worker for a till (the app and the web bridge keep it running; the CLI's
// `sync` runs it once). Its status goes to the UI as `sync.status` events.
import { createSyncWorker, type SyncWorker } from '../sync';
import type { Till } from './create-till';

export function startSync(till: Till, options: { concurrency?: number } = {}): SyncWorker | null {
  if (!till.erp) return null;
  const worker = createSyncWorker({ ledger: till.ledger, erp: till.erp, logger: till.logger, concurrency: options.concurrency ?? 4 });
  worker.onEvent(() => till.events.emit('sync.status', till.ledger.outbox.metrics()));
  worker.start();
  return worker;
}
