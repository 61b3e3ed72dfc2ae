// What refunds, voids and credits share: journal-first rows with the operation state machine
// (journaled -> sent -> approved | declined | unknown -> resolving -> ... | forced).
import { OPERATION_TRANSITIONS, type ForcedOutcome, type OperationState } from '../../shared/domain';
import type { SqlValue } from '../db/database';
import { LedgerRuleError } from '../errors';
import { type LedgerContext, optionalText, refusePan, requireText } from './context';
import { acknowledgeProblem, claimLease, flagProblem, type LeasedTable, leaseColumns, NO_LEASE, renewLease, type SendLease } from './lease';
import { transition, type TransitionSpec } from './transition';

export interface OperationAttribution {
  idempotencyKey: string;
  cashier: string;
  terminalSerial: string;
  training?: boolean;
  opId?: string;
  /** The process about to send it: a journaled row it is still preparing is not an orphan. */
  lease?: SendLease;
}

export interface ForceOperationInput {
  outcome: ForcedOutcome;
  reason: string;
  manager: string;
}

export type DeclinedOutcome = { result: 'declined' | 'unknown'; reason?: string };

export function operationSpec(table: 'refunds' | 'voids' | 'credits', entity: string): TransitionSpec<OperationState> {
  return { table, entity, machine: OPERATION_TRANSITIONS };
}

export function checkAttribution(input: OperationAttribution): void {
  requireText(input.idempotencyKey, 'idempotencyKey', 64);
  requireText(input.cashier, 'cashier');
  requireText(input.terminalSerial, 'terminalSerial');
  refusePan({ idempotencyKey: input.idempotencyKey, cashier: input.cashier, terminalSerial: input.terminalSerial, opId: input.opId });
}

