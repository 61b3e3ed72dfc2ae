// Does the ledger still say what its audit log says? The hash chain (audit.ts) shows whether the
// log itself was edited. This reads the log in the same pass and holds every money record
// against the state and amounts logged for it, so that a record changed, added or deleted with
// a plain SQL tool shows too, and so do log rows cut from the end while their records stayed.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { openDatabase, type SqlDatabase } from '../db/database';
import { panFreeSql } from '../pan-guard';
import { auditSteps, type AuditHead, type AuditRow, type AuditVerification, runSteps } from './audit';

const TABLES = { sale: 'sales', refund: 'refunds', void: 'voids', credit: 'credits' } as const;
type Entity = keyof typeof TABLES;
const ENTITIES = Object.keys(TABLES) as Entity[];
const MAX_LISTED = 50;
const PAGE = 5000;

export interface IntegrityProblem {
  /** e.g. "sale #12" */
  record: string;
  problem: string;
}

export interface IntegrityReport {
  ok: boolean;
  chain: AuditVerification;
  /** Money records held against the log. */
  checked: number;
  /** Records written before the ledger had its audit log (v4): nothing to hold them against. */
  unaudited: number;
  problemCount: number;
  /** The first problems found (at most 50). */
  problems: IntegrityProblem[];
}

/** What the log says of one record; an amount only where a logged entry carried it. */
interface Logged {
  state: string | null;
  amount?: number;
  surcharge?: number;
  currency?: string;
  approved?: number | null;
  cloverId?: string;
}

interface RecordRow {
  id: number;
  state: string;
  amount?: number;
  surcharge?: number;
  currency?: string;
  approved_amount?: number | null;
  clover_payment_id?: string | null;
}

const COLUMNS: Record<Entity, string> = {
  sale: 'id, state, amount, surcharge, currency, approved_amount, clover_payment_id',
  refund: 'id, state, amount, currency',
  void: 'id, state',
  credit: 'id, state, amount, currency',
};

export function checkIntegrity(db: SqlDatabase, expectedHead?: AuditHead): IntegrityReport {
  // One snapshot: a sale the till approves while the log is read must not look like a forgery.
  return db.snapshot(() => runSteps(integritySteps(db, expectedHead)));
}

/**
 * The same check on a connection of its own, letting the event loop run between pages: for the
 * app, whose till shares its process with the window (a year of sales takes seconds to read).
 */
export async function checkIntegrityOfFile(path: string, expectedHead?: AuditHead): Promise<IntegrityReport> {
  const db = openDatabase(path, { readonly: true, functions: { pan_free: panFreeSql } });
  try {
    // Nothing else uses this connection, so the snapshot may span the awaits below.
    db.exec('BEGIN DEFERRED');
    const steps = integritySteps(db, expectedHead);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await nextTurn();
    }
  } finally {
    db.close(); // ends the read transaction
  }
}

function* integritySteps(db: SqlDatabase, expectedHead?: AuditHead): Generator<void, IntegrityReport> {
  const logged = new Map<string, Logged>();
  const chain = yield* auditSteps(db, expectedHead, (row) => learn(logged, row));
  const problems: IntegrityProblem[] = [];
  let problemCount = 0;
  const problem = (record: string, text: string) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ record, problem: text });
  };
  // A log that does not hold together cannot vouch for anything: compare nothing against it.
  if (!chain.ok) return { ok: false, chain, checked: 0, unaudited: 0, problemCount: 0, problems: [] };

  const baseline = auditBaseline(db);
  let checked = 0;
  let unaudited = 0;
  for (const entity of ENTITIES) {
    for (const row of yield* recordsOf(db, entity)) {
      const record = `${entity} #${row.id}`;
      const log = logged.get(`${entity}:${row.id}`);
      if (!log) {
        if (row.id <= baseline[entity]) unaudited++;
        else problem(record, 'has no entry in the audit log: written outside the ledger, or the end of the log was cut');
        continue;
      }
      logged.delete(`${entity}:${row.id}`);
      checked++;
      for (const difference of differences(row, log)) problem(record, difference);
    }
  }
  for (const key of logged.keys()) {
    const [entity, id] = key.split(':');
    problem(`${entity} #${id}`, 'is in the audit log, but not in the ledger: the record was deleted');
  }
  for (const [record, text] of paymentProblems(db)) problem(record, text);
  return { ok: problemCount === 0, chain, checked, unaudited, problemCount, problems };
}

