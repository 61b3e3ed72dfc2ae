// Where backups go: `--to` for one run, else the folder in the settings (another disk, a share).
// None set means backups are off, which is a choice; a folder that is set but missing or not
// writable (a share not mounted, a disk pulled) is a problem to say.
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Till } from '../create-till';

export type BackupFolder =
  | { state: 'off' }
  | { state: 'unusable'; folder: string; why: string }
  | { state: 'ready'; folder: string };

export function backupFolder(till: Till, override?: string): BackupFolder {
  const chosen = override ?? till.settings().backup.folder;
  if (!chosen) return { state: 'off' };
  // A relative folder in the settings is taken from the data folder, as the ledger is.
  const folder = override ? resolve(override) : resolve(till.config.dataDir, chosen);
  try {
    if (!statSync(folder).isDirectory()) return { state: 'unusable', folder, why: 'it is a file, not a folder' };
  } catch {
    return { state: 'unusable', folder, why: 'it does not exist or cannot be reached (a share not mounted, a disk unplugged?)' };
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return { state: 'unusable', folder, why: 'this till may not write there' };
  }
  return { state: 'ready', folder };
}
