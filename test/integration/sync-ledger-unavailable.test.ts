// A damaged, locked or read-only ledger file: a typed error with a human reason, and a health
// check that says "no card payments", never a silently lost record. Real files throughout.
import { spawnSync } from 'node:child_process';
import { chmodSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/sync/db/database';
import { LedgerUnavailableError } from '../../src/sync/errors';
import { openLedger, probeLedger } from '../../src/sync/ledger/ledger';
import { panFreeSql } from '../../src/sync/pan-guard';
import { approvedSale, ids, tempDir } from '../support/sync-fixtures';

const tmp = tempDir('unavailable-');
afterAll(() => {
  chmodSync(tmp.dir, 0o755);
  tmp.cleanup();
});
let n = 0;
const freshLedgerFile = (sales = 0): string => {
  const path = tmp.file(`l${++n}.sqlite`);
  const ledger = openLedger(path);
  for (let i = 0; i < sales; i++) approvedSale(ledger);
  ledger.close(); // checkpoints the WAL into the file
  return path;
};

function openError(path: string, options = {}): LedgerUnavailableError {
  try {
    openLedger(path, options).close();
  } catch (err) {
    if (err instanceof LedgerUnavailableError) return err;
    throw err;
  }
  throw new Error('the ledger opened');
}

const journalInput = () => {
  const id = ids();
  return { externalPaymentId: id.externalPaymentId, idempotencyKey: id.idempotencyKey, target: { kind: 'walk_in' as const }, amount: 500, currency: 'USD', cashier: 'ann', terminalSerial: 'C1' };
};

describe('corrupt ledger file', () => {
  it('garbage bytes: typed error, health says no, and the file is left as it was', () => {
    const path = tmp.file('garbage.sqlite');
    const garbage = randomBytes(16_384);
    writeFileSync(path, garbage);
    const err = openError(path);
    expect(err.reason).toBe('corrupt');
    expect(err.message).toMatch(/damaged/);
    expect(probeLedger(path)).toMatchObject({ ok: false, canTakeCardPayments: false, reason: 'corrupt' });
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  it('a damaged page inside a real ledger is caught on open (quick_check)', () => {
    const path = freshLedgerFile(40);
    const fd = openSync(path, 'r+');
    writeSync(fd, randomBytes(4096), 0, 4096, 4096 * 3); // overwrite page 4
    closeSync(fd);
    expect(openError(path).reason).toBe('corrupt');
  });
});

describe('locked ledger file', () => {
  /**
   * 'exclusive': nobody else may even read (only possible while no one has the file open).
   * 'write': a long write transaction, as another copy of the app would hold it (WAL write lock).
   */
  function holdLock(path: string, how: 'exclusive' | 'write') {
    const other = openDatabase(path, { functions: { pan_free: panFreeSql } });
    other.exec(how === 'exclusive' ? 'PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;' : 'BEGIN IMMEDIATE;');
    other.run(`INSERT INTO meta (key, value) VALUES ('holder', 'other program') ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
    return () => {
      other.exec('COMMIT');
      other.close();
    };
  }

  it('held by another connection beyond busy_timeout at open: typed error', () => {
    const path = freshLedgerFile();
    const release = holdLock(path, 'exclusive');
    try {
      const err = openError(path, { busyTimeoutMs: 150 });
      expect(err.reason).toBe('locked');
      expect(err.message).toMatch(/locked by another program/);
    } finally {
      release();
    }
    openLedger(path).close();
  });

  it('taken while the till runs: health says no, writes fail typed, then it recovers', () => {
    const path = freshLedgerFile();
    const ledger = openLedger(path, { busyTimeoutMs: 150 });
    try {
      expect(ledger.canTakeCardPayments()).toBe(true);
      const release = holdLock(path, 'write');
      try {
        expect(ledger.health()).toMatchObject({ ok: false, canTakeCardPayments: false, reason: 'locked' });
        expect(() => ledger.sales.journal(journalInput())).toThrow(LedgerUnavailableError);
      } finally {
        release();
      }
      expect(ledger.canTakeCardPayments()).toBe(true);
      expect(ledger.sales.journal(journalInput()).state).toBe('journaled');
    } finally {
      ledger.close();
    }
  });
});

describe('read-only ledger file', () => {
  // Tests run as root, and root ignores file modes. So the opening is done by a child process
  // running as the unprivileged user "nobody" (uid 65534): the chmod then really bites, exactly
  // as it would for a cashier's account. (When not root, the child runs as the current user.)
  const asUnprivileged = (path: string, mode = '') => {
    const root = process.getuid?.() === 0;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/sync-open-child.ts', path, mode], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 20_000,
      ...(root ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { opened: boolean; reason?: string; health?: { ok: boolean; reason?: string } };
  };

  it('chmod 0444 file: typed "readonly" error for a non-root user', () => {
    const path = freshLedgerFile(2);
    chmodSync(tmp.dir, 0o777); // the folder is writable; only the file is not
    chmodSync(path, 0o444);
    expect(asUnprivileged(path)).toMatchObject({ opened: false, reason: 'readonly' });
    chmodSync(path, 0o644);
  });

  it('chmod 0555 folder (file itself writable): typed "readonly" error', () => {
    const dir = tempDir('rodir-');
    const path = dir.file('ledger.sqlite');
    openLedger(path).close();
    chmodSync(path, 0o666);
    chmodSync(dir.dir, 0o555);
    try {
      expect(asUnprivileged(path)).toMatchObject({ opened: false, reason: 'readonly' });
    } finally {
      chmodSync(dir.dir, 0o755);
      dir.cleanup();
    }
  });

  it("SQLite's readonly open (reports): readable, but card payments are refused", () => {
    const path = freshLedgerFile(3);
    const ledger = openLedger(path, { readonly: true });
    try {
      expect(ledger.payments.list()).toHaveLength(3);
      expect(ledger.health()).toMatchObject({ ok: false, canTakeCardPayments: false, reason: 'readonly' });
      expect(() => ledger.sales.journal(journalInput())).toThrow(LedgerUnavailableError);
    } finally {
      ledger.close();
    }
  });
});
