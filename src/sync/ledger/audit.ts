// Append-only audit log, hash-chained: hash = SHA-256(previous hash + "\n" + canonical row).
// Editing or deleting any row breaks the chain at that row or the next; verifyAudit() names
// the first broken link. Truncating the tail is only detectable against a head recorded
// elsewhere (end-of-day report), which verifyAudit() accepts as `expectedHead`.
import { hash } from 'node:crypto';
import type { SqlDatabase } from '../db/database';

export const GENESIS_HASH = '0'.repeat(64);
/** Hex digits of a head's hash shown on reports, and the least accepted back (64 bits). */
export const AUDIT_HEAD_DIGITS = 16;

export interface AuditEntry {
  actor: string;
  entity: string;
  entityId: number | null;
  action: string;
  from?: string | null;
  to?: string | null;
  detail?: Readonly<Record<string, unknown>> | null;
}

export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  entity: string;
  entity_id: number | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export type AuditVerification =
  | { ok: true; count: number; head: AuditHead }
  | { ok: false; count: number; brokenAt: number; problem: string };

function canonical(row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return JSON.stringify([row.seq, row.at, row.actor, row.entity, row.entity_id, row.action, row.from_state, row.to_state, row.detail]);
}

export function chainHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return hash('sha256', `${prevHash}\n${canonical(row)}`, 'hex');
}

/** Runs a stepped check to its end at once. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export function auditHead(db: SqlDatabase): AuditHead {
  const last = db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

/** The stored form of an entry's detail (JSON text, or null). */
export function auditDetail(entry: AuditEntry): string | null {
  return entry.detail ? JSON.stringify(entry.detail) : null;
}

/**
 * Appends one entry. Call inside the transaction of the change it records. `detail` is
 * auditDetail(entry), for a caller that already serialized it (to check it for a PAN).
 */
export function appendAudit(db: SqlDatabase, at: number, entry: AuditEntry, detail: string | null = auditDetail(entry)): void {
  const head = auditHead(db); // read inside the write transaction: another process may have appended
  const row = {
    seq: head.seq + 1,
    at,
    actor: entry.actor,
    entity: entry.entity,
    entity_id: entry.entityId,
    action: entry.action,
    from_state: entry.from ?? null,
    to_state: entry.to ?? null,
    detail,
  };
  // Positional parameters: binding by name costs a property lookup per column on every write.
  db.run(
    `INSERT INTO audit_log (seq, at, actor, entity, entity_id, action, from_state, to_state, detail, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [row.seq, row.at, row.actor, row.entity, row.entity_id, row.action, row.from_state, row.to_state, row.detail, head.hash, chainHash(head.hash, row)],
  );
}

/** The last verified point of the chain, if a full check ever passed. */
export function lastCheckpoint(db: SqlDatabase): AuditHead | null {
  return db.get<AuditHead>('SELECT seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1') ?? null;
}

/** Stores a head a full check just verified (chain and records); older heads are ignored. */
export function recordCheckpoint(db: SqlDatabase, head: AuditHead, at: number): void {
  if (head.seq <= 0 || (lastCheckpoint(db)?.seq ?? 0) >= head.seq) return;
  db.run('INSERT INTO audit_checkpoints (seq, hash, at) VALUES (?, ?, ?)', [head.seq, head.hash, at]);
}

/**
 * The chain after the last verified point only (start-up: cheap whatever the history). The
 * checkpoint's own entry must still carry the hash it had: a chain rewritten up to the head
 * changes it. Edits before the checkpoint that leave it standing take the full check.
 */
export function verifySinceCheckpoint(db: SqlDatabase): AuditVerification & { from: number } {
  const cp = lastCheckpoint(db);
  if (!cp) return { ...runSteps(auditSteps(db)), from: 0 };
  const at = db.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [cp.seq]);
  if (!at) return { ok: false, count: 0, brokenAt: cp.seq, problem: `entry ${cp.seq}, verified before, is gone (rows removed)`, from: cp.seq };
  if (at.hash !== cp.hash) return { ok: false, count: 0, brokenAt: cp.seq, problem: `entry ${cp.seq} no longer has the hash it had when it was verified (the log was rewritten)`, from: cp.seq };
  return { ...runSteps(auditSteps(db, undefined, undefined, cp)), from: cp.seq };
}

/** Walks the whole chain; reports the first row whose link does not hold. */
export function verifyAudit(db: SqlDatabase, expectedHead?: AuditHead): AuditVerification {
  return runSteps(auditSteps(db, expectedHead));
}

/**
 * verifyAudit, a page of rows per step (so a caller can let other work run between pages).
 * `visit` sees every row whose link held, in order: the integrity check reads the log once.
 */
export function* auditSteps(db: SqlDatabase, expectedHead?: AuditHead, visit?: (row: AuditRow) => void, from?: AuditHead): Generator<void, AuditVerification> {
  let prev: AuditHead = from ?? { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  const PAGE = 5000;
  for (;;) {
    const rows = db.all<AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [prev.seq, PAGE]);
    for (const row of rows) {
      if (row.seq !== prev.seq + 1) return { ok: false, count, brokenAt: row.seq, problem: `rows ${prev.seq + 1}..${row.seq - 1} are missing` };
      if (row.prev_hash !== prev.hash) return { ok: false, count, brokenAt: row.seq, problem: 'previous hash does not match (a row before it was changed or removed)' };
      if (chainHash(row.prev_hash, row) !== row.hash) return { ok: false, count, brokenAt: row.seq, problem: 'row content does not match its hash (the row was changed)' };
      prev = { seq: row.seq, hash: row.hash };
      count++;
      visit?.(row);
    }
    if (rows.length < PAGE) break;
    yield;
  }
  if (expectedHead && expectedHead.seq > 0) {
    if (prev.seq < expectedHead.seq) return { ok: false, count, brokenAt: prev.seq + 1, problem: `the log ends at ${prev.seq}, but ${expectedHead.seq} was recorded (rows removed from the end)` };
    const at = db.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [expectedHead.seq]);
    const recorded = expectedHead.hash.toLowerCase();
    if (recorded.length < AUDIT_HEAD_DIGITS || !at?.hash.startsWith(recorded)) return { ok: false, count, brokenAt: expectedHead.seq, problem: 'the recorded head hash does not match' };
  }
  return { ok: true, count, head: prev };
}
