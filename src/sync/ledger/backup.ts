// Backups of the ledger, at the level of its file (issue 13): SQLite's online backup into a new
// file, what a ledger file says about itself (its id, schema, newest entry), whether a copy is
// whole and says what its audit log says, whether another process holds the ledger open, and
// the marks a restore leaves in the file it put in place. The till decides when and where.
import { existsSync } from 'node:fs';
import { openDatabase, type SqlDatabase } from '../db/database';
import { LATEST_VERSION } from '../db/migrations';
import { LedgerUnavailableError } from '../errors';
import { panFreeSql } from '../pan-guard';
import { AUDIT_HEAD_DIGITS } from './audit';
import { createContext, systemClock } from './context';
import { checkIntegrityOfFile, type IntegrityReport } from './integrity';
import { flagProblem } from './lease';
import { openLedger } from './ledger';

const FUNCTIONS = { pan_free: panFreeSql };
const RESTORE_PENDING = 'restore_pending';
const LISTED_PROBLEMS = 3;

export interface LedgerFileFacts {
  /** meta `ledger_id`: the same in a ledger and every backup of it. null: not a counter ledger. */
  ledgerId: string | null;
  schemaVersion: number;
  /** The newest audit log entry (every change to money records has one): its number and time (epoch ms). */
  auditSeq: number;
  newestEntryAt: number | null;
  /** Sales recorded (the highest sale id: sales are never deleted). */
  sales: number;
}

export type FileVerdict =
  | { ok: true; facts: LedgerFileFacts; integrity: IntegrityReport }
  | { ok: false; reason: 'damaged' | 'not_a_ledger' | 'too_new' | 'older_schema' | 'audit'; detail: string; facts: LedgerFileFacts | null };

/** The restore a ledger file came from, until the till has reconciled it with Clover. */
export interface RestorePending {
  /** The backup's file name. */
  backup: string;
  /** Its newest audit entry (epoch ms): Clover's payments from that day on are looked at. */
  newestEntryAt: number | null;
  restoredAt: number;
}

/** An online copy of the ledger at `ledgerPath` into the new file `toPath` (the till keeps selling). */
export async function backupLedgerFile(ledgerPath: string, toPath: string): Promise<void> {
  const db = openDatabase(ledgerPath, { readonly: true });
  try {
    await db.backup(toPath);
  } finally {
    db.close();
  }
}

/**
 * What the file at `path` says of itself; a SQLite file that is no ledger has no id. Only reads,
 * either way; `leaveNoTrace` reads through a writable connection, which (when it is the last one
 * to close) removes the WAL files a read-only one would leave beside the file.
 */
export function readLedgerFacts(path: string, options: { leaveNoTrace?: boolean } = {}): LedgerFileFacts {
  const db = openDatabase(path, { readonly: !options.leaveNoTrace });
  try {
    return factsOf(db);
  } finally {
    db.close();
  }
}

function factsOf(db: SqlDatabase): LedgerFileFacts {
  const schemaVersion = Number(db.pragma('user_version'));
  const tables = new Set(db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).map((t) => t.name));
  if (!['meta', 'sales', 'audit_log'].every((t) => tables.has(t))) return { ledgerId: null, schemaVersion, auditSeq: 0, newestEntryAt: null, sales: 0 };
  // By key, not by scanning: read every few minutes from ledgers of a million sales.
  const newest = db.get<{ seq: number; at: number }>('SELECT seq, at FROM audit_log ORDER BY seq DESC LIMIT 1');
  return {
    ledgerId: db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'ledger_id'`)?.value ?? null,
    schemaVersion,
    auditSeq: newest?.seq ?? 0,
    newestEntryAt: newest?.at ?? null,
    sales: db.get<{ id: number | null }>('SELECT max(id) AS id FROM sales')?.id ?? 0, // ids are never reused nor deleted
  };
}

/**
 * Is the file at `path` a whole ledger of this code's schema that matches its audit log?
 * PRAGMA integrity_check (every page), the ledger's own open checks, then the audit chain and
 * every money record held against it. Read only: nothing in the file changes.
 */
export async function verifyLedgerFile(path: string): Promise<FileVerdict> {
  let facts: LedgerFileFacts;
  try {
    const db = openDatabase(path, { readonly: true });
    try {
      const found = db.all<Record<string, string>>('PRAGMA integrity_check(5)').map((row) => Object.values(row)[0]);
      if (found.join() !== 'ok') return { ok: false, reason: 'damaged', detail: `SQLite's integrity check failed: ${found.join('; ').slice(0, 300)}`, facts: null };
      facts = factsOf(db);
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof LedgerUnavailableError) return { ok: false, reason: 'damaged', detail: `SQLite cannot read it (${error.sqliteCode ?? error.reason})`, facts: null };
    throw error;
  }
  if (!facts.ledgerId) return { ok: false, reason: 'not_a_ledger', detail: 'it is a database, but not a counter ledger', facts };
  if (facts.schemaVersion > LATEST_VERSION) return { ok: false, reason: 'too_new', detail: `it was written by a newer counter app (ledger schema v${facts.schemaVersion}; this app knows up to v${LATEST_VERSION})`, facts };
  if (facts.schemaVersion < LATEST_VERSION) return { ok: false, reason: 'older_schema', detail: `it has the older ledger schema v${facts.schemaVersion}`, facts };
  try {
    openLedger(path, { readonly: true }).close(); // the ledger's own checks on open
  } catch (error) {
    if (error instanceof LedgerUnavailableError) return { ok: false, reason: 'damaged', detail: error.message, facts };
    throw error;
  }
  // The stepped form of ledger.audit.check(): the same check, letting the event loop turn between
  // pages, so that a backup made inside the app never stops the window (years of sales take seconds).
  const integrity = await checkIntegrityOfFile(path);
  if (!integrity.ok) return { ok: false, reason: 'audit', detail: auditProblem(integrity), facts };
  return { ok: true, facts, integrity };
}

