// outbox status | list | retry <id>, and sync [--once].
import type { Command } from 'commander';
import type { OutboxItemView } from '../../shared/contract/views';
import { startSync } from '../../till/sync-runner';
import { type CliContext, CliExit, EXIT } from '../cli-context';
import { idArg } from '../parse-args';

const itemLine = (i: OutboxItemView) => `#${i.id} ${i.kind} ${i.state} ${i.erpKey} attempts=${i.attempts}${i.parkReason ? ` parked: ${i.parkReason}` : i.lastError ? ` last error: ${i.lastError}` : ''}`;

export function registerSyncCommands(program: Command, ctx: () => CliContext): void {
  const outbox = program.command('outbox').description('the queue of records waiting for Odoo');
  outbox.command('status').action(async () => {
    const c = ctx();
    const s = await c.call('outbox.status', {});
    const age = s.oldestPendingAgeMs === null ? '-' : `${Math.round(s.oldestPendingAgeMs / 1000)} s`;
    c.print({ status: s }, [`waiting ${s.depth}, in flight ${s.inFlight}, parked ${s.parked}, delivered ${s.delivered}, oldest ${age}`, ...(s.pausedReason ? [`PAUSED: ${s.pausedReason}`] : []), ...(s.lastError ? [`last error: ${s.lastError}`] : [])]);
  });
  outbox
    .command('list')
    .option('--state <state>', 'pending | in_flight | delivered | parked | cancelled_locally')
    .action(async (opts: { state?: string }) => {
      const c = ctx();
      const items = await c.call('outbox.list', opts.state ? { state: opts.state } : {});
      c.print({ items }, items.length ? items.map(itemLine) : 'The outbox is empty.');
    });
  outbox.command('retry').argument('<id>', 'outbox item', idArg).action(async (id: number) => {
    const c = ctx();
    const item = await c.call('outbox.retry', { id });
    c.print({ item }, itemLine(item));
  });

  program
    .command('sync')
    .description('deliver the outbox to Odoo (until stopped, or --once until idle)')
    .option('--once', 'stop when nothing more can be sent')
    .action(async (opts: { once?: boolean }) => {
      const c = ctx();
      const till = await c.till();
      const worker = startSync(till);
      if (!worker) throw new CliExit(EXIT.usage, { code: 'BAD_INPUT', message: 'Odoo is not configured: set ODOO_URL (and the API key).' });
      if (!opts.once) {
        process.stderr.write('syncing; Ctrl-C to stop\n');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
      } else await worker.runUntilIdle();
      await worker.stop();
      const s = till.ledger.outbox.metrics();
      c.print({ status: s }, `delivered ${s.delivered}, waiting ${s.depth}, parked ${s.parked}${s.pausedReason ? `, PAUSED: ${s.pausedReason}` : ''}`);
      if (s.pausedReason || s.parked > 0) throw new CliExit(EXIT.refused);
    });
}
