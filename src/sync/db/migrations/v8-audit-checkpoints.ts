// v8: verified points of the audit log (issue 13). After a full check of the chain and of every
// money record against it, its head (entry, hash) is stored here; start-up then checks only the
// entries after the last one, so a till with years of history opens at once. Append-only, as the
// log is.
export const v8AuditCheckpoints = {
  version: 8,
  name: 'audit checkpoints',
  sql: `
CREATE TABLE audit_checkpoints (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL CHECK (length(hash) = 64),
  at INTEGER NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
`,
};
