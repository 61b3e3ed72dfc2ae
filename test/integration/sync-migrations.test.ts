// Every migration is tested on a real file created at the previous version, holding the kind
// of data that version could hold; then every earlier version is opened by today's ledger.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqlDatabase } from '../../src/sync/db/database';
import { LATEST_VERSION, migrate, MIGRATIONS, schemaVersion } from '../../src/sync/db/migrations';
import { LedgerUnavailableError } from '../../src/sync/errors';
import { openLedger } from '../../src/sync/ledger/ledger';
import { panFreeSql } from '../../src/sync/pan-guard';
import { tempDir } from '../support/sync-fixtures';

const tmp = tempDir('migrations-');
afterAll(() => tmp.cleanup());
let n = 0;
const open = (): { db: SqlDatabase; path: string } => {
  const path = tmp.file(`m${++n}.sqlite`);
  return { db: openDatabase(path, { functions: { pan_free: panFreeSql } }), path };
};

/** Rows a till could have written at each version (cumulative). */
const FILL: Record<number, (db: SqlDatabase) => void> = {
  0: () => undefined,
  1: (db) => {
    const sale = (id: number, state: string, target: string, targetId: number | null, training = 0) =>
      db.run(
        `INSERT INTO sales (id, op_id, external_payment_id, idempotency_key, clover_payment_id, state, target_kind, target_id, amount, surcharge, currency, cashier, terminal_serial, training, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1000, 30, 'USD', 'ann', 'C1', ?, 1000, 1000)`,
        [id, `OP${id}AAAAAAAAAAAAA`, `EXT${id}AAAAAAAAAAAA`, `KEY-${id}`, state === 'approved' ? `CP${id}BBBBBBBBBBB` : null, state, target, targetId, training],
      );
    const payment = (id: number, target: string, targetId: number | null, training = 0) =>
      db.run(
        `INSERT INTO payments (id, sale_id, op_id, clover_payment_id, erp_key, amount, surcharge, currency, target_kind, target_id, cashier, terminal_serial, training, created_at)
         VALUES (?, ?, ?, ?, ?, 1000, 30, 'USD', ?, ?, 'ann', 'C1', ?, 1000)`,
        [id, id, `OP${id}AAAAAAAAAAAAA`, `CP${id}BBBBBBBBBBB`, `CLV:CP${id}BBBBBBBBBBB`, target, targetId, training],
      );
    sale(1, 'approved', 'walk_in', null);
    payment(1, 'walk_in', null);
    sale(2, 'approved', 'invoice', 42);
    payment(2, 'invoice', 42);
    sale(3, 'approved', 'walk_in', null, 1);
    payment(3, 'walk_in', null, 1);
    sale(4, 'declined', 'walk_in', null);
    sale(5, 'journaled', 'sale_order', 7);
  },
  2: (db) => {
    const op = (table: string, id: number, state: string, extra: Record<string, string | number | null>) => {
      const cols = { id, op_id: `OP${table}${id}AAAAAAAAA`, idempotency_key: `K-${table}-${id}`, state, cashier: 'ann', terminal_serial: 'C1', created_at: 2000, updated_at: 2000, ...extra };
      db.run(`INSERT INTO ${table} (${Object.keys(cols).join(',')}) VALUES (${Object.keys(cols).map((k) => '@' + k).join(',')})`, cols);
    };
    op('refunds', 1, 'approved', { payment_id: 1, clover_refund_id: 'RF1CCCCCCCCCC', amount: 500, currency: 'USD' });
    op('refunds', 2, 'declined', { payment_id: 1, amount: 100, currency: 'USD' });
    op('voids', 1, 'approved', { payment_id: 2 });
    db.run('UPDATE payments SET voided_at = 2000 WHERE id = 2');
    op('credits', 1, 'approved', { clover_credit_id: 'CR1DDDDDDDDDD', amount: 700, currency: 'USD', reason: 'goodwill', approved_by: 'mia' });
  },
  3: (db) => {
    db.run(`INSERT INTO sync_state (key, value, updated_at) VALUES ('paused', ?, 3000)`, [JSON.stringify({ reason: 'old pause', since: '2026-05-01T00:00:00.000Z', kind: 'manual' })]);
  },
};

function createdAt(version: number): { db: SqlDatabase; path: string } {
  const o = open();
  for (let v = 0; v <= version; v++) {
    if (v > 0) migrate(o.db, v);
    FILL[v]?.(o.db);
  }
  expect(schemaVersion(o.db)).toBe(version);
  return o;
}

