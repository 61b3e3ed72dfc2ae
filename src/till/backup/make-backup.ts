// One backup of the ledger: SQLite's online backup into the backup folder under a temporary
// name (the till keeps selling meanwhile), verified where it lies (every page, then the audit
// chain and every money record), renamed to its real name, then the folder rotated. A copy that
// fails its check is removed and said: a backup nobody can restore from is worse than none.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CounterError } from '../../shared/contract/result';
import { backupLedgerFile, headLine, readLedgerFacts, verifyLedgerFile } from '../../sync/ledger/backup';
import type { Till } from '../create-till';
import { backupFileName, listBackups, PARTIAL_SUFFIX, partialBackups } from './backup-files';
import { backupFolder } from './backup-folder';
import { backupsToRemove } from './rotation';

export interface BackupResult {
  path: string;
  ledgerId: string;
  bytes: number;
  /** Sales in the copy, and the audit head it was verified up to (`entry:hash`). */
  sales: number;
  auditHead: string | null;
  recordsChecked: number;
  /** Older backups of this ledger that rotation removed (file names). */
  removed: string[];
}

/** A partial file older than this was left by a process that stopped: it goes. */
const STALE_PARTIAL_MS = 60 * 60_000;

export async function backupNow(till: Till, options: { to?: string } = {}): Promise<BackupResult> {
  const target = backupFolder(till, options.to);
  if (target.state === 'off') {
    throw new CounterError('BAD_INPUT', 'No backup folder is set: choose one (`counter settings set backup.folder <folder>`, another disk or a share) or give `--to <folder>`.');
  }
  if (target.state === 'unusable') throw new CounterError('REFUSED', `Cannot back up to ${target.folder}: ${target.why}.`);
  const { folder } = target;
  const ledgerId = readLedgerFacts(till.ledger.path).ledgerId;
  if (!ledgerId) throw new CounterError('LEDGER_UNAVAILABLE', 'The ledger has no id yet: open the till once, then back it up.');

  const at = till.now();
  let name = backupFileName(ledgerId, at);
  for (let n = 2; existsSync(join(folder, name)); n++) name = backupFileName(ledgerId, at, n);
  const finalPath = join(folder, name);
  const partial = `${finalPath}${PARTIAL_SUFFIX}`;
  try {
    await backupLedgerFile(till.ledger.path, partial);
  } catch (error) {
    removeFile(partial);
    throw new CounterError('REFUSED', `Could not write the backup to ${folder}: ${(error as Error).message}`);
  }
  const verdict = await verifyLedgerFile(partial).catch((error: unknown) => ({ ok: false as const, detail: String(error) }));
  if (!verdict.ok) {
    removeFile(partial);
    till.logger.log('error', 'a backup failed its check and was removed', { folder, detail: verdict.detail });
    throw new CounterError('REFUSED', `The backup failed its check and was removed: ${verdict.detail}. The ledger itself was not changed; run \`counter audit\`.`);
  }
  renameSync(partial, finalPath);
  const removed = rotate(till, folder, ledgerId);
  return {
    path: finalPath,
    ledgerId,
    bytes: statSync(finalPath).size,
    sales: verdict.facts.sales,
    auditHead: headLine(verdict.integrity),
    recordsChecked: verdict.integrity.checked,
    removed,
  };
}

/** Keeps the newest of each recent day and month; removes this ledger's other backups only. */
function rotate(till: Till, folder: string, ledgerId: string): string[] {
  const { keepDaily, keepMonthly } = till.settings().backup;
  const removed: string[] = [];
  for (const file of backupsToRemove(listBackups(folder, ledgerId), { keepDaily, keepMonthly })) {
    if (removeFile(file.path)) removed.push(file.name);
  }
  for (const partial of partialBackups(folder, ledgerId)) {
    const age = till.now() - (statMtime(partial) ?? till.now());
    if (age > STALE_PARTIAL_MS) removeFile(partial);
  }
  return removed;
}

function statMtime(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function removeFile(path: string): boolean {
  try {
    rmSync(path, { force: true });
    rmSync(`${path}-journal`, { force: true }); // a copy's rollback journal, if the write stopped half-way
    return true;
  } catch {
    return false;
  }
}
