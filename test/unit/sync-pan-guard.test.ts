import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/sync/ledger/keys';
import { containsPan } from '../../src/sync/pan-guard';
import { LedgerRuleError } from '../../src/sync/errors';
import { approvedSale, tempLedger } from '../support/sync-fixtures';
import { openDatabase } from '../../src/sync/db/database';
import { panFreeSql, scrubPan } from '../../src/sync/pan-guard';

// One Luhn-valid card number written every way people write one down.
const CARD_FORMS = [
  '4111.1111.1111.1111',
  '4111  1111  1111  1111',
  '4111/1111/1111/1111',
  '4111-1111.1111/1111',
  '4111 - 1111 / 1111 . 1111',
  '4111\u00a01111\u20131111\t1111',
  'card4111111111111111x',
  'ABC4111111111111111',
  'paid with 4111.1111.1111.1111, thanks',
  'n: 3782.822463.10005', // Amex 4-6-5
];
// What the ledger stores every day and must never refuse.
const ORDINARY = [
  'S0123ABCDEFGHJKMNPQRS', // 21-character Crockford base32 id
  '123e4567-e89b-12d3-a456-426614174000',
  '2026-05-02',
  '2026-05-02T12:00:00.000Z',
  '2026-05-02 12:00:00.123',
  '02/05/2026 to 03/05/2026',
  'INV/2026/00012',
  'v1.2.3 at 10.0.0.1',
  '4111.1111.1111.1112', // mistyped: fails the Luhn check
  '4111  1111  1111  1112',
  '4111/1111/1111',
  'ABC4111111111111112',
];