const tables = (db: SqlDatabase) => db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type IN ('table','trigger') ORDER BY name`).map((r) => r.name);

describe('migrations', () => {
  it('are numbered 1..N with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  });

  it('v1 creates the ledger on an empty file', () => {
    const { db } = createdAt(0);
    migrate(db, 1);
    expect(tables(db)).toEqual(expect.arrayContaining(['meta', 'sales', 'payments']));
    db.close();
  });

  it('v2 adds refunds, voids and credits to a v1 ledger without touching its rows', () => {
    const { db } = createdAt(1);
    migrate(db, 2);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM sales')!.n).toBe(5);
    expect(tables(db)).toEqual(expect.arrayContaining(['refunds', 'voids', 'credits']));
    FILL[2]!(db); // v2 rows fit on v1 data
    db.close();
  });

  it('v3 adds the outbox and queues what v2 recorded but never synced', () => {
    const { db } = createdAt(2);
    migrate(db, 3);
    const items = db.all<{ kind: string; entity_id: number; doc_key: string; erp_key: string; state: string }>('SELECT kind, entity_id, doc_key, erp_key, state FROM outbox ORDER BY id');
    expect(items).toEqual([
      { kind: 'payment', entity_id: 1, doc_key: 'payment:1', erp_key: 'CLV:CP1BBBBBBBBBBB', state: 'pending' },
      // payment 2 was voided and payment 3 is training: neither is queued
      { kind: 'refund', entity_id: 1, doc_key: 'payment:1', erp_key: 'CLV-R:RF1CCCCCCCCCC', state: 'pending' },
      { kind: 'credit', entity_id: 1, doc_key: 'credit:1', erp_key: 'CLV-C:CR1DDDDDDDDDD', state: 'pending' },
    ]);
    db.close();
  });

  it('v4 adds the append-only audit log to a v3 ledger', () => {
    const { db } = createdAt(3);
    migrate(db, 4);
    expect(tables(db)).toEqual(expect.arrayContaining(['audit_log', 'audit_log_no_update', 'audit_log_no_delete']));
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM outbox')!.n).toBe(3);
    db.close();
  });

  it('v5 records which money records predate the audit log, so the integrity check tells them from added ones', () => {
    const { db, path } = createdAt(4);
    migrate(db, 5);
    expect(JSON.parse(db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'audit_baseline'`)!.value)).toEqual({ sale: 5, refund: 2, void: 1, credit: 1 });
    db.close();
    const ledger = openLedger(path);
    try {
      expect(ledger.audit.check()).toMatchObject({ ok: true, checked: 0, unaudited: 9 });
      ledger.sales.journal({ externalPaymentId: 'EXTNEW', idempotencyKey: 'key-new', target: { kind: 'walk_in' }, amount: 100, currency: 'USD', cashier: 'ann', terminalSerial: 'C9' });
      expect(ledger.audit.check()).toMatchObject({ ok: true, checked: 1, unaudited: 9 });
    } finally {
      ledger.close();
    }
  });

  it.each(Array.from({ length: LATEST_VERSION }, (_, v) => v))('a ledger created at v%i opens with today\'s code and keeps working', (version) => {
    const { db, path } = createdAt(version);
    db.close();
    const ledger = openLedger(path);
    try {
      expect(ledger.schemaVersion()).toBe(LATEST_VERSION);
      if (version >= 1) expect(ledger.sales.get(1)).toMatchObject({ state: 'approved', amount: 1000, surcharge: 30 });
      if (version >= 2) expect(ledger.refunds.refundable(1)).toBe(530);
      expect(ledger.health().ok).toBe(true);
      expect(ledger.audit.verify().ok).toBe(true);
      expect(ledger.audit.check()).toMatchObject({ ok: true, problems: [] }); // records from before the log are not taken for forgeries
      // v1: payments 1 and 2 are queued; from v2 payment 2 is voided, a refund and a credit are added
      if (version >= 1) expect(ledger.outbox.metrics().depth).toBe(version >= 2 ? 3 : 2);
    } finally {
      ledger.close();
    }
  });

  it('a failing migration leaves the file at the previous version, nothing half-done', () => {
    const { db } = createdAt(2);
    db.exec('CREATE TABLE outbox (x)'); // makes v3 fail half-way
    expect(() => migrate(db, 3)).toThrow();
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).not.toContain('sync_state');
    db.close();
  });

  it('refuses a ledger written by a newer app', () => {
    const { db, path } = createdAt(LATEST_VERSION);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => openLedger(path)).toThrow(LedgerUnavailableError);
    expect(() => openLedger(path)).toThrow(/newer version/);
  });
});
