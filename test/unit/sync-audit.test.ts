import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqlDatabase } from '../../src/sync/db/database';
import { type Ledger, openLedger } from '../../src/sync/ledger/ledger';
import { type AuditRow, chainHash, GENESIS_HASH } from '../../src/sync/ledger/audit';
import { panFreeSql } from '../../src/sync/pan-guard';
import { approvedSale, editBehindTheLedger, tempLedger } from '../support/sync-fixtures';

let ledger: Ledger;
let path: string;
let cleanup: () => void;
beforeEach(() => {
  ({ ledger, path, cleanup } = tempLedger());
  for (let i = 0; i < 3; i++) approvedSale(ledger); // journal, sent, approved: 3 rows each
  const item = ledger.outbox.list()[0]!;
  ledger.outbox.park(item.id, 'checking with the accountant', 'mia');
  ledger.outbox.retry(item.id, 'mia');
});
afterEach(() => {
  ledger.close();
  cleanup();
});
const reopen = (): Ledger => openLedger(path);

const tamper = (fn: (db: SqlDatabase) => void): void => editBehindTheLedger(path, fn);

describe('audit log', () => {
  it('records every state change and manual decision, and verifies', () => {
    // 3 sales x (journal, sent, approved) + park + retry
    expect(ledger.audit.verify()).toMatchObject({ ok: true, count: 11, head: { seq: 11 } });
  });

  it('refuses UPDATE and DELETE through SQL', () => {
    const db = openDatabase(path, { functions: { pan_free: panFreeSql } });
    try {
      expect(() => db.run(`UPDATE audit_log SET actor = 'eve' WHERE seq = 2`)).toThrow(/append-only/);
      expect(() => db.run(`DELETE FROM audit_log WHERE seq = 2`)).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('detects an edited row at that row', () => {
    ledger.close();
    tamper((db) => db.run(`UPDATE audit_log SET detail = replace(detail, '2500', '250') WHERE seq = 4`));
    ledger = reopen();
    expect(ledger.audit.verify()).toMatchObject({ ok: false, brokenAt: 4, problem: expect.stringMatching(/changed/) });
  });

  it('detects a deleted row at the next one', () => {
    ledger.close();
    tamper((db) => db.run(`DELETE FROM audit_log WHERE seq = 5`));
    ledger = reopen();
    expect(ledger.audit.verify()).toMatchObject({ ok: false, brokenAt: 6 });
  });

  it('detects rows cut from the end against a head recorded elsewhere', () => {
    const head = ledger.audit.head();
    ledger.close();
    tamper((db) => db.run(`DELETE FROM audit_log WHERE seq >= 10`));
    ledger = reopen();
    expect(ledger.audit.verify()).toMatchObject({ ok: true, count: 9 });
    expect(ledger.audit.verify(head)).toMatchObject({ ok: false, brokenAt: 10, problem: expect.stringMatching(/removed from the end/) });
  });
});

describe('audit checkpoints', () => {
  it('a full check that passes stores a verified point; start-up then walks only what came after', () => {
    expect(ledger.audit.lastCheckpoint()).toBeNull();
    expect(ledger.audit.check().ok).toBe(true);
    expect(ledger.audit.lastCheckpoint()).toMatchObject({ seq: 11 });
    approvedSale(ledger);
    expect(ledger.audit.verifyRecent()).toMatchObject({ ok: true, from: 11, count: 3 });
  });

  it('catches an edit after the checkpoint at start-up, and one before it in the full check', () => {
    ledger.audit.check();
    approvedSale(ledger);
    let actor = '';
    tamper((db) => {
      actor = db.get<{ actor: string }>('SELECT actor FROM audit_log WHERE seq = 13')!.actor;
      db.run(`UPDATE audit_log SET actor = 'eve' WHERE seq = 13`);
    });
    expect(ledger.audit.verifyRecent()).toMatchObject({ ok: false, brokenAt: 13 });
    tamper((db) => db.run('UPDATE audit_log SET actor = ? WHERE seq = 13', [actor])); // put back
    tamper((db) => db.run(`UPDATE audit_log SET actor = 'eve' WHERE seq = 5`)); // before the checkpoint
    expect(ledger.audit.verifyRecent().ok).toBe(true); // start-up trusts what was verified…
    expect(ledger.audit.check()).toMatchObject({ ok: false, chain: { ok: false, brokenAt: 5 } }); // …the full check does not
  });

  it('a log rewritten up to its head (every hash recomputed) breaks at the checkpoint', () => {
    ledger.audit.check();
    tamper((db) => {
      const rows = db.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
      let prev = GENESIS_HASH;
      for (const row of rows) {
        const edited = row.seq === 4 ? { ...row, actor: 'eve' } : row;
        const hash = chainHash(prev, edited);
        db.run('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?', [edited.actor, prev, hash, row.seq]);
        prev = hash;
      }
    });
    expect(ledger.audit.verify().ok).toBe(true); // the chain itself holds together again…
    expect(ledger.audit.verifyRecent()).toMatchObject({ ok: false, brokenAt: 11, problem: expect.stringContaining('no longer has the hash') });
  });
});
