// Who is waiting for Clover's answer on a sent record, and what a record's checks found (v6).
// The ledger stores the lease; whether its owner is still alive is the till's question
// (src/till/process-lease.ts), since only a process can tell whether another one runs.
import { LedgerRuleError } from '../errors';
import { type LedgerContext, refusePan } from './context';

export type LeasedTable = 'sales' | 'refunds' | 'voids' | 'credits';

export interface SendLease {
  /** `host/boot/pid` of the process that sends and waits. */
  owner: string;
  /** Epoch ms: the claim holds until then (renewed while the request is open). */
  until: number;
  /** Epoch ms: after this the customer can no longer finish at the terminal. */
  answerBy: number;
}

export const leaseColumns = (lease: SendLease) => ({ lease_owner: lease.owner, lease_until: lease.until, answer_by: lease.answerBy });

/** Set on every outcome: nobody waits any more. */
export const NO_LEASE = { lease_owner: null, lease_until: null } as const;

const OPEN: Record<LeasedTable, string> = {
  sales: `('journaled','sent','cancel_requested','unknown','resolving')`,
  refunds: `('journaled','sent','unknown','resolving')`,
  voids: `('journaled','sent','unknown','resolving')`,
  credits: `('journaled','sent','unknown','resolving')`,
};

/** Extends (never shortens) the owner's claim; false when the row is settled or another process took it. */
export function renewLease(ctx: LedgerContext, table: LeasedTable, id: number, owner: string, until: number): boolean {
  const sql = `UPDATE ${table} SET lease_until = max(coalesce(lease_until, 0), ?) WHERE id = ? AND lease_owner = ? AND state IN ${OPEN[table]}`;
  return ctx.db.run(sql, [until, id, owner]).changes === 1;
}

/**
 * Claims an open row for `owner` unless another claim still holds (the caller decided the
 * other owner is gone: `held` is false). Returns false when the row moved on meanwhile.
 */
export function claimLease(ctx: LedgerContext, table: LeasedTable, id: number, owner: string, until: number, expectedOwner: string | null): boolean {
  const sql = `UPDATE ${table} SET lease_owner = ?, lease_until = ? WHERE id = ? AND state IN ${OPEN[table]} AND lease_owner IS ?`;
  return ctx.db.run(sql, [owner, until, id, expectedOwner]).changes === 1;
}

/** Flags what a record failed; it stays in Needs attention until a manager acknowledges it. */
export function flagProblem(ctx: LedgerContext, table: LeasedTable, entity: string, id: number, problem: string, actor: string): void {
  const text = problem.slice(0, 500);
  refusePan({ problem: text });
  ctx.db.run(`UPDATE ${table} SET problem = ?, problem_seen_by = NULL, problem_seen_at = NULL WHERE id = ?`, [text, id]);
  ctx.audit({ actor, entity, entityId: id, action: 'problem', detail: { problem: text } });
}

/** A manager has seen the flagged problem: it leaves Needs attention (the flag stays on record). */
export function acknowledgeProblem(ctx: LedgerContext, table: LeasedTable, entity: string, id: number, by: string): void {
  refusePan({ by });
  const done = ctx.db.run(`UPDATE ${table} SET problem_seen_by = ?, problem_seen_at = ? WHERE id = ? AND problem IS NOT NULL AND problem_seen_at IS NULL`, [
    by,
    ctx.clock.now(),
    id,
  ]);
  if (done.changes !== 1) throw new LedgerRuleError('invalid_input', `${entity} ${id} has no problem waiting to be acknowledged`);
  ctx.audit({ actor: by, entity, entityId: id, action: 'problem_seen' });
}
