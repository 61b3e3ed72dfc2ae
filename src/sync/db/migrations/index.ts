// Versioned, forward-only migrations. The schema version is SQLite's user_version; each step
// runs in its own transaction, so a crash leaves the file at the previous version, never between.
import { LedgerUnavailableError } from '../../errors';
import type { SqlDatabase } from '../database';
import { v1Ledger } from './v1-ledger';
import { v2Operations } from './v2-operations';
import { v3Outbox } from './v3-outbox';
import { v4Audit } from './v4-audit';
import { v5AuditBaseline } from './v5-audit-baseline';
import { v6Leases } from './v6-leases';
import { v7Origin } from './v7-origin';
import { v8AuditCheckpoints } from './v8-audit-checkpoints';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Runs after `sql`, in the same transaction (for steps that depend on the data). */
  after?: (db: SqlDatabase) => void;
}

export const MIGRATIONS: readonly Migration[] = [v1Ledger, v2Operations, v3Outbox, v4Audit, v5AuditBaseline, v6Leases, v7Origin, v8AuditCheckpoints];
export const LATEST_VERSION = MIGRATIONS.length;

export function schemaVersion(db: SqlDatabase): number {
  return Number(db.pragma('user_version'));
}

/** Brings the database to `to` (default: latest). Refuses a file newer than this code. */
export function migrate(db: SqlDatabase, to: number = LATEST_VERSION): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > LATEST_VERSION) throw new LedgerUnavailableError('too_new', db.path, `user_version=${from}`);
  if (to > LATEST_VERSION || to < from) throw new RangeError(`cannot migrate from v${from} to v${to}`);
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > to) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.after?.(db);
      db.pragma(`user_version = ${m.version}`);
    });
  }
  return { from, to };
}