/** Inserts a journaled row with the common columns plus `columns`; returns its id. */
export function insertJournaled(
  ctx: LedgerContext,
  table: 'refunds' | 'voids' | 'credits',
  opId: string,
  input: OperationAttribution,
  training: boolean,
  columns: Readonly<Record<string, SqlValue>>,
): number {
  const now = ctx.clock.now();
  const all: Record<string, SqlValue> = {
    op_id: opId,
    idempotency_key: input.idempotencyKey,
    state: 'journaled',
    cashier: input.cashier,
    terminal_serial: input.terminalSerial,
    training: training ? 1 : 0,
    created_at: now,
    updated_at: now,
    ...(input.lease ? leaseColumns(input.lease) : {}),
    ...columns,
  };
  const names = Object.keys(all);
  for (const c of names) if (!/^[a-z_0-9]+$/.test(c)) throw new Error(`bad column ${c}`);
  return ctx.db.run(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`, all).lastInsertRowid;
}

const OPEN: readonly OperationState[] = ['journaled', 'sent', 'unknown', 'resolving'];

/**
 * declined/unknown: a state change with an optional reason. Repeating the same state is a
 * no-op, and so is any negative answer for a settled operation (it never undoes money).
 */
export function recordNegative(ctx: LedgerContext, spec: TransitionSpec<OperationState>, id: number, current: OperationState, outcome: DeclinedOutcome, actor: string): void {
  if (current === outcome.result || !OPEN.includes(current)) return;
  const note = optionalText(outcome.reason, 'reason', 500);
  refusePan({ note });
  transition(ctx, spec, id, outcome.result, actor, { note, ...NO_LEASE }, note ? { reason: note } : undefined, 'state', current);
}

/**
 * How an approval lands on an operation: normally, late (the till had it as declined, unknown
 * or forced declined: recorded all the same, flagged), already recorded, a forced approval
 * whose Clover id is now known, or a second id for one operation (flagged, not recorded twice).
 */
export function approvalPlan(op: { state: OperationState; forcedOutcome: ForcedOutcome | null }, knownId: string | null, newId: string): 'record' | 'late' | 'same' | 'attach' | 'conflict' {
  if (op.state === 'approved') return knownId === newId ? 'same' : 'conflict';
  if (op.state === 'forced' && op.forcedOutcome === 'approved') return knownId === newId ? 'same' : knownId === null ? 'attach' : 'conflict';
  if (op.state === 'journaled' || op.state === 'sent' || op.state === 'resolving') return 'record';
  return 'late';
}

/**
 * The approvals that need no new record: already recorded, the Clover id of a forced approval
 * now known (attached), or a second id for one operation (flagged). Returns what is left to
 * record ('record' or 'late'), or null when it was handled here.
 */
export function settleKnownApproval(
  ctx: LedgerContext,
  spec: TransitionSpec<OperationState>,
  op: { id: number; state: OperationState; forcedOutcome: ForcedOutcome | null },
  column: 'clover_refund_id' | 'clover_credit_id',
  knownId: string | null,
  newId: string,
  actor: string,
): 'record' | 'late' | null {
  const plan = approvalPlan(op, knownId, newId);
  if (plan === 'same') return null;
  if (plan === 'attach') {
    ctx.db.run(`UPDATE ${spec.table} SET ${column} = ? WHERE id = ?`, [newId, op.id]);
    ctx.audit({ actor, entity: spec.entity, entityId: op.id, action: 'clover_id_found', detail: { cloverId: newId } });
    return null;
  }
  if (plan === 'conflict') {
    flagProblem(ctx, spec.table as LeasedTable, spec.entity, op.id, `Clover reported a second ${spec.entity} ${newId} for this request (recorded: ${knownId ?? 'none'}): check the Clover dashboard`, actor);
    return null;
  }
  return plan;
}

export const lateProblem = (entity: string, state: OperationState) => `Approved late: Clover completed the ${entity} after the till had recorded it as ${state}`;

export function forceOperation(
  ctx: LedgerContext,
  spec: TransitionSpec<OperationState>,
  id: number,
  input: ForceOperationInput,
  patch: Readonly<Record<string, SqlValue>> = {},
): void {
  const reason = requireText(input.reason, 'reason', 500);
  const manager = requireText(input.manager, 'manager');
  refusePan({ reason, manager });
  if (input.outcome !== 'approved' && input.outcome !== 'declined') throw new LedgerRuleError('invalid_input', 'outcome must be approved or declined');
  transition(ctx, spec, id, 'forced', manager, { forced_outcome: input.outcome, forced_reason: reason, forced_by: manager, ...NO_LEASE, ...patch }, { outcome: input.outcome, reason }, 'force_resolve');
}

/** SQL condition: the operation moved money (approved, or forced to approved). */
export const MONEY_MOVED = `(state = 'approved' OR (state = 'forced' AND forced_outcome = 'approved'))`;
/** SQL condition: the operation may still move money or already did. */
export const NOT_FAILED = `NOT (state = 'declined' OR (state = 'forced' AND forced_outcome = 'declined'))`;

/** Sending, leases and flagged problems: the same for refunds, voids and credits. */
export function liveOperationMethods<T>(ctx: LedgerContext, spec: TransitionSpec<OperationState>, mustGet: (id: number) => T, toDomain: (row: never) => T) {
  const table = spec.table as LeasedTable;
  return {
    /** The request leaves now; `lease` says who waits for the answer and until when. */
    markSent(id: number, lease?: SendLease, actor = 'till'): T {
      return ctx.db.transaction(() => {
        transition(ctx, spec, id, 'sent', actor, lease ? leaseColumns(lease) : {}, lease ? { owner: lease.owner } : undefined);
        return mustGet(id);
      });
    },
    renewLease: (id: number, owner: string, until: number): boolean => renewLease(ctx, table, id, owner, until),
    claim: (id: number, owner: string, until: number, expectedOwner: string | null): boolean => claimLease(ctx, table, id, owner, until, expectedOwner),
    withProblems(): T[] {
      return ctx.db.all<never>(`SELECT * FROM ${table} WHERE problem IS NOT NULL AND problem_seen_at IS NULL ORDER BY id`).map(toDomain);
    },
    acknowledgeProblem(id: number, by: string): T {
      return ctx.db.transaction(() => {
        acknowledgeProblem(ctx, table, spec.entity, id, requireText(by, 'manager', 100));
        return mustGet(id);
      });
    },
  };
}