function learn(logged: Map<string, Logged>, row: AuditRow): void {
  if (!Object.hasOwn(TABLES, row.entity) || row.entity_id === null) return;
  const key = `${row.entity}:${row.entity_id}`;
  let log = logged.get(key);
  if (!log) logged.set(key, (log = { state: null }));
  if (row.to_state !== null) log.state = row.to_state;
  const carriesAmounts =
    row.action === 'journal' ||
    (row.entity === 'sale' && (row.to_state === 'approved' || row.to_state === 'partial' || row.action === 'force_resolve')) ||
    ((row.entity === 'refund' || row.entity === 'credit') && row.to_state === 'approved');
  const detail = carriesAmounts ? parseDetail(row.detail) : null; // most entries are plain state changes
  if (!detail) return;
  if (row.action === 'journal') {
    if (typeof detail.amount === 'number') log.amount = detail.amount;
    if (typeof detail.surcharge === 'number') log.surcharge = detail.surcharge;
    if (typeof detail.currency === 'string') log.currency = detail.currency;
  } else if (row.entity === 'sale' && (row.to_state === 'approved' || row.to_state === 'partial' || row.action === 'force_resolve')) {
    // Older force_resolve entries did not carry the amount: nothing to compare then.
    if (typeof detail.approved === 'number' || detail.approved === null) log.approved = detail.approved;
    if (typeof detail.cloverPaymentId === 'string') log.cloverId = detail.cloverPaymentId;
  } else if ((row.entity === 'refund' || row.entity === 'credit') && row.to_state === 'approved' && typeof detail.amount === 'number') {
    log.amount = detail.amount; // what Clover actually refunded or credited
  }
}

function differences(row: RecordRow, log: Logged): string[] {
  const found: string[] = [];
  const compare = (what: string, actual: unknown, expected: unknown) => {
    if (expected !== undefined && actual !== expected) found.push(`${what} is ${String(actual)}, the audit log says ${String(expected)}`);
  };
  compare('state', row.state, log.state ?? undefined);
  compare('amount', row.amount, log.amount);
  compare('surcharge', row.surcharge, log.surcharge);
  compare('currency', row.currency, log.currency);
  compare('approved amount', row.approved_amount, log.approved);
  compare('Clover payment id', row.clover_payment_id, log.cloverId);
  return found;
}

const SETTLED = `(s.state IN ('approved','partial') OR (s.state = 'forced' AND s.forced_outcome = 'approved'))`;

/**
 * A payment row exists exactly for a settled sale, for what the sale settled. (A sale's approved
 * amount may be empty in files older than the code that always sets it; an audited sale's is
 * compared with its log above.)
 */
function paymentProblems(db: SqlDatabase): Array<[string, string]> {
  const ids = (sql: string) => db.all<{ id: number }>(`${sql} LIMIT ${MAX_LISTED}`).map((r) => r.id);
  return [
    ...ids(`SELECT s.id FROM sales s WHERE ${SETTLED} AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = s.id)`).map(
      (id): [string, string] => [`sale #${id}`, 'settled, but its payment row is missing'],
    ),
    ...ids(`SELECT p.id FROM payments p LEFT JOIN sales s ON s.id = p.sale_id WHERE s.id IS NULL OR NOT ${SETTLED}`).map(
      (id): [string, string] => [`payment #${id}`, 'has no settled sale behind it'],
    ),
    ...ids(
      `SELECT p.id FROM payments p JOIN sales s ON s.id = p.sale_id
       WHERE (s.approved_amount IS NOT NULL AND p.amount + p.surcharge <> s.approved_amount)
          OR (p.clover_payment_id IS NOT NULL AND p.clover_payment_id IS NOT s.clover_payment_id)`,
    ).map((id): [string, string] => [`payment #${id}`, 'differs from its sale (amount or Clover payment id)']),
  ];
}

function auditBaseline(db: SqlDatabase): Record<Entity, number> {
  const none: Record<Entity, number> = { sale: 0, refund: 0, void: 0, credit: 0 };
  const row = db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'audit_baseline'`);
  const parsed = parseDetail(row?.value ?? null);
  for (const entity of ENTITIES) {
    const id = parsed?.[entity];
    if (typeof id === 'number') none[entity] = id;
  }
  return none;
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Every row of an entity's table, in id order, read a page per step. */
function* recordsOf(db: SqlDatabase, entity: Entity): Generator<void, RecordRow[]> {
  const all: RecordRow[] = [];
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = db.all<RecordRow>(`SELECT ${COLUMNS[entity]} FROM ${TABLES[entity]} WHERE id > ? ORDER BY id LIMIT ${PAGE}`, [after]);
    all.push(...rows);
    if (rows.length < PAGE) return all;
    after = rows[rows.length - 1]!.id;
    yield;
  }
}
