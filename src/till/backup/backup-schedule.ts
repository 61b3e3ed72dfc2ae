// When the till backs itself up: after each end of day, and every few hours of trading (only
// when something was recorded since the newest backup: a closed store makes no copies of the
// same file). With no backup folder set, nothing happens and nothing is said; a folder that is
// set but cannot be used is logged as a warning (once, until it changes).
import { readLedgerFacts } from '../../sync/ledger/backup';
import type { Till } from '../create-till';
import { type BackupFile, listBackups, localDayOf } from './backup-files';
import { backupFolder } from './backup-folder';
import { backupNow, type BackupResult } from './make-backup';
import { reconcilePendingRestore } from './reconcile';

export const BACKUP_CHECK_EVERY_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;

type Occasion = 'end of day' | 'trading';

/**
 * Something recorded since the newest backup? Every change to a money record appends to the
 * audit log, so the ledger's newest entry is held against the backup's own. A backup that cannot
 * be read counts as none.
 */
export function changedSince(till: Till, newest: BackupFile | null): boolean {
  const live = readLedgerFacts(till.ledger.path).auditSeq;
  if (live === 0) return false;
  if (newest === null) return true;
  try {
    return live > readLedgerFacts(newest.path).auditSeq;
  } catch {
    return true;
  }
}

/**
 * Is a backup due? At end of day: when anything changed since the newest one. While trading:
 * when it did and the newest is `everyHours` old, or from an earlier day (the day's end passed
 * with the till closed before an end-of-day report).
 */
export function backupDue(till: Till, newest: BackupFile | null, occasion: Occasion): boolean {
  if (!changedSince(till, newest)) return false;
  if (occasion === 'end of day' || newest === null) return true;
  const now = till.now();
  return now - newest.takenAt >= till.settings().backup.everyHours * HOUR_MS || localDayOf(now) !== localDayOf(newest.takenAt);
}

const warned = new WeakMap<Till, string>();

/** A backup now if one is due; null when none was (or backups are off, or the folder is unusable). */
export async function backupIfDue(till: Till, occasion: Occasion = 'trading'): Promise<BackupResult | null> {
  const target = backupFolder(till);
  if (target.state === 'off') return null;
  if (target.state === 'unusable') {
    const warning = `backups cannot be written to ${target.folder}: ${target.why}`;
    if (warned.get(till) !== warning) till.logger.log('warn', warning);
    warned.set(till, warning);
    return null;
  }
  warned.delete(till);
  const ledgerId = readLedgerFacts(till.ledger.path).ledgerId;
  const newest = ledgerId ? (listBackups(target.folder, ledgerId)[0] ?? null) : null;
  if (!backupDue(till, newest, occasion)) return null;
  const result = await backupNow(till);
  till.logger.log('info', 'ledger backed up', { occasion, path: result.path, removed: result.removed.length });
  return result;
}

/** For the end-of-day screen (and `counter totals`): the day's records, copied away at once. */
export function backupAfterEndOfDay(till: Till): Promise<BackupResult | null> {
  return backupIfDue(till, 'end of day');
}

/**
 * The app's and the web bridge's timer, beside the recovery loop. First, a restore that was not
 * reconciled with Clover is (the till must hold every sale Clover took); then, each check,
 * a backup if one is due. A failure is logged and tried again at the next check.
 */
export function startBackupLoop(till: Till, everyMs = BACKUP_CHECK_EVERY_MS): { stop(): void } {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    reconcilePendingRestore(till)
      .then(() => backupIfDue(till))
      .catch((error: unknown) => till.logger.log('warn', 'backup failed', { error: String(error) }))
      .finally(() => (running = false));
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, everyMs);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
