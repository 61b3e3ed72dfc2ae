// Child process for the crash test: drains a ledger file into an Odoo URL and reports each
// delivery on stdout ("delivered <id> reused|new"), then "idle" and exits. The test kills it
// with SIGKILL mid-drain and starts another one on the same file.
//   tsx test/support/sync-drain-child.ts <ledger.sqlite> <odoo url> <concurrency> <leaseMs>
import { MemorySecretStore } from '../../src/shared/secret-store';
import { openLedger } from '../../src/sync/ledger/ledger';
import { createOdooClient } from '../../src/sync/odoo/client';
import { loadOdooConfig } from '../../src/sync/odoo/config';
import { createErpPort } from '../../src/sync/odoo/erp-port';
import { createSyncWorker } from '../../src/sync/outbox/worker';

const [path, url, concurrency = '4', leaseMs = '1000'] = process.argv.slice(2);
const secrets = new MemorySecretStore();
await secrets.set('odoo.apiKey', process.env.SYNC_TEST_ODOO_KEY ?? 'test-key');
const config = loadOdooConfig({ ODOO_URL: url! });
const client = createOdooClient({ url: config.url, secrets, timeoutMs: 5_000, connections: Number(concurrency) });
const ledger = openLedger(path!);
const worker = createSyncWorker({
  ledger,
  erp: createErpPort({ client, config }),
  concurrency: Number(concurrency),
  leaseMs: Number(leaseMs),
  pollMs: 100,
  backoff: { baseMs: 5, maxMs: 50 },
  owner: `child:${process.pid}`,
});
worker.onEvent((e) => {
  if (e.type === 'delivered') process.stdout.write(`delivered ${e.itemId} ${e.reused ? 'reused' : 'new'}\n`);
  else process.stdout.write(`${e.type}\n`);
});
process.stdout.write(`started ${process.pid}\n`);
await worker.runUntilIdle();
await worker.stop();
ledger.close();
await client.close();
process.stdout.write('idle\n');
