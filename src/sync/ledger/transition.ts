// One state change of a ledger row: checked against the state machine, applied only if the
// row is still in the state we read (another process may have moved it), and audited in the
// same transaction.
import type { SqlValue } from '../db/database';
import { LedgerRuleError } from '../errors';
import type { LedgerContext } from './context';

const COLUMN = /^[a-z_0-9]+$/;

export interface TransitionSpec<S extends string> {
  table: 'sales' | 'refunds' | 'voids' | 'credits';
  entity: string;
  machine: Readonly<Record<S, readonly S[]>>;
}

export function currentState<S extends string>(ctx: LedgerContext, spec: TransitionSpec<S>, id: number): S {
  const row = ctx.db.get<{ state: S }>(`SELECT state FROM ${spec.table} WHERE id = ?`, [id]);
  if (!row) throw new LedgerRuleError('not_found', `${spec.entity} ${id} does not exist`);
  return row.state;
}

/** Moves row `id` to `to`, setting `patch` columns; returns the time it wrote as updated_at. */
export function transition<S extends string>(
  ctx: LedgerContext,
  spec: TransitionSpec<S>,
  id: number,
  to: S,
  actor: string,
  patch: Readonly<Record<string, SqlValue>> = {},
  detail?: Readonly<Record<string, unknown>>,
  action = 'state',
  /** The state the caller just read in this transaction (saves a query). */
  known?: S,
): number {
  const from = known ?? currentState(ctx, spec, id);
  if (!spec.machine[from].includes(to)) {
    throw new LedgerRuleError('invalid_transition', `${spec.entity} ${id} cannot go from ${from} to ${to}`);
  }
  const columns = Object.keys(patch);
  for (const c of columns) if (!COLUMN.test(c)) throw new Error(`bad column ${c}`);
  const sets = ['state = ?', 'updated_at = ?', ...columns.map((c) => `${c} = ?`)].join(', ');
  const now = ctx.clock.now();
  // Positional parameters, in the order of `sets` (binding by name costs a lookup per column).
  const params: SqlValue[] = [to, now];
  for (const c of columns) params.push(patch[c] as SqlValue);
  params.push(id, from);
  const result = ctx.db.run(`UPDATE ${spec.table} SET ${sets} WHERE id = ? AND state = ?`, params);
  if (result.changes !== 1) throw new LedgerRuleError('invalid_transition', `${spec.entity} ${id} changed while being updated`);
  ctx.audit({ actor, entity: spec.entity, entityId: id, action, from, to, detail: detail ?? null });
  return now;
}
