// The outbox table: items are written in the transaction of the ledger change they report;
// the worker claims them under a lease (so a crashed process's items are picked up again),
// and records results in batches (one commit for many deliveries).
import { randomBytes } from 'node:crypto';
import type { OutboxErrorClass, OutboxItem, OutboxKind, OutboxState, SyncStatus } from '../../shared/domain';
import { LedgerRuleError } from '../errors';
import { scrubPan } from '../pan-guard';
import type { LedgerContext } from '../ledger/context';

interface OutboxRow {
  id: number;
  kind: OutboxKind;
  entity_id: number;
  doc_key: string;
  erp_key: string;
  state: OutboxState;
  attempts: number;
  server_errors: number;
  next_attempt_at: number;
  lease_until: number | null;
  claim_token: string | null;
  last_error: string | null;
  last_error_class: OutboxErrorClass | null;
  park_reason: string | null;
  result: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    entityId: row.entity_id,
    docKey: row.doc_key,
    erpKey: row.erp_key,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    lastErrorClass: row.last_error_class,
    parkReason: row.park_reason,
    odooIds: row.result ? ((JSON.parse(row.result) as { ids?: number[] }).ids ?? []) : [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
  };
}

/** A claimed item: `token` fences the result against a lease that expired meanwhile. */
export interface Claim {
  item: OutboxItem;
  token: string;
  /** Server errors (500) seen so far for this item, across attempts. */
  serverErrors: number;
}

export type ItemResult =
  | { id: number; token: string; outcome: 'delivered'; odooIds: number[]; reused: boolean }
  | { id: number; token: string; outcome: 'retry'; error: string; errorClass: OutboxErrorClass; delayMs: number; serverError: boolean }
  | { id: number; token: string; outcome: 'park'; reason: string; error: string; errorClass: OutboxErrorClass }
  /** Back to pending without waiting (the queue stopped; the item was not at fault). `unsent`: it
   * never left this process, so the claim does not count as an attempt. */
  | { id: number; token: string; outcome: 'release'; error: string; errorClass: OutboxErrorClass; unsent?: boolean }
  /** A voided payment that never reached Odoo: it and its void are settled locally. */
  | { id: number; token: string; outcome: 'cancelled_locally' };

const ACTOR = 'sync-worker';
/** Errors come from Odoo: bounded, and scrubbed so the PAN CHECK can never reject a result. */
const safe = (text: string): string => scrubPan(text).slice(0, 500);

/** auth: waits for a new API key; stop: a server/config problem; manual: a person paused it. */
export type PauseKind = 'auth' | 'stop' | 'manual';
export interface PauseState {
  reason: string;
  since: number;
  kind: PauseKind;
}
const OPEN = `('pending','in_flight','parked')`;

