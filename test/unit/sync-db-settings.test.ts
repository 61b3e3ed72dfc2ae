// The database port's file settings: durability is never traded for speed, and the page size
// chosen for new ledgers (small pages: fewer WAL bytes per commit) leaves existing files alone.
import Driver from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/sync/db/database';
import { openLedger } from '../../src/sync/ledger/ledger';
import { containsPan, panFreeSql } from '../../src/sync/pan-guard';
import { approvedSale, tempDir } from '../support/sync-fixtures';

const tmp = tempDir('db-settings-');
afterAll(() => tmp.cleanup());

describe('database settings', () => {
  it('a new ledger: WAL, synchronous=FULL, 1 KiB pages, checkpoints every ~4 MB of WAL', () => {
    const db = openDatabase(tmp.file('new.sqlite'), { functions: { pan_free: panFreeSql } });
    try {
      expect(db.pragma('journal_mode')).toBe('wal');
      expect(db.pragma('synchronous')).toBe(2); // FULL
      expect(db.pragma('page_size')).toBe(1024);
      expect(db.pragma('wal_autocheckpoint')).toBe(4096);
    } finally {
      db.close();
    }
  });

  it('an existing ledger keeps its page size and works as before', () => {
    const path = tmp.file('old.sqlite');
    const old = new Driver(path); // as the app created files before: 4 KiB pages
    old.pragma('journal_mode = WAL');
    old.close();
    const ledger = openLedger(path);
    try {
      approvedSale(ledger);
      expect(ledger.audit.verify().ok).toBe(true);
    } finally {
      ledger.close();
    }
    const db = openDatabase(path, { functions: { pan_free: panFreeSql } });
    try {
      expect(db.pragma('page_size')).toBe(4096);
      expect(db.pragma('wal_autocheckpoint')).toBe(1024);
      expect(db.pragma('synchronous')).toBe(2);
    } finally {
      db.close();
    }
  });

  it('the PAN guard\'s digit count settles short and digit-poor text the same way as the full scan', () => {
    // 12 digits can never hold a PAN, however they are grouped; 13+ go to the full check.
    expect(containsPan('4242 4242 4242')).toBe(false);
    expect(containsPan('order 4242-4242-4242 and more text around it')).toBe(false);
    expect(containsPan('x 4242 4242 4242 4242 y')).toBe(true);
    expect(containsPan('4222222222222')).toBe(true); // 13-digit test Visa
  });
});

describe('snapshot reads', () => {
  it('see one state of the file while another connection commits, without holding it up', () => {
    const path = tmp.file('snapshot.sqlite');
    const reader = openDatabase(path);
    const writer = openDatabase(path, { busyTimeoutMs: 50 });
    try {
      reader.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      const count = () => reader.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n;
      const seen = reader.snapshot(() => {
        const before = count();
        writer.transaction(() => writer.run('INSERT INTO t DEFAULT VALUES')); // not blocked (50 ms would throw)
        return [before, count()];
      });
      expect(seen).toEqual([0, 0]);
      expect(count()).toBe(1); // the next read sees it
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('undo anything written inside them', () => {
    const db = openDatabase(tmp.file('snapshot-write.sqlite'));
    try {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      db.snapshot(() => db.transaction(() => db.run('INSERT INTO t DEFAULT VALUES')));
      expect(db.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n).toBe(0);
    } finally {
      db.close();
    }
  });
});
