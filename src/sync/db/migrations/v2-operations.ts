// v2: refunds, voids and non-referenced credits, each journaled before Clover is called.
import { panFree } from './pan-check';

const OP_STATE = `state TEXT NOT NULL CHECK (state IN ('journaled','sent','approved','declined','unknown','resolving','forced'))`;
const COMMON = `
  op_id TEXT NOT NULL UNIQUE CHECK (${panFree('op_id')}),
  idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 64 AND ${panFree('idempotency_key')}),
  ${OP_STATE},
  cashier TEXT NOT NULL CHECK (length(cashier) BETWEEN 1 AND 64 AND ${panFree('cashier')}),
  terminal_serial TEXT NOT NULL CHECK (length(terminal_serial) BETWEEN 1 AND 64 AND ${panFree('terminal_serial')}),
  training INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
  note TEXT CHECK (length(note) <= 500 AND ${panFree('note')}),
  forced_outcome TEXT CHECK (forced_outcome IN ('approved','declined')),
  forced_reason TEXT CHECK (length(forced_reason) <= 500 AND ${panFree('forced_reason')}),
  forced_by TEXT CHECK (length(forced_by) <= 64 AND ${panFree('forced_by')}),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (state <> 'forced' OR (forced_outcome IS NOT NULL AND forced_reason IS NOT NULL AND forced_by IS NOT NULL))`;

export const v2Operations = {
  version: 2,
  name: 'refunds, voids and credits',
  sql: `
CREATE TABLE refunds (
  id INTEGER PRIMARY KEY,
  payment_id INTEGER NOT NULL REFERENCES payments(id),
  clover_refund_id TEXT UNIQUE CHECK (length(clover_refund_id) <= 64 AND ${panFree('clover_refund_id')}),
  amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  reason TEXT CHECK (length(reason) <= 200 AND ${panFree('reason')}),${COMMON}
);
CREATE INDEX refunds_by_payment ON refunds(payment_id);

CREATE TABLE voids (
  id INTEGER PRIMARY KEY,
  payment_id INTEGER NOT NULL REFERENCES payments(id),
  reason TEXT CHECK (length(reason) <= 200 AND ${panFree('reason')}),${COMMON}
);
CREATE INDEX voids_by_payment ON voids(payment_id);

CREATE TABLE credits (
  id INTEGER PRIMARY KEY,
  clover_credit_id TEXT UNIQUE CHECK (length(clover_credit_id) <= 64 AND ${panFree('clover_credit_id')}),
  amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  partner_id INTEGER,
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200 AND ${panFree('reason')}),
  approved_by TEXT NOT NULL CHECK (length(approved_by) BETWEEN 1 AND 64 AND ${panFree('approved_by')}),
  card_brand TEXT CHECK (length(card_brand) <= 32 AND ${panFree('card_brand')}),
  card_last4 TEXT CHECK (card_last4 GLOB '[0-9][0-9][0-9][0-9]'),${COMMON}
);
`,
};