/** Adds an item. Call inside the ledger transaction whose change it reports. */
export function enqueue(
  ctx: LedgerContext,
  item: { kind: OutboxKind; entityId: number; docKey: string; erpKey: string; state?: 'pending' | 'cancelled_locally' },
): number {
  const now = ctx.clock.now();
  const state = item.state ?? 'pending';
  const { lastInsertRowid } = ctx.db.run(
    `INSERT INTO outbox (kind, entity_id, doc_key, erp_key, state, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [item.kind, item.entityId, item.docKey, item.erpKey, state, now, now, now],
  );
  if (state === 'pending') ctx.outboxChanged();
  else ctx.audit({ actor: ACTOR, entity: 'outbox', entityId: lastInsertRowid, action: 'cancelled_locally', to: state, detail: { erpKey: item.erpKey } });
  return lastInsertRowid;
}

/**
 * A void of a payment whose item was never sent settles both locally. Returns false when the
 * payment item may already have reached Odoo (claimed at least once, or delivered).
 */
export function cancelUnsentPayment(ctx: LedgerContext, paymentId: number, docKey: string): boolean {
  const row = ctx.db.get<{ id: number; state: OutboxState; attempts: number }>(
    `SELECT id, state, attempts FROM outbox WHERE doc_key = ? AND state IN ${OPEN} AND kind = 'payment' AND entity_id = ?`,
    [docKey, paymentId],
  );
  if (!row || row.attempts > 0 || row.state === 'in_flight') return false;
  ctx.db.run(`UPDATE outbox SET state = 'cancelled_locally', updated_at = ? WHERE id = ?`, [ctx.clock.now(), row.id]);
  ctx.audit({ actor: ACTOR, entity: 'outbox', entityId: row.id, action: 'cancelled_locally', from: row.state, to: 'cancelled_locally', detail: { reason: 'voided before it was sent' } });
  return true;
}

export function createOutboxStore(ctx: LedgerContext) {
  const { db, clock } = ctx;
  // Claim tokens: random per store (process), then a counter; cheaper than random bytes per claim.
  const tokenPrefix = randomBytes(6).toString('hex');
  let tokenCounter = 0;

  function get(id: number): OutboxItem | undefined {
    const row = db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [id]);
    return row && toItem(row);
  }

  function claimNow(limit: number, owner: string, leaseMs: number): Claim[] {
    if (limit <= 0) return [];
    const now = clock.now();
    // Crashed owners' items first (their lease ran out), then due items whose document has no
    // earlier open item: per-document order is decided here, in SQL.
    const rows = db.all<OutboxRow>(
      `SELECT * FROM outbox WHERE state = 'in_flight' AND lease_until <= @now ORDER BY lease_until LIMIT @limit`,
      { now, limit },
    );
    if (rows.length < limit) {
      rows.push(
        ...db.all<OutboxRow>(
          `SELECT o.* FROM outbox o
           WHERE o.state = 'pending' AND o.next_attempt_at <= @now
             AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.doc_key = o.doc_key AND p.id < o.id AND p.state IN ${OPEN})
           ORDER BY o.next_attempt_at, o.id LIMIT @limit`,
          { now, limit: limit - rows.length },
        ),
      );
    }
    return rows.map((row) => {
      const token = `${tokenPrefix}.${(++tokenCounter).toString(36)}`;
      db.run(
        `UPDATE outbox SET state = 'in_flight', claim_token = ?, claimed_by = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`,
        [token, owner, now + leaseMs, now, row.id],
      );
      return { item: toItem({ ...row, state: 'in_flight', attempts: row.attempts + 1 }), token, serverErrors: row.server_errors };
    });
  }

  function finishNow(results: readonly ItemResult[]): number {
    const now = clock.now();
    let applied = 0;
    for (const r of results) {
      const fence = { id: r.id, token: r.token, now };
      const where = `WHERE id = @id AND claim_token = @token AND state = 'in_flight'`;
      let changes = 0;
      switch (r.outcome) {
        case 'delivered':
          changes = db.run(
            `UPDATE outbox SET state = 'delivered', delivered_at = @now, updated_at = @now, claim_token = NULL, lease_until = NULL, result = @result ${where}`,
            { ...fence, result: JSON.stringify({ ids: r.odooIds, reused: r.reused }) },
          ).changes;
          if (changes) ctx.audit({ actor: ACTOR, entity: 'outbox', entityId: r.id, action: 'delivered', from: 'in_flight', to: 'delivered', detail: { odooIds: r.odooIds, reused: r.reused } });
          break;
        case 'retry':
        case 'release':
          changes = db.run(
            `UPDATE outbox SET state = 'pending', next_attempt_at = @next, updated_at = @now, claim_token = NULL, lease_until = NULL,
               last_error = CASE @unsent WHEN 1 THEN last_error ELSE @error END, last_error_class = CASE @unsent WHEN 1 THEN last_error_class ELSE @cls END,
               server_errors = server_errors + @server, attempts = attempts - @unsent ${where}`,
            {
              ...fence,
              next: r.outcome === 'retry' ? now + r.delayMs : now,
              error: safe(r.error),
              cls: r.errorClass,
              server: r.outcome === 'retry' && r.serverError ? 1 : 0,
              unsent: r.outcome === 'release' && r.unsent ? 1 : 0,
            },
          ).changes;
          break;
        case 'park':
          changes = db.run(
            `UPDATE outbox SET state = 'parked', park_reason = @reason, last_error = @error, last_error_class = @cls, updated_at = @now,
               claim_token = NULL, lease_until = NULL ${where}`,
            { ...fence, reason: safe(r.reason), error: safe(r.error), cls: r.errorClass },
          ).changes;
          if (changes) ctx.audit({ actor: ACTOR, entity: 'outbox', entityId: r.id, action: 'parked', from: 'in_flight', to: 'parked', detail: { reason: safe(r.reason) } });
          break;
        case 'cancelled_locally':
          changes = db.run(`UPDATE outbox SET state = 'cancelled_locally', updated_at = @now, claim_token = NULL, lease_until = NULL ${where}`, fence).changes;
          if (changes) {
            ctx.audit({ actor: ACTOR, entity: 'outbox', entityId: r.id, action: 'cancelled_locally', from: 'in_flight', to: 'cancelled_locally', detail: { reason: 'voided; not found in Odoo' } });
            cancelVoidItemsOf(r.id, now);
          }
          break;
      }
      applied += changes;
    }
    return applied;
  }

  function cancelVoidItemsOf(paymentItemId: number, now: number): void {
    const payment = db.get<{ doc_key: string; entity_id: number }>('SELECT doc_key, entity_id FROM outbox WHERE id = ?', [paymentItemId]);
    if (!payment) return;
    const voidItems = db.all<{ id: number }>(
      `SELECT o.id FROM outbox o JOIN voids v ON v.id = o.entity_id
       WHERE o.doc_key = ? AND o.state IN ${OPEN} AND o.kind = 'void' AND o.state = 'pending' AND v.payment_id = ?`,
      [payment.doc_key, payment.entity_id],
    );
    for (const { id } of voidItems) {
      db.run(`UPDATE outbox SET state = 'cancelled_locally', updated_at = ? WHERE id = ?`, [now, id]);
      ctx.audit({ actor: ACTOR, entity: 'outbox', entityId: id, action: 'cancelled_locally', from: 'pending', to: 'cancelled_locally', detail: { reason: 'its payment never reached Odoo' } });
    }
  }

  function pausedState(): PauseState | null {
    const row = db.get<{ value: string | null }>(`SELECT value FROM sync_state WHERE key = 'paused'`);
    if (!row?.value) return null;
    const stored = JSON.parse(row.value) as { reason: string; since: string; kind: PauseKind };
    return { ...stored, since: Date.parse(stored.since) };
  }

  return {
    get,

    list(filter: { state?: OutboxState; limit?: number } = {}): OutboxItem[] {
      const rows = filter.state
        ? db.all<OutboxRow>('SELECT * FROM outbox WHERE state = ? ORDER BY id LIMIT ?', [filter.state, filter.limit ?? 1000])
        : db.all<OutboxRow>('SELECT * FROM outbox ORDER BY id LIMIT ?', [filter.limit ?? 1000]);
      return rows.map(toItem);
    },

    /** Records finished items and claims up to `limit` new ones, in one commit. */
    finishAndClaim(results: readonly ItemResult[], limit: number, owner: string, leaseMs: number): Claim[] {
      return db.transaction(() => {
        finishNow(results);
        return claimNow(limit, owner, leaseMs);
      });
    },

    /** Extends the leases this worker holds, so a slow Odoo does not hand its items to another. */
    renewLeases(tokens: readonly string[], leaseMs: number): void {
      if (tokens.length === 0) return;
      const until = clock.now() + leaseMs;
      db.transaction(() => {
        for (const token of tokens) db.run(`UPDATE outbox SET lease_until = ? WHERE claim_token = ? AND state = 'in_flight'`, [until, token]);
      });
    },

    /** When the next pending item falls due (ms epoch), or null when nothing waits. */
    nextDueAt(): number | null {
      const pending = db.get<{ due: number | null }>(`SELECT min(next_attempt_at) AS due FROM outbox WHERE state = 'pending'`)?.due ?? null;
      const lease = db.get<{ due: number | null }>(`SELECT min(lease_until) AS due FROM outbox WHERE state = 'in_flight'`)?.due ?? null;
      if (pending === null) return lease;
      return lease === null ? pending : Math.min(pending, lease);
    },

    metrics(): SyncStatus {
      const now = clock.now();
      // Open items come from the partial index; only the delivered count walks history.
      const counts = db.get<{ pending: number | null; in_flight: number | null; parked: number | null; oldest: number | null }>(
        `SELECT sum(state = 'pending') AS pending, sum(state = 'in_flight') AS in_flight, sum(state = 'parked') AS parked, min(created_at) AS oldest
         FROM outbox WHERE state IN ${OPEN}`,
      );
      const delivered = db.get<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE state = 'delivered'`)?.n ?? 0;
      const lastError = db.get<{ last_error: string }>(
        `SELECT last_error FROM outbox WHERE state IN ${OPEN} AND last_error IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT 1`,
      );
      return {
        depth: (counts?.pending ?? 0) + (counts?.in_flight ?? 0),
        inFlight: counts?.in_flight ?? 0,
        parked: counts?.parked ?? 0,
        delivered,
        oldestPendingAgeMs: counts?.oldest != null ? Math.max(0, now - counts.oldest) : null,
        lastError: lastError?.last_error ?? null,
        pausedReason: pausedState()?.reason ?? null,
      };
    },

    /**
     * Retention (issue 13): items Odoo has (delivered) or never needed (voided before they left)
     * are removed once older than `before`, so the queue stays small over years of trading. Money
     * records and the audit log are never removed; one audit entry says how many items went.
     */
    compact(before: number, actor: string): number {
      return db.transaction(() => {
        const { changes } = db.run(`DELETE FROM outbox WHERE state IN ('delivered', 'cancelled_locally') AND updated_at < ?`, [before]);
        if (changes > 0) ctx.audit({ actor, entity: 'outbox', entityId: null, action: 'compact', detail: { removed: changes, before: new Date(before).toISOString() } });
        return changes;
      });
    },

    /** A person sends a parked (or backing-off) item again now. */
    retry(id: number, actor: string, note?: string): OutboxItem {
      return db.transaction(() => {
        const item = get(id);
        if (!item) throw new LedgerRuleError('not_found', `outbox item ${id} does not exist`);
        if (item.state !== 'parked' && item.state !== 'pending') {
          throw new LedgerRuleError('invalid_transition', `outbox item ${id} is ${item.state}; only parked or waiting items can be retried`);
        }
        db.run(`UPDATE outbox SET state = 'pending', next_attempt_at = ?, park_reason = NULL, server_errors = 0, updated_at = ? WHERE id = ?`, [
          clock.now(),
          clock.now(),
          id,
        ]);
        ctx.audit({ actor, entity: 'outbox', entityId: id, action: 'retry', from: item.state, to: 'pending', detail: note ? { note } : null });
        ctx.outboxChanged();
        return get(id)!;
      });
    },

    /** A person holds an item back (it blocks later items of its document until retried). */
    park(id: number, reason: string, actor: string): OutboxItem {
      return db.transaction(() => {
        const item = get(id);
        if (!item) throw new LedgerRuleError('not_found', `outbox item ${id} does not exist`);
        if (item.state !== 'pending') throw new LedgerRuleError('invalid_transition', `outbox item ${id} is ${item.state}; only waiting items can be parked`);
        db.run(`UPDATE outbox SET state = 'parked', park_reason = ?, updated_at = ? WHERE id = ?`, [reason, clock.now(), id]);
        ctx.audit({ actor, entity: 'outbox', entityId: id, action: 'park', from: 'pending', to: 'parked', detail: { reason } });
        return get(id)!;
      });
    },

    paused: pausedState,

    /** Stops all deliveries until resume(); persisted, so every process sees it and says why. */
    pause(reason: string, actor: string, kind: PauseKind = 'manual'): void {
      db.transaction(() => {
        const current = pausedState();
        if (current?.reason === safe(reason) && current.kind === kind) return;
        const state: PauseState = { reason, since: clock.now(), kind };
        db.run(`INSERT INTO sync_state (key, value, updated_at) VALUES ('paused', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, [
          JSON.stringify({ ...state, reason: safe(reason), since: new Date(state.since).toISOString() }),
          clock.now(),
        ]);
        ctx.audit({ actor, entity: 'sync', entityId: null, action: 'pause', detail: { reason: safe(reason), kind } });
      });
    },

    /** Items still to deliver that are not stuck behind a parked item of their document. */
    activeCount(): number {
      const row = db.get<{ n: number }>(
        `SELECT count(*) AS n FROM outbox o WHERE o.state IN ${OPEN} AND o.state <> 'parked'
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.doc_key = o.doc_key AND p.id < o.id AND p.state IN ${OPEN} AND p.state = 'parked')`,
      );
      return row?.n ?? 0;
    },

    resume(actor: string, note?: string): boolean {
      return db.transaction(() => {
        const current = pausedState();
        if (!current) return false;
        db.run(`DELETE FROM sync_state WHERE key = 'paused'`);
        ctx.audit({ actor, entity: 'sync', entityId: null, action: 'resume', detail: { wasPausedFor: current.reason, ...(note ? { note } : {}) } });
        ctx.outboxChanged();
        return true;
      });
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