function auditProblem(report: IntegrityReport): string {
  const { chain } = report;
  if (!chain.ok) return `its audit log is broken at entry ${chain.brokenAt}: ${chain.problem}`;
  const listed = report.problems.slice(0, LISTED_PROBLEMS).map((p) => `${p.record} ${p.problem}`);
  return `${report.problemCount} record(s) differ from its audit log: ${listed.join('; ')}${report.problemCount > listed.length ? '; …' : ''}`;
}

/** The audit head of a verified copy, as printed on reports (`entry:hash`). */
export function headLine(report: IntegrityReport): string | null {
  return report.chain.ok ? `${report.chain.head.seq}:${report.chain.head.hash.slice(0, AUDIT_HEAD_DIGITS)}` : null;
}

/** Brings a copy of an older ledger to this code's schema (a restore's staged file, never the live one). */
export function migrateLedgerFile(path: string): void {
  openLedger(path).close();
}

/**
 * Takes the ledger for this process alone, folds its WAL into the file and closes it, so the
 * file can be moved whole. 'in_use' while any other connection (the app, another `counter`,
 * even one only reading) holds it open: WAL-mode connections keep a shared lock on the file.
 * 'unreadable': damaged or not a database (it is moved with its WAL, as it is).
 */
export function closeLedgerForSwap(path: string): 'absent' | 'in_use' | 'ready' | 'unreadable' {
  if (!existsSync(path)) return 'absent';
  let db: SqlDatabase;
  try {
    db = openDatabase(path, { busyTimeoutMs: 0 });
  } catch (error) {
    if (error instanceof LedgerUnavailableError) return error.reason === 'locked' ? 'in_use' : 'unreadable';
    throw error;
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT'); // the exclusive lock stays held after the commit
    db.pragma('wal_checkpoint(TRUNCATE)');
    return 'ready';
  } catch (error) {
    if (error instanceof LedgerUnavailableError && error.reason === 'locked') return 'in_use';
    throw error;
  } finally {
    db.close(); // the last connection: SQLite removes the (now empty) WAL
  }
}

/** Marks a restored file: it must be reconciled with Clover before the till sells again. */
export function markRestorePending(path: string, pending: RestorePending): void {
  // Times as ISO text: a 13-digit epoch in ms can pass the Luhn check, and meta refuses card-like text.
  const stored = { ...pending, newestEntryAt: pending.newestEntryAt === null ? null : new Date(pending.newestEntryAt).toISOString(), restoredAt: new Date(pending.restoredAt).toISOString() };
  withWriter(path, (db) => db.run(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [RESTORE_PENDING, JSON.stringify(stored)]));
}

export function readRestorePending(path: string): RestorePending | null {
  const db = openDatabase(path, { readonly: true });
  try {
    const text = db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [RESTORE_PENDING])?.value;
    if (!text) return null;
    const stored = JSON.parse(text) as { backup: string; newestEntryAt: string | null; restoredAt: string };
    return { backup: stored.backup, newestEntryAt: stored.newestEntryAt === null ? null : Date.parse(stored.newestEntryAt), restoredAt: Date.parse(stored.restoredAt) };
  } finally {
    db.close();
  }
}

export function clearRestorePending(path: string): void {
  withWriter(path, (db) => db.run('DELETE FROM meta WHERE key = ?', [RESTORE_PENDING]));
}

/**
 * Flags a sale for a manager (Needs attention), with its audit entry, as the ledger flags its
 * own checks. On a connection of its own: the ledger's repositories flag only what they check.
 */
export function flagSaleProblem(path: string, saleId: number, problem: string, actor: string): void {
  withWriter(path, (db) => flagProblem(createContext(db, systemClock, () => {}), 'sales', 'sale', saleId, problem, actor));
}

function withWriter(path: string, write: (db: SqlDatabase) => void): void {
  const db = openDatabase(path, { functions: FUNCTIONS });
  try {
    db.transaction(() => write(db));
  } finally {
    db.close();
  }
}
