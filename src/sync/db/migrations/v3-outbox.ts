// v3: the outbox that reports ledger changes to Odoo, and the queue's persisted pause state.
// Money recorded before v3 was never synced, so it is queued here (voided payments excepted:
// they never reached Odoo). doc_key/erp_key follow src/sync/ledger/keys.ts.
import { panFree } from './pan-check';

const DOC_KEY_OF_PAYMENT = `CASE p.target_kind WHEN 'invoice' THEN 'account.move:' || p.target_id
  WHEN 'sale_order' THEN 'sale.order:' || p.target_id ELSE 'payment:' || p.id END`;
const DONE = `(x.state = 'approved' OR (x.state = 'forced' AND x.forced_outcome = 'approved'))`;

export const v3Outbox = {
  version: 3,
  name: 'outbox',
  sql: `
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('payment','refund','void','credit')),
  entity_id INTEGER NOT NULL,
  doc_key TEXT NOT NULL CHECK (${panFree('doc_key')}),
  erp_key TEXT NOT NULL CHECK (${panFree('erp_key')}),
  state TEXT NOT NULL CHECK (state IN ('pending','in_flight','delivered','parked','cancelled_locally')),
  attempts INTEGER NOT NULL DEFAULT 0,
  server_errors INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  claim_token TEXT,
  claimed_by TEXT CHECK (${panFree('claimed_by')}),
  last_error TEXT CHECK (length(last_error) <= 500 AND ${panFree('last_error')}),
  last_error_class TEXT CHECK (last_error_class IN ('retryable','ambiguous','permanent','stop','duplicate')),
  park_reason TEXT CHECK (length(park_reason) <= 500 AND ${panFree('park_reason')}),
  result TEXT CHECK (${panFree('result')}),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  delivered_at INTEGER,
  CHECK (state <> 'parked' OR park_reason IS NOT NULL),
  CHECK (state <> 'in_flight' OR (lease_until IS NOT NULL AND claim_token IS NOT NULL))
);
-- Partial indexes hold only open items, so the worker's queries cost the same after a year of
-- delivered history: due items in order, leases to take over, and "is an earlier item of this
-- document still open?".
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_leases ON outbox(lease_until) WHERE state = 'in_flight';
CREATE INDEX outbox_open_by_doc ON outbox(doc_key, id) WHERE state IN ('pending','in_flight','parked');
-- One item per ledger record is kept by the state machines (an approval happens once), not by
-- an index that every enqueue would pay for.

CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT CHECK (${panFree('value')}),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO outbox (kind, entity_id, doc_key, erp_key, state, next_attempt_at, created_at, updated_at)
SELECT 'payment', p.id, ${DOC_KEY_OF_PAYMENT}, p.erp_key, 'pending', 0, p.created_at, p.created_at
FROM payments p WHERE p.training = 0 AND p.voided_at IS NULL ORDER BY p.id;

INSERT INTO outbox (kind, entity_id, doc_key, erp_key, state, next_attempt_at, created_at, updated_at)
SELECT 'refund', x.id, ${DOC_KEY_OF_PAYMENT}, 'CLV-R:' || coalesce(x.clover_refund_id, 'OP-' || x.op_id),
       'pending', 0, x.updated_at, x.updated_at
FROM refunds x JOIN payments p ON p.id = x.payment_id
WHERE x.training = 0 AND p.voided_at IS NULL AND ${DONE} ORDER BY x.id;

INSERT INTO outbox (kind, entity_id, doc_key, erp_key, state, next_attempt_at, created_at, updated_at)
SELECT 'credit', x.id, 'credit:' || x.id, 'CLV-C:' || coalesce(x.clover_credit_id, 'OP-' || x.op_id),
       'pending', 0, x.updated_at, x.updated_at
FROM credits x WHERE x.training = 0 AND ${DONE} ORDER BY x.id;
`,
};
