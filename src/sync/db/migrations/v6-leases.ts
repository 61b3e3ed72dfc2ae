// v6: who owns a live operation, and what a record's checks found (issue 11).
// - lease_owner / lease_until: the process that sent a sale, refund, void or credit to Clover
//   and is waiting for the answer, and until when. Recovery, Force and Needs attention in any
//   other process leave a leased row alone; a lease whose owner died or whose time passed is
//   taken over. answer_by: after this the customer can no longer finish at the terminal.
// - problem: what a record failed (an approval that came late, card details missing, an amount
//   other than asked). Flagged, never dropped; shown until a manager acknowledges it.
// - At most one unresolved sale per terminal, held by the database itself (two processes on
//   one data folder cannot both pass a "terminal is free" check). Sales left unresolved by
//   older versions are not counted, so a ledger that already has two still opens.
// - The manager PIN lockout lives here, so each `counter` run does not start with a clean slate.
import type { SqlDatabase } from '../database';
import { panFree } from './pan-check';

const OPEN_SALE = `state IN ('journaled','sent','cancel_requested','unknown','resolving')`;

const columns = (table: string) => `
ALTER TABLE ${table} ADD COLUMN lease_owner TEXT CHECK (length(lease_owner) <= 200 AND ${panFree('lease_owner')});
ALTER TABLE ${table} ADD COLUMN lease_until INTEGER;
ALTER TABLE ${table} ADD COLUMN answer_by INTEGER;
ALTER TABLE ${table} ADD COLUMN problem TEXT CHECK (length(problem) <= 500 AND ${panFree('problem')});
ALTER TABLE ${table} ADD COLUMN problem_seen_by TEXT CHECK (length(problem_seen_by) <= 100 AND ${panFree('problem_seen_by')});
ALTER TABLE ${table} ADD COLUMN problem_seen_at INTEGER;`;

export const v6Leases = {
  version: 6,
  name: 'leases, flagged problems, one open sale per terminal, PIN lockout',
  sql: `
${columns('sales')}
${columns('refunds')}
${columns('voids')}
${columns('credits')}
-- Problems not yet acknowledged, for Needs attention (small whatever the history).
CREATE INDEX sales_problems ON sales(id) WHERE problem IS NOT NULL AND problem_seen_at IS NULL;
CREATE INDEX refunds_problems ON refunds(id) WHERE problem IS NOT NULL AND problem_seen_at IS NULL;
CREATE INDEX voids_problems ON voids(id) WHERE problem IS NOT NULL AND problem_seen_at IS NULL;
CREATE INDEX credits_problems ON credits(id) WHERE problem IS NOT NULL AND problem_seen_at IS NULL;
CREATE TABLE manager_pin_failures (id INTEGER PRIMARY KEY, at INTEGER NOT NULL);
`,
  /** The index is made here: its WHERE needs the id of the last sale older versions left open. */
  after(db: SqlDatabase): void {
    const twice = db.get<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT terminal_serial FROM sales WHERE ${OPEN_SALE} AND terminal_serial <> 'KEYED' GROUP BY terminal_serial HAVING count(*) > 1)`,
    );
    const legacy = twice && twice.n > 0 ? (db.get<{ id: number | null }>(`SELECT max(id) AS id FROM sales WHERE ${OPEN_SALE}`)?.id ?? 0) : 0;
    db.exec(`CREATE UNIQUE INDEX sales_one_open_per_terminal ON sales(terminal_serial) WHERE ${OPEN_SALE} AND terminal_serial <> 'KEYED' AND id > ${Number(legacy)}`);
  },
};
