// The ledger held against its audit log: records edited, added or deleted with a plain SQL tool
// (triggers dropped, foreign keys off) are found, and so are log rows cut from the end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/sync/db/database';
import { checkIntegrityOfFile } from '../../src/sync/ledger/integrity';
import { type Ledger, openLedger } from '../../src/sync/ledger/ledger';
import { approvedRefund, approvedSale, approvedVoid, editBehindTheLedger, ids, tempLedger } from '../support/sync-fixtures';

let ledger: Ledger;
let path: string;
let cleanup: () => void;
let paymentIds: number[];
beforeEach(() => {
  ({ ledger, path, cleanup } = tempLedger());
  paymentIds = [approvedSale(ledger), approvedSale(ledger, { surcharge: 75 }), approvedSale(ledger)].map((p) => p.id);
  approvedRefund(ledger, paymentIds[0]!, 1000);
  approvedVoid(ledger, paymentIds[2]!);
  const c = ledger.credits.journal({ amount: 2000, currency: 'USD', reason: 'goodwill', approvedBy: 'mia', idempotencyKey: 'c-1', cashier: 'ann', terminalSerial: 'C1' });
  ledger.credits.markSent(c.id);
  const open = ledger.sales.journal({ ...ids('F'), target: { kind: 'walk_in' }, amount: 900, currency: 'USD', cashier: 'ann', terminalSerial: 'C1' });
  ledger.sales.forceResolve(open.id, { outcome: 'approved', approvedAmount: 400, reason: 'approved on the Clover dashboard', manager: 'mia' });
});
afterEach(() => {
  ledger.close();
  cleanup();
});

function tamper(fn: (db: SqlDatabase) => void): void {
  ledger.close();
  editBehindTheLedger(path, fn);
  ledger = openLedger(path);
}

const problems = () => ledger.audit.check().problems.map((p) => `${p.record}: ${p.problem}`);

describe('ledger integrity', () => {
  it('an untouched ledger holds: every record matches its log', () => {
    expect(ledger.audit.check()).toMatchObject({ ok: true, checked: 7, unaudited: 0, problemCount: 0, problems: [], chain: { ok: true } });
  });

  it('finds a sale whose amount was lowered behind the ledger', () => {
    tamper((db) => db.run('UPDATE sales SET amount = 100 WHERE id = ?', [paymentIds[1]!]));
    expect(problems()).toEqual([`sale #${paymentIds[1]}: amount is 100, the audit log says 2500`]);
  });

  it('finds a state, a refund amount and an approved amount changed behind the ledger', () => {
    tamper((db) => {
      db.run(`UPDATE credits SET state = 'declined'`);
      db.run('UPDATE refunds SET amount = 1 WHERE id = 1');
      db.run(`UPDATE sales SET approved_amount = 900 WHERE state = 'forced'`);
    });
    expect(problems()).toEqual(
      expect.arrayContaining([
        'credit #1: state is declined, the audit log says sent',
        'refund #1: amount is 1, the audit log says 1000',
        'sale #4: approved amount is 900, the audit log says 400',
        'payment #4: differs from its sale (amount or Clover payment id)',
      ]),
    );
  });

  it('finds a deleted sale, and a sale added without the ledger', () => {
    tamper((db) => {
      db.run('DELETE FROM refunds');
      db.run('DELETE FROM outbox WHERE kind = ?', ['refund']);
      db.run(`INSERT INTO sales (op_id, external_payment_id, idempotency_key, state, target_kind, amount, currency, cashier, terminal_serial, created_at, updated_at)
              VALUES ('op-x', 'EXTX', 'key-x', 'declined', 'walk_in', 100, 'USD', 'eve', 'C1', 1, 1)`);
    });
    const report = ledger.audit.check();
    expect(report.ok).toBe(false);
    expect(problems()).toEqual(
      expect.arrayContaining(['refund #1: is in the audit log, but not in the ledger: the record was deleted', expect.stringMatching(/^sale #5: has no entry in the audit log/)]),
    );
  });

  it('finds log rows cut from the end while their records stayed', () => {
    // The last entries are the forced sale's journal and force_resolve.
    tamper((db) => db.run('DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 2 FROM audit_log)'));
    const report = ledger.audit.check();
    expect(report.chain.ok).toBe(true); // the chain alone cannot see a cut end
    expect(problems()).toEqual([expect.stringMatching(/^sale #4: has no entry in the audit log/)]);
  });

  it('finds a payment row removed or edited', () => {
    tamper((db) => {
      db.run('DELETE FROM payments WHERE id = ?', [paymentIds[0]!]);
      db.run('UPDATE payments SET surcharge = 0 WHERE id = ?', [paymentIds[1]!]);
    });
    expect(problems()).toEqual([`sale #${paymentIds[0]}: settled, but its payment row is missing`, `payment #${paymentIds[1]}: differs from its sale (amount or Clover payment id)`]);
  });

  it('compares nothing against a broken chain, and says where it broke', () => {
    tamper((db) => db.run(`UPDATE audit_log SET actor = 'eve' WHERE seq = 3`));
    expect(ledger.audit.check()).toMatchObject({ ok: false, checked: 0, problems: [], chain: { ok: false, brokenAt: 3 } });
  });

  it('checks against a head recorded elsewhere (an end-of-day report)', () => {
    const head = ledger.audit.head();
    expect(ledger.audit.check(head).ok).toBe(true);
    expect(ledger.audit.check({ seq: head.seq, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, chain: { ok: false, problem: expect.stringMatching(/head hash/) } });
    expect(ledger.audit.check({ seq: head.seq + 5, hash: head.hash })).toMatchObject({ ok: false, chain: { ok: false, problem: expect.stringMatching(/removed from the end/) } });
  });

  it('on a connection of its own, lets the event loop run between pages and finds the same', async () => {
    ledger.transaction(() => {
      for (let i = 0; i < 1700; i++) approvedSale(ledger); // 3 entries each: more than one page of 5,000
    });
    tamper((db) => db.run('UPDATE sales SET surcharge = 1 WHERE id = 1000'));
    // Other work (here: a callback queued as the check starts) runs before the check is done;
    // a check that read everything at once would finish first.
    let turns = 0;
    let done = false;
    const other = () => {
      turns++;
      if (!done) setImmediate(other);
    };
    setImmediate(other);
    const report = await checkIntegrityOfFile(path);
    done = true;
    expect(turns).toBeGreaterThan(0);
    expect(report).toEqual(ledger.audit.check());
    expect(report.problems).toEqual([{ record: 'sale #1000', problem: 'surcharge is 1, the audit log says 0' }]);
  });
});
