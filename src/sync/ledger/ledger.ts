// openLedger(): the one entry point the till uses. It opens the file through the database
// port, migrates it, checks it is intact and writable, and answers "can we take card payments?"
// A damaged, locked or read-only file is a LedgerUnavailableError with a human reason, never
// a silently lost record.
import { openDatabase, type SqlDatabase } from '../db/database';
import { migrate, LATEST_VERSION, schemaVersion } from '../db/migrations';
import { LedgerUnavailableError, type LedgerUnavailableReason } from '../errors';
import { createOutboxStore } from '../outbox/store';
import { loadWork, type OutboxWork } from '../outbox/work';
import { panFreeSql } from '../pan-guard';
import { auditHead, type AuditHead, lastCheckpoint, recordCheckpoint, verifyAudit, verifySinceCheckpoint } from './audit';
import { checkIntegrity, type IntegrityReport } from './integrity';
import { type Clock, createContext, systemClock } from './context';
import { createCreditsRepo } from './credits';
import { createDocumentExposure } from './document-exposure';
import { newId } from './keys';
import { createPaymentsRepo } from './payments';
import { createPinFailures } from './pin-failures';
import { createRefundsRepo } from './refunds';
import { createSalesRepo } from './sales';
import { createVoidsRepo } from './voids';

export interface OpenLedgerOptions {
  clock?: Clock;
  /** Wait this long for another connection's lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Reports and the CLI: read, never write; card payments are refused. */
  readonly?: boolean;
  /** Run PRAGMA quick_check on open (default true). */
  integrityCheck?: boolean;
}

export type LedgerHealth =
  | { ok: true; canTakeCardPayments: true }
  | { ok: false; canTakeCardPayments: false; reason: LedgerUnavailableReason; message: string };

const PROBE_TIMEOUT_MS = 250;

export function openLedger(path: string, options: OpenLedgerOptions = {}) {
  const clock = options.clock ?? systemClock;
  const readonly = options.readonly ?? false;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = openDatabase(path, { readonly, busyTimeoutMs, functions: { pan_free: panFreeSql } });
  try {
    prepare(db, readonly, options.integrityCheck ?? true, clock);
  } catch (err) {
    db.close();
    throw err;
  }
  const listeners = new Set<() => void>();
  const ctx = createContext(db, clock, () => {
    for (const listener of listeners) listener();
  });

  function probe(): LedgerHealth {
    if (!db.isOpen) return unhealthy(new LedgerUnavailableError('closed', path));
    if (readonly) return unhealthy(new LedgerUnavailableError('readonly', path));
    // A real write, committed: the only honest answer to "will the next sale be recorded?"
    db.pragma(`busy_timeout = ${Math.min(PROBE_TIMEOUT_MS, busyTimeoutMs)}`);
    try {
      db.transaction(() => db.run(`INSERT INTO meta (key, value) VALUES ('last_probe', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [isoTime(clock)]));
      return { ok: true, canTakeCardPayments: true };
    } catch (err) {
      if (err instanceof LedgerUnavailableError) return unhealthy(err);
      throw err;
    } finally {
      if (db.isOpen) db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  }

  const outbox = createOutboxStore(ctx);
  return {
    path,
    readonly,
    sales: createSalesRepo(ctx),
    payments: createPaymentsRepo(ctx),
    refunds: createRefundsRepo(ctx),
    voids: createVoidsRepo(ctx),
    credits: createCreditsRepo(ctx),
    pinFailures: createPinFailures(ctx),
    /** What this till has at stake on an invoice or order that Odoo does not know yet. */
    exposure: createDocumentExposure(db),
    outbox: {
      ...outbox,
      /** The ledger records an outbox item reports (for the sync worker). */
      work: (item: Parameters<typeof loadWork>[1]): OutboxWork => loadWork(db, item),
    },
    audit: {
      verify: (expectedHead?: AuditHead) => verifyAudit(db, expectedHead),
      head: () => auditHead(db),
      /**
       * The chain, and every money record held against what the log says of it. A check that
       * passes stores its head as a verified point (not on a read-only ledger).
       */
      check: (expectedHead?: AuditHead): IntegrityReport => {
        const report = checkIntegrity(db, expectedHead);
        const chain = report.chain;
        if (report.ok && chain.ok && !readonly) db.transaction(() => recordCheckpoint(db, chain.head, clock.now()));
        return report;
      },
      /** Stores a head another full check verified (the app's check runs on its own connection). */
      recordCheckpoint: (head: AuditHead): void => db.transaction(() => recordCheckpoint(db, head, clock.now())),
      lastCheckpoint: () => lastCheckpoint(db),
      /** Only the entries after the last verified point: what start-up can afford. */
      verifyRecent: () => verifySinceCheckpoint(db),
    },
    /** Several ledger calls in one commit (imports, tests); nested calls join it. */
    transaction: <T>(fn: () => T): T => db.transaction(fn),
    /** Called after every commit that added or re-opened outbox work. Returns an unsubscribe. */
    onOutboxChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    health: probe,
    canTakeCardPayments: (): boolean => probe().ok,
    schemaVersion: () => schemaVersion(db),
    /** Commits this process made on the ledger (the sale bench counts them per sale). */
    commits: () => db.commits,
    commitMs: () => db.commitMs,
    close: () => db.close(),
  };
}

export type Ledger = ReturnType<typeof openLedger>;

/** Health of a ledger file without keeping it open (for a doctor/status command). */
export function probeLedger(path: string, options: OpenLedgerOptions = {}): LedgerHealth {
  let ledger: Ledger | undefined;
  try {
    ledger = openLedger(path, options);
    return ledger.health();
  } catch (err) {
    if (err instanceof LedgerUnavailableError) return unhealthy(err);
    throw err;
  } finally {
    ledger?.close();
  }
}

function unhealthy(err: LedgerUnavailableError): LedgerHealth {
  return { ok: false, canTakeCardPayments: false, reason: err.reason, message: err.message };
}

function prepare(db: SqlDatabase, readonly: boolean, integrityCheck: boolean, clock: Clock): void {
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) throw new LedgerUnavailableError('too_new', db.path, `user_version=${version}`);
  if (readonly) {
    if (version !== LATEST_VERSION) throw new LedgerUnavailableError('readonly', db.path, `user_version=${version}`);
  } else {
    migrate(db);
  }
  if (integrityCheck) {
    const result = db.pragma('quick_check');
    if (result !== 'ok') throw new LedgerUnavailableError('corrupt', db.path, String(result).slice(0, 100));
  }
  if (!readonly) {
    // Proves we can write now (locks, permissions) and names the ledger once.
    db.transaction(() => {
      db.run(`INSERT INTO meta (key, value) VALUES ('ledger_id', ?) ON CONFLICT(key) DO NOTHING`, [newId()]);
      db.run(`INSERT INTO meta (key, value) VALUES ('opened_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [isoTime(clock)]);
    });
  }
}

/** Times stored as text are ISO strings: a 13-digit epoch in ms can pass the Luhn check. */
function isoTime(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
