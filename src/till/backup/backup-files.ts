// The backup files of one ledger in a folder. A name says whose and when, in the store's own
// time: counter-ledger-<ledger id>-<YYYY-MM-DD>_<HH-MM-SS>.sqlite, so a person can pick one and
// a till only ever touches (rotates, lists) the files of its own ledger.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BackupFile {
  name: string;
  path: string;
  ledgerId: string;
  /** Local date-time from the name, as epoch ms (to the second). */
  takenAt: number;
  /** Local YYYY-MM-DD and YYYY-MM: rotation keeps the newest of each. */
  day: string;
  month: string;
  /** 2, 3…: a second backup within the same second. */
  n: number;
}

const PREFIX = 'counter-ledger-';
const NAME = /^counter-ledger-([0-9A-HJKMNP-TV-Z]{16})-(\d{4})-(\d{2})-(\d{2})_(\d{2})-(\d{2})-(\d{2})(?:-(\d+))?\.sqlite$/;
/** Written under this suffix, renamed once verified: a half-written file never looks like a backup. */
export const PARTIAL_SUFFIX = '.partial';

const two = (n: number) => String(n).padStart(2, '0');

export function localStamp(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}_${two(d.getHours())}-${two(d.getMinutes())}-${two(d.getSeconds())}`;
}

export function localDayOf(at: number): string {
  return localStamp(at).slice(0, 10);
}

/** `n` > 1 tells apart two backups taken within the same second. */
export function backupFileName(ledgerId: string, at: number, n = 1): string {
  return `${PREFIX}${ledgerId}-${localStamp(at)}${n > 1 ? `-${n}` : ''}.sqlite`;
}

export function parseBackupName(name: string): Omit<BackupFile, 'path'> | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(2, 8).map(Number) as [number, number, number, number, number, number];
  const takenAt = new Date(y, mo - 1, d, h, mi, s).getTime();
  if (Number.isNaN(takenAt)) return null;
  const day = `${m[2]}-${m[3]}-${m[4]}`;
  return { name, ledgerId: m[1]!, takenAt, day, month: day.slice(0, 7), n: Number(m[8] ?? 1) };
}

export const newestFirst = (a: BackupFile, b: BackupFile): number => b.takenAt - a.takenAt || b.n - a.n;

/** This ledger's backups in `folder`, newest first. */
export function listBackups(folder: string, ledgerId: string): BackupFile[] {
  return readdirSync(folder)
    .map(parseBackupName)
    .filter((b): b is Omit<BackupFile, 'path'> => b !== null && b.ledgerId === ledgerId)
    .map((b) => ({ ...b, path: join(folder, b.name) }))
    .sort(newestFirst);
}

/** Half-written copies of this ledger left by a process that stopped mid-backup. */
export function partialBackups(folder: string, ledgerId: string): string[] {
  return readdirSync(folder)
    .filter((n) => n.endsWith(PARTIAL_SUFFIX) && n.includes(`${PREFIX}${ledgerId}-`))
    .map((n) => join(folder, n));
}