describe('PAN guard', () => {
  it('finds Luhn-valid 13-19 digit numbers, alone, embedded or grouped', () => {
    for (const text of ['4242424242424242', 'card 4242424242424242 ok', 'x4242424242424242y', '4005 5717 0222 2222', '3782-822463-10005', 'n:4111 1111 1111 1111 22', '6011000990139424']) {
      expect(containsPan(text), text).toBe(true);
    }
  });

  it('leaves ordinary numbers, ids and dates alone', () => {
    for (const text of ['4242424242424241', '1234567890123', 'INV/2026/00012', '2026-05-02 12:00', 'CLV:75MYGBEV8EM3Y', '123e4567-e89b-12d3-a456-426614174000', '42424242424242424242424', '4242']) {
      expect(containsPan(text), text).toBe(false);
    }
  });

  it('finds a card number grouped by dots, slashes, double spaces or mixed separators, and glued to letters', () => {
    for (const text of CARD_FORMS) expect(containsPan(text), text).toBe(true);
  });

  it('leaves ids, dates and mistyped numbers alone whatever the separators', () => {
    for (const text of ORDINARY) expect(containsPan(text), text).toBe(false);
    expect(panFreeSql(1795907686178)).toBe(1); // an epoch-ms time stored as a number, Luhn-valid
  });

  it('never generates an id that looks like a PAN', () => {
    for (let i = 0; i < 2000; i++) expect(containsPan(newId())).toBe(false);
  });

  let cleanup = () => {};
  afterEach(() => cleanup());

  it('refuses a PAN in any text the ledger stores, naming the field only', () => {
    const t = tempLedger();
    cleanup = t.cleanup;
    const err = (() => {
      try {
        t.ledger.sales.journal({ externalPaymentId: 'EXTAAAAAAAAAAAA1', idempotencyKey: 'k1', target: { kind: 'walk_in' }, amount: 100, currency: 'USD', cashier: '4242 4242 4242 4242', terminalSerial: 'C1' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LedgerRuleError);
    expect((err as LedgerRuleError).code).toBe('pan_rejected');
    expect((err as Error).message).toContain('cashier');
    expect((err as Error).message).not.toContain('4242');
    const p = approvedSale(t.ledger);
    expect(() => t.ledger.refunds.journal({ paymentId: p.id, amount: 100, idempotencyKey: 'r1', cashier: 'ann', terminalSerial: 'C1', reason: 'card was 4111111111111111' })).toThrow(/reason looks like a card number/);
    CARD_FORMS.forEach((reason, i) => {
      expect(() => t.ledger.refunds.journal({ paymentId: p.id, amount: 100, idempotencyKey: `r-form-${i}`, cashier: 'ann', terminalSerial: 'C1', reason }), reason).toThrow(/reason looks like a card number/);
    });
    expect(t.ledger.refunds.journal({ paymentId: p.id, amount: 100, idempotencyKey: 'r-ok', cashier: 'ann', terminalSerial: 'C1', reason: ORDINARY.join(' | ').slice(0, 200) })).toBeDefined();
  });

  it('the database itself refuses a PAN even when code skips the guard (CHECK pan_free)', () => {
    const t = tempLedger();
    cleanup = t.cleanup;
    const path = t.path;
    t.ledger.close();
    const raw = openDatabase(path, { functions: { pan_free: panFreeSql } });
    try {
      const insert = (note: string) =>
        raw.run(
          `INSERT INTO sales (op_id, external_payment_id, idempotency_key, state, target_kind, amount, currency, cashier, terminal_serial, note, created_at, updated_at)
           VALUES (?, ?, ?, 'journaled', 'walk_in', 100, 'USD', 'ann', ?, ?, 0, 0)`,
          [newId(), newId(), newId(), newId(), note], // a terminal each: one open sale per terminal
        );
      expect(() => insert('paid with 5555555555554444')).toThrow(LedgerRuleError);
      expect(() => insert('paid with 5555555555554444')).toThrow(/card number/);
      for (const text of CARD_FORMS) expect(() => insert(text), text).toThrow(LedgerRuleError);
      for (const text of ORDINARY) expect(insert(text).changes, text).toBe(1);
      expect(insert('fine').changes).toBe(1);
      expect(() => raw.run(`UPDATE sales SET card_last4 = '12345'`)).toThrow(/constraint/i);
    } finally {
      raw.close();
    }
  });
});

describe('PAN guard never blocks legitimate records', () => {
  // 1795907686178 ms since the epoch passes the Luhn check: a time stored as plain digits
  // would be refused. Times stored as text are ISO strings.
  const LUHN_MS = 1795907686178;

  it('works with a clock whose epoch-ms reading is Luhn-valid', () => {
    expect(containsPan(String(LUHN_MS))).toBe(true);
    const t = tempLedger({ clock: { now: () => LUHN_MS } });
    try {
      const p = approvedSale(t.ledger);
      t.ledger.outbox.pause('paused for a test', 'mia', 'manual');
      expect(t.ledger.outbox.paused()).toMatchObject({ since: LUHN_MS });
      expect(t.ledger.health().ok).toBe(true);
      expect(p.createdAt).toBe(LUHN_MS);
    } finally {
      t.cleanup();
    }
  });

  it('scrubs card-like numbers out of Odoo error texts before storing them', () => {
    const t = tempLedger();
    try {
      approvedSale(t.ledger);
      const [c] = t.ledger.outbox.finishAndClaim([], 1, 'w', 1000);
      t.ledger.outbox.finishAndClaim([{ id: c!.item.id, token: c!.token, outcome: 'park', reason: 'Odoo said 4111111111111111 is bad', error: 'x 4111111111111111', errorClass: 'permanent' }], 0, 'w', 1000);
      const item = t.ledger.outbox.get(c!.item.id)!;
      expect(item.state).toBe('parked');
      expect(item.parkReason).toBe('Odoo said [card-like number removed] is bad');
      expect(scrubPan('Odoo said 4111.1111.1111.1111 and card4111111111111111x')).toBe('Odoo said [card-like number removed] and card[card-like number removed]x');
      expect(scrubPan('Odoo said 4111/1111/1111/1112 on 2026-05-02')).toBe('Odoo said 4111/1111/1111/1112 on 2026-05-02');
    } finally {
      t.cleanup();
    }
  });
});
