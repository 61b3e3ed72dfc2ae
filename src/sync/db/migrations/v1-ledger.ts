// v1: card sale attempts and the payments they settled. Every text column carries
// pan_free() so that no card number can be stored, whatever the code above does.
import { panFree } from './pan-check';

export const v1Ledger = {
  version: 1,
  name: 'ledger: sales and payments',
  sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (${panFree('value')})
) WITHOUT ROWID;

CREATE TABLE sales (
  id INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL UNIQUE CHECK (${panFree('op_id')}),
  external_payment_id TEXT NOT NULL UNIQUE CHECK (length(external_payment_id) BETWEEN 1 AND 32 AND ${panFree('external_payment_id')}),
  idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 64 AND ${panFree('idempotency_key')}),
  -- Unique where it matters, in payments: an approved sale always has its payment row.
  clover_payment_id TEXT CHECK (length(clover_payment_id) <= 64 AND ${panFree('clover_payment_id')}),
  state TEXT NOT NULL CHECK (state IN ('journaled','sent','cancel_requested','approved','partial','declined','cancelled','unknown','resolving','forced')),
  target_kind TEXT NOT NULL CHECK (target_kind IN ('invoice','sale_order','walk_in')),
  target_id INTEGER,
  target_ref TEXT CHECK (length(target_ref) <= 64 AND ${panFree('target_ref')}),
  partner_id INTEGER,
  amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
  surcharge INTEGER NOT NULL DEFAULT 0 CHECK (typeof(surcharge) = 'integer' AND surcharge >= 0),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  approved_amount INTEGER CHECK (typeof(approved_amount) IN ('integer','null') AND approved_amount >= 0),
  card_brand TEXT CHECK (length(card_brand) <= 32 AND ${panFree('card_brand')}),
  card_last4 TEXT CHECK (card_last4 GLOB '[0-9][0-9][0-9][0-9]'),
  auth_code TEXT CHECK (length(auth_code) <= 32 AND ${panFree('auth_code')}),
  cashier TEXT NOT NULL CHECK (length(cashier) BETWEEN 1 AND 64 AND ${panFree('cashier')}),
  terminal_serial TEXT NOT NULL CHECK (length(terminal_serial) BETWEEN 1 AND 64 AND ${panFree('terminal_serial')}),
  training INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
  parent_sale_id INTEGER REFERENCES sales(id),
  note TEXT CHECK (length(note) <= 500 AND ${panFree('note')}),
  forced_outcome TEXT CHECK (forced_outcome IN ('approved','declined')),
  forced_reason TEXT CHECK (length(forced_reason) <= 500 AND ${panFree('forced_reason')}),
  forced_by TEXT CHECK (length(forced_by) <= 64 AND ${panFree('forced_by')}),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((target_kind = 'walk_in') = (target_id IS NULL)),
  CHECK (state NOT IN ('approved','partial') OR clover_payment_id IS NOT NULL),
  CHECK (state <> 'forced' OR (forced_outcome IS NOT NULL AND forced_reason IS NOT NULL AND forced_by IS NOT NULL))
);
-- Only sales still to resolve: the startup resolver's list, small whatever the history.
CREATE INDEX sales_unresolved ON sales(id) WHERE state IN ('journaled','sent','cancel_requested','unknown','resolving');

-- One payment per settled sale, sharing its id (one index fewer on every approval). erp_key is
-- unique by construction: CLV:<unique Clover id>, or CLV:OP-<unique operation id>.
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  sale_id INTEGER NOT NULL REFERENCES sales(id) CHECK (sale_id = id),
  op_id TEXT NOT NULL CHECK (${panFree('op_id')}),
  clover_payment_id TEXT UNIQUE CHECK (${panFree('clover_payment_id')}),
  erp_key TEXT NOT NULL CHECK (length(erp_key) <= 80 AND ${panFree('erp_key')}),
  amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount >= 0),
  surcharge INTEGER NOT NULL CHECK (typeof(surcharge) = 'integer' AND surcharge >= 0),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  target_kind TEXT NOT NULL CHECK (target_kind IN ('invoice','sale_order','walk_in')),
  target_id INTEGER,
  target_ref TEXT CHECK (${panFree('target_ref')}),
  partner_id INTEGER,
  card_brand TEXT CHECK (${panFree('card_brand')}),
  card_last4 TEXT CHECK (card_last4 GLOB '[0-9][0-9][0-9][0-9]'),
  cashier TEXT NOT NULL CHECK (${panFree('cashier')}),
  terminal_serial TEXT NOT NULL CHECK (${panFree('terminal_serial')}),
  training INTEGER NOT NULL CHECK (training IN (0, 1)),
  voided_at INTEGER,
  created_at INTEGER NOT NULL,
  CHECK (amount + surcharge > 0)
);
`,
};
