// The `backups` line of `counter doctor`: the newest backup of this ledger and its age. Fine when
// it is less than about a day old, or when nothing was recorded since (a closed Sunday makes no
// new backup and needs none). No folder set is said as a warning, not a failure: it is a choice.
import { readLedgerFacts, readRestorePending } from '../../sync/ledger/backup';
import type { Till } from '../create-till';
import { listBackups } from './backup-files';
import { backupFolder } from './backup-folder';
import { changedSince } from './backup-schedule';

export interface BackupCheck {
  name: 'backups';
  ok: boolean;
  detail: string;
}

/** A day and a bit: the end-of-day backup of one evening is still fresh the next evening. */
export const FRESH_MS = 26 * 3_600_000;

function age(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

export function backupCheck(till: Till): BackupCheck {
  try {
    return check(till);
  } catch (error) {
    return { name: 'backups', ok: false, detail: `could not be checked: ${(error as Error).message}` };
  }
}

function check(till: Till): BackupCheck {
  const line = (ok: boolean, detail: string): BackupCheck => ({ name: 'backups', ok, detail });
  const pending = readRestorePending(till.ledger.path);
  if (pending) return line(false, `restored from ${pending.backup} but not reconciled with Clover yet: run \`counter restore --finish\` before selling`);
  const target = backupFolder(till);
  if (target.state === 'off') return line(true, 'WARNING: backups are off (no backup folder): `counter settings set backup.folder <folder>` (another disk or a share)');
  if (target.state === 'unusable') return line(false, `cannot back up to ${target.folder}: ${target.why}`);
  const facts = readLedgerFacts(till.ledger.path);
  const newest = facts.ledgerId ? listBackups(target.folder, facts.ledgerId)[0] : undefined;
  if (!newest) {
    return facts.auditSeq === 0 ? line(true, `none yet in ${target.folder} (nothing recorded yet)`) : line(false, `no backup of this ledger in ${target.folder}: run \`counter backup\``);
  }
  const old = till.now() - newest.takenAt;
  const unchanged = !changedSince(till, newest);
  const detail = `newest ${newest.name}, ${age(old)} old${unchanged ? ', nothing recorded since' : ''}`;
  return old <= FRESH_MS || unchanged ? line(true, detail) : line(false, `${detail}: run \`counter backup\` and check the automatic backups`);
}
