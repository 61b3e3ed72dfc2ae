// What refunds, voids and credits share: journal-first rows with the operation state machine
// (journaled -> sent -> approved | declined | unknown -> resolving -> ... | forced).
import { OPERATION_TRANSITIONS, type ForcedOutcome, type OperationState } from '../../shared/domain';
import type { SqlValue } from '../db/database';
import { LedgerRuleError } from '../errors';
import { type LedgerContext, optionalText, refusePan, requireText } from './context';
import { transition, type TransitionSpec } from './transition';

export interface OperationAttribution {
  idempotencyKey: string;
  cashier: string;
  terminalSerial: string;
  training?: boolean;
  opId?: string;
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
    ...columns,
  };
  const names = Object.keys(all);
  for (const c of names) if (!/^[a-z_0-9]+$/.test(c)) throw new Error(`bad column ${c}`);
  return ctx.db.run(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`, all).lastInsertRowid;
}

/** declined/unknown: a state change with an optional reason; repeating the same state is a no-op. */
export function recordNegative(ctx: LedgerContext, spec: TransitionSpec<OperationState>, id: number, current: OperationState, outcome: DeclinedOutcome, actor: string): void {
  if (current === outcome.result) return;
  const note = optionalText(outcome.reason, 'reason', 500);
  refusePan({ note });
  transition(ctx, spec, id, outcome.result, actor, { note }, note ? { reason: note } : undefined);
}

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
  transition(ctx, spec, id, 'forced', manager, { forced_outcome: input.outcome, forced_reason: reason, forced_by: manager, ...patch }, { outcome: input.outcome, reason }, 'force_resolve');
}

/** SQL condition: the operation moved money (approved, or forced to approved). */
export const MONEY_MOVED = `(state = 'approved' OR (state = 'forced' AND forced_outcome = 'approved'))`;
/** SQL condition: the operation may still move money or already did. */
export const NOT_FAILED = `NOT (state = 'declined' OR (state = 'forced' AND forced_outcome = 'declined'))`;
