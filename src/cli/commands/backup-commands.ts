// backup [--to <folder>] and restore <file> | --finish: a verified copy of the ledger, and a
// ledger put back from one, reconciled with Clover and Odoo before the till sells again.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatMinor } from '../../shared/money';
import { backupNow } from '../../till/backup/make-backup';
import { reconcilePendingRestore, type ReconcileReport } from '../../till/backup/reconcile';
import { restoreLedger, type RestoreResult } from '../../till/backup/restore';
import { resolveDataDir } from '../../till/config/till-config';
import { startSync } from '../../till/sync-runner';
import { toApiError } from '../../till/api/to-api-error';
import { type CliContext, CliExit, EXIT } from '../cli-context';

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const sales = (n: number) => `${n} sale${n === 1 ? '' : 's'}`;

export function registerBackupCommands(program: Command, ctx: () => CliContext): void {
  program
    .command('backup')
    .description('copy the ledger to the backup folder (the till keeps selling), verify the copy and rotate old ones')
    .option('--to <folder>', 'this folder instead of the one in the settings (backup.folder)')
    .action(async (opts: { to?: string }) => {
      const c = ctx();
      const till = await c.till();
      const backup = await backupNow(till, opts.to ? { to: opts.to } : {});
      c.print({ backup }, [
        `Backed up to ${backup.path} (${megabytes(backup.bytes)}, ${sales(backup.sales)}).`,
        `Verified: the copy is whole and its ${backup.recordsChecked} records match its audit log${backup.auditHead ? ` (up to entry ${backup.auditHead})` : ''}.`,
        ...(backup.removed.length ? [`Removed ${backup.removed.length} older backup(s) by rotation.`] : []),
      ]);
    });

  program
    .command('restore')
    .description('put a backup in place of the ledger (the app must be closed), then reconcile with Clover and Odoo')
    .argument('[file]', 'the backup file')
    .option('--finish', 'only reconcile a restore that could not reach Clover before')
    .action(async (file: string | undefined, opts: { finish?: boolean }) => {
      const c = ctx();
      if (!file === !opts.finish) throw new CliExit(EXIT.usage, { code: 'BAD_INPUT', message: 'Give the backup file to restore, or --finish alone.' });
      // Before any till opens the ledger: the file is checked, and swapped only if nobody holds it.
      const restored = file ? await restoreLedger(resolveDataDir(c.options.dataDir), resolve(file), Date.now()) : null;
      if (restored && !c.options.json) process.stderr.write(`${restoredLines(restored).join('\n')}\nReconciling with Clover…\n`);
      const till = await c.till();
      let report: ReconcileReport | null;
      try {
        report = await reconcilePendingRestore(till);
      } catch (error) {
        const why = toApiError(error).message;
        throw new CliExit(EXIT.refused, {
          code: 'REFUSED',
          message: `${restored ? 'The backup is in place, but it' : 'The restored ledger'} is NOT reconciled with Clover yet (${why}). Do not sell on this till: run \`counter restore --finish\` once Clover answers.`,
        });
      }
      if (!report) {
        c.print({ restored, reconciled: null }, 'No restore is waiting to be reconciled.');
        return;
      }
      // The outbox now: Odoo is searched by each payment's key, so what it had before the restore is found, not sent again.
      const worker = startSync(till);
      if (worker) {
        await worker.runUntilIdle();
        await worker.stop();
      }
      const outbox = till.ledger.outbox.metrics();
      c.print({ restored, reconciled: report, outbox }, [
        ...(restored ? restoredLines(restored) : []),
        ...reconcileLines(report),
        worker ? `Odoo: ${outbox.depth} waiting, ${outbox.parked} parked.` : 'Odoo is not configured: nothing delivered.',
        'The till may sell again.',
      ]);
    });
}

function restoredLines(r: RestoreResult): string[] {
  return [`Restored ${r.restoredFrom} (${sales(r.sales)}, newest record ${r.newestEntryAt ? new Date(r.newestEntryAt).toLocaleString() : 'none'}).`, r.keptAs ? `The ledger that was in place is kept as ${r.keptAs}.` : 'There was no ledger in place.'];
}

function reconcileLines(r: ReconcileReport): string[] {
  const lines = [`Clover: ${r.cloverPayments} payment(s) since ${new Date(r.fromMs).toLocaleDateString()} looked at.`];
  for (const s of r.reRecorded) lines.push(`  re-recorded sale #${s.saleId}: Clover payment ${s.cloverPaymentId}, ${formatMinor(s.total)} (flagged in Needs attention)`);
  for (const s of r.settled) lines.push(`  sale #${s.saleId} settled from Clover: payment ${s.cloverPaymentId}`);
  for (const s of r.voidedAtClover) lines.push(`  sale #${s.saleId}: Clover shows payment ${s.cloverPaymentId} voided (flagged in Needs attention)`);
  if (!r.reRecorded.length && !r.settled.length) lines.push('  nothing was missing from the backup.');
  return lines;
}
