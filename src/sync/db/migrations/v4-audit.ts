// v4: the append-only, hash-chained audit log (see src/sync/ledger/audit.ts). Triggers refuse
// UPDATE and DELETE; the chain makes an edit that bypasses them (or a deleted row) detectable.
// No secondary index: every money write appends here, and the log is read front to back.
import { panFree } from './pan-check';

export const v4Audit = {
  version: 4,
  name: 'audit log',
  sql: `
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64 AND ${panFree('actor')}),
  entity TEXT NOT NULL CHECK (${panFree('entity')}),
  entity_id INTEGER,
  action TEXT NOT NULL CHECK (${panFree('action')}),
  from_state TEXT CHECK (${panFree('from_state')}),
  to_state TEXT CHECK (${panFree('to_state')}),
  detail TEXT CHECK (length(detail) <= 2000 AND ${panFree('detail')}),
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
};
