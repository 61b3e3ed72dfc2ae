// Putting a backup in place of the ledger, at the level of files, before any till opens it. The
// backup is copied next to the ledger and checked there first (every page, its schema, its audit
// chain and money records, whose ledger it is); anything wrong refuses the restore and changes
// nothing. The current ledger is never deleted: it is kept beside, under a name with the time.
// The restored file carries a mark until the till has reconciled it with Clover.
import { copyFileSync, existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CounterError } from '../../shared/contract/result';
import { LedgerUnavailableError } from '../../sync';
import { closeLedgerForSwap, type FileVerdict, markRestorePending, migrateLedgerFile, readLedgerFacts, verifyLedgerFile } from '../../sync/ledger/backup';
import { LEDGER_FILE } from '../create-till';
import { localStamp } from './backup-files';

export interface RestoreResult {
  restoredFrom: string;
  /** Where the ledger that was in place now is (null: there was none). */
  keptAs: string | null;
  ledgerId: string;
  sales: number;
  newestEntryAt: number | null;
}

const refused = (message: string) => new CounterError('REFUSED', `${message} Nothing was changed.`);

export async function restoreLedger(dataDir: string, backupPath: string, now: number): Promise<RestoreResult> {
  if (!existsSync(backupPath)) throw new CounterError('BAD_INPUT', `There is no file ${backupPath}.`);
  const ledgerPath = join(dataDir, LEDGER_FILE);
  const current = currentLedgerFacts(ledgerPath);
  // Staged beside the ledger (same disk, so the final rename is atomic) and checked there: what
  // is checked is exactly what is put in place.
  const staged = join(dataDir, `${LEDGER_FILE}.restoring-${localStamp(now)}`);
  copyFileSync(backupPath, staged);
  try {
    let verdict = await verifyLedgerFile(staged);
    if (!verdict.ok && verdict.reason === 'older_schema') {
      migrateLedgerFile(staged); // a backup from before an update of the app: brought up to date first
      verdict = await verifyLedgerFile(staged);
    }
    if (!verdict.ok) throw refused(`The backup ${basename(backupPath)} cannot be restored: ${refusalOf(verdict)}.`);
    const { facts } = verdict;
    if (current.ledgerId && current.ledgerId !== facts.ledgerId && current.sales > 0) {
      throw refused(
        `The backup ${basename(backupPath)} is of another ledger (${facts.ledgerId}); this till's ledger is ${current.ledgerId} and holds ${current.sales} sale(s). ` +
          `To put another till's ledger on this computer, store IT first moves ${ledgerPath} out of the data folder.`,
      );
    }
    const swap = closeLedgerForSwap(ledgerPath);
    if (swap === 'in_use') {
      throw refused('The ledger is open in the counter app or another `counter` command: close the app (and every `counter` command on this till), then restore again.');
    }
    markRestorePending(staged, { backup: basename(backupPath), newestEntryAt: facts.newestEntryAt, restoredAt: now });
    let keptAs: string | null = null;
    if (swap === 'ready') keptAs = keepAside(ledgerPath, now);
    if (swap === 'unreadable') keptAs = moveAside(ledgerPath, now);
    renameSync(staged, ledgerPath);
    return { restoredFrom: backupPath, keptAs, ledgerId: facts.ledgerId!, sales: facts.sales, newestEntryAt: facts.newestEntryAt };
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${staged}${suffix}`, { force: true });
  }
}

/** The ledger in place now: its id and sales, or nothing when it is missing or unreadable (it is kept aside all the same). */
function currentLedgerFacts(ledgerPath: string): { ledgerId: string | null; sales: number } {
  if (!existsSync(ledgerPath)) return { ledgerId: null, sales: 0 };
  try {
    return readLedgerFacts(ledgerPath, { leaveNoTrace: true }); // a refused restore leaves the data folder as it was
  } catch (error) {
    if (error instanceof LedgerUnavailableError && error.reason !== 'locked') return { ledgerId: null, sales: 0 };
    throw error;
  }
}

/**
 * A second name for the current ledger, taken while ledger.sqlite still names it, so that there
 * is never a moment without a ledger file (a hard link; a copy where links are not possible).
 */
function keepAside(ledgerPath: string, now: number): string {
  const aside = asideName(ledgerPath, now);
  try {
    linkSync(ledgerPath, aside);
  } catch {
    copyFileSync(ledgerPath, aside);
  }
  return aside;
}

/** A damaged ledger is moved aside whole, with its WAL and shared-memory files, as it was. */
function moveAside(ledgerPath: string, now: number): string {
  const aside = asideName(ledgerPath, now);
  for (const suffix of ['-wal', '-shm', '']) if (existsSync(`${ledgerPath}${suffix}`)) renameSync(`${ledgerPath}${suffix}`, `${aside}${suffix}`);
  return aside;
}

function asideName(ledgerPath: string, now: number): string {
  let aside = `${ledgerPath}.before-restore-${localStamp(now)}`;
  for (let n = 2; existsSync(aside); n++) aside = `${ledgerPath}.before-restore-${localStamp(now)}-${n}`;
  return aside;
}

function refusalOf(verdict: Extract<FileVerdict, { ok: false }>): string {
  switch (verdict.reason) {
    case 'damaged':
      return `it is damaged: ${verdict.detail}`;
    case 'audit':
      return `it does not match its own audit log, so it cannot be trusted: ${verdict.detail}`;
    case 'not_a_ledger':
      return 'it is not a counter ledger backup';
    case 'too_new':
      return `${verdict.detail}: update this app first`;
    case 'older_schema':
      return `${verdict.detail}, and bringing it up to date failed`;
  }
}
