import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqlDatabase } from '../../src/sync/db/database';
import { type Ledger, openLedger } from '../../src/sync/ledger/ledger';
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
