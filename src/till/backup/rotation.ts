// Which backups to keep: the newest of each of the last `keepDaily` days that have one, and the
// newest of each of the last `keepMonthly` months (grandfather-father-son, as store IT knows it).
// Everything else of this ledger goes. Pure, so the rule is tested on its own.
import { type BackupFile, newestFirst } from './backup-files';

export interface Retention {
  keepDaily: number;
  keepMonthly: number;
}

export function backupsToRemove(files: readonly BackupFile[], retention: Retention): BackupFile[] {
  const sorted = [...files].sort(newestFirst);
  const days = new Set<string>();
  const months = new Set<string>();
  const keep = new Set<BackupFile>();
  // Newest first: the first file met of a day (or month) is its newest, the one kept.
  for (const file of sorted) {
    if (!days.has(file.day) && days.size < retention.keepDaily) {
      days.add(file.day);
      keep.add(file);
    }
    if (!months.has(file.month) && months.size < retention.keepMonthly) {
      months.add(file.month);
      keep.add(file);
    }
  }
  return sorted.filter((f) => !keep.has(f));
}
