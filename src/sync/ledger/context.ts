// What every repository of the ledger shares: the database, the clock, the audit log, the PAN
// guard and the "outbox changed" signal that wakes the sync worker after a commit.
import type { SqlDatabase, SqlValue } from '../db/database';
import { LedgerRuleError } from '../errors';
import { fieldsWithPan } from '../pan-guard';
import { appendAudit, auditDetail, type AuditEntry } from './audit';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface LedgerContext {
  readonly db: SqlDatabase;
  readonly clock: Clock;
  audit(entry: AuditEntry): void;
  /** Signals (after commit) that the outbox has new work. */
  outboxChanged(): void;
}

export function createContext(db: SqlDatabase, clock: Clock, onOutboxChange: () => void): LedgerContext {
  return {
    db,
    clock,
    audit: (entry) => {
      const detail = auditDetail(entry);
      refusePan({ actor: entry.actor, detail });
      appendAudit(db, clock.now(), entry, detail);
    },
    outboxChanged: () => db.afterCommit(onOutboxChange),
  };
}

/** Throws a clear error naming the fields (never the values) that look like a card number. */
export function refusePan(values: Readonly<Record<string, unknown>>): void {
  const bad = fieldsWithPan(values);
  if (bad.length > 0) {
    throw new LedgerRuleError('pan_rejected', `Refused: ${bad.join(', ')} looks like a card number. Card numbers are never stored.`);
  }
}

export function requireText(value: unknown, what: string, max = 64): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw new LedgerRuleError('invalid_input', `${what} must be a non-empty text of at most ${max} characters`);
  }
  return value;
}

export function optionalText(value: unknown, what: string, max = 200): string | null {
  if (value === undefined || value === null) return null;
  return requireText(value, what, max);
}

export function requireCurrency(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
    throw new LedgerRuleError('invalid_input', 'currency must be a 3-letter ISO code in capitals, e.g. USD');
  }
  return value;
}

export function requireMinor(value: unknown, what: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new LedgerRuleError('invalid_input', `${what} must be a whole number of minor units >= ${min}`);
  }
  return value;
}

export function requireLast4(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) {
    throw new LedgerRuleError('invalid_input', 'last4 must be exactly the last 4 digits of the card');
  }
  return value;
}

export function bool(value: boolean | undefined): SqlValue {
  return value ? 1 : 0;
}
