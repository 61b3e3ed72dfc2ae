// Domain types of the counter's ledger: card sale attempts, the payments they settle, refunds,
// voids, credits, and the outbox items that report them to Odoo. Amounts are integer minor
// units with an explicit currency (see money.ts). Pure types and tables: no I/O here.
import type { CurrencyCode } from './money';

/** The Odoo document a card payment settles. Walk-in sales go to a configured partner. */
export type ErpTarget =
  | { kind: 'invoice'; id: number; ref?: string; partnerId?: number }
  | { kind: 'sale_order'; id: number; ref?: string; partnerId?: number }
  | { kind: 'walk_in' };
export type ErpTargetKind = ErpTarget['kind'];

/**
 * A card sale attempt (field-lessons §2). Journaled before any network call; every state has
 * an exit; `unknown` is never shown as failed and is only left by looking the payment up.
 */
export type SaleState =
  | 'journaled'
  | 'sent'
  | 'cancel_requested'
  | 'approved'
  | 'partial'
  | 'declined'
  | 'cancelled'
  | 'unknown'
  | 'resolving'
  | 'forced';

/** Where an approval that arrives after the till decided may still land. */
const LATE: readonly SaleState[] = ['approved', 'partial'];

export const SALE_TRANSITIONS: Readonly<Record<SaleState, readonly SaleState[]>> = {
  // journaled -> unknown/resolving: the app died between journal and answer (startup resolver).
  // journaled -> cancelled: the till knows the request never left.
  journaled: ['sent', 'cancelled', 'unknown', 'resolving', 'forced'],
  sent: ['cancel_requested', 'approved', 'partial', 'declined', 'cancelled', 'unknown', 'forced'],
  cancel_requested: ['cancelled', 'approved', 'partial', 'declined', 'unknown', 'forced'],
  // unknown -> a definite answer: the owner's reply arrived after another process gave up on it.
  unknown: ['resolving', 'forced', 'declined', 'cancelled', ...LATE],
  resolving: ['approved', 'partial', 'declined', 'cancelled', 'unknown', 'forced'],
  approved: [],
  partial: [],
  // A late answer always wins over a local verdict: money Clover says moved is recorded
  // (the ledger allows it from forced only when the force said declined).
  declined: LATE,
  cancelled: LATE,
  forced: LATE,
};

/** Refunds, voids and credits: journal first, then the same unknown/resolving/forced exits. */
export type OperationState = 'journaled' | 'sent' | 'approved' | 'declined' | 'unknown' | 'resolving' | 'forced';

export const OPERATION_TRANSITIONS: Readonly<Record<OperationState, readonly OperationState[]>> = {
  journaled: ['sent', 'declined', 'unknown', 'resolving', 'forced'],
  sent: ['approved', 'declined', 'unknown', 'forced'],
  unknown: ['resolving', 'forced', 'approved', 'declined'],
  resolving: ['approved', 'declined', 'unknown', 'forced'],
  approved: [],
  // Late answers win here too (from forced only when the force said declined).
  declined: ['approved'],
  forced: ['approved'],
};

/** States in which a sale/operation still needs resolving before the device takes another. */
export const UNRESOLVED_SALE_STATES: readonly SaleState[] = ['journaled', 'sent', 'cancel_requested', 'unknown', 'resolving'];
export const UNRESOLVED_OPERATION_STATES: readonly OperationState[] = ['journaled', 'sent', 'unknown', 'resolving'];

export type ForcedOutcome = 'approved' | 'declined';

interface Attribution {
  cashier: string;
  terminalSerial: string;
  training: boolean;
  /** Where the money was taken (v7); null on records older than that. */
  origin: MoneyOrigin | null;
}

/** The Clover environment and merchant a record's money moved on. */
export interface MoneyOrigin {
  environment: 'simulator' | 'sandbox' | 'production';
  merchantId: string;
}

/** Who is waiting for Clover's answer on a sent record (v6), and what its checks found. */
export interface Liveness {
  /** `host/boot/pid` of the process waiting for the answer; null when nobody is. */
  leaseOwner: string | null;
  /** Epoch ms until which the owner's claim holds (renewed while the request is open). */
  leaseUntil: number | null;
  /** Epoch ms after which the customer can no longer finish at the terminal. */
  answerBy: number | null;
  /** What the record failed (approved late, details missing, another amount); null when fine. */
  problem: string | null;
  problemSeenAt: number | null;
}

export interface Sale extends Attribution, Liveness {
  id: number;
  opId: string;
  externalPaymentId: string;
  idempotencyKey: string;
  cloverPaymentId: string | null;
  state: SaleState;
  target: ErpTarget;
  /** What settles the ERP document, in minor units. */
  amount: number;
  /** Card surcharge charged on top of `amount`; Clover charges amount + surcharge. */
  surcharge: number;
  currency: CurrencyCode;
  /** Total Clover approved (amount + surcharge, or less for a partial approval). */
  approvedAmount: number | null;
  cardBrand: string | null;
  cardLast4: string | null;
  authCode: string | null;
  parentSaleId: number | null;
  note: string | null;
  forcedOutcome: ForcedOutcome | null;
  forcedReason: string | null;
  forcedBy: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Money that definitely moved on a card: one per approved, partial or force-approved sale. */
export interface Payment extends Attribution {
  id: number;
  saleId: number;
  opId: string;
  cloverPaymentId: string | null;
  /** Odoo idempotency key, e.g. `CLV:75MYGBEV8EM3Y` (odoo-erp.md §10). */
  erpKey: string;
  amount: number;
  surcharge: number;
  currency: CurrencyCode;
  target: ErpTarget;
  cardBrand: string | null;
  cardLast4: string | null;
  voidedAt: number | null;
  createdAt: number;
}

interface Operation extends Attribution, Liveness {
  id: number;
  opId: string;
  idempotencyKey: string;
  state: OperationState;
  note: string | null;
  forcedOutcome: ForcedOutcome | null;
  forcedReason: string | null;
  forcedBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Refund extends Operation {
  paymentId: number;
  cloverRefundId: string | null;
  amount: number;
  currency: CurrencyCode;
  reason: string | null;
}

export interface Void extends Operation {
  paymentId: number;
  reason: string | null;
}

/** A non-referenced credit: money paid out to a card without an original payment. */
export interface Credit extends Operation {
  cloverCreditId: string | null;
  amount: number;
  currency: CurrencyCode;
  /** Odoo partner to credit; null = the configured walk-in partner. */
  partnerId: number | null;
  reason: string;
  approvedBy: string;
  cardBrand: string | null;
  cardLast4: string | null;
}

export type OutboxKind = 'payment' | 'refund' | 'void' | 'credit';

/**
 * pending: waiting (maybe for a backoff); in_flight: claimed under a lease; delivered: Odoo has
 * it; parked: needs a person; cancelled_locally: voided before it ever reached Odoo.
 */
export type OutboxState = 'pending' | 'in_flight' | 'delivered' | 'parked' | 'cancelled_locally';

export type OutboxErrorClass = 'retryable' | 'ambiguous' | 'permanent' | 'stop' | 'duplicate';

export interface OutboxItem {
  id: number;
  kind: OutboxKind;
  entityId: number;
  /** Items with the same key go strictly in order (one ERP document, or one payment). */
  docKey: string;
  erpKey: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  lastErrorClass: OutboxErrorClass | null;
  parkReason: string | null;
  /** Odoo record ids once delivered. */
  odooIds: number[];
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
}

/** What the UI shows about the sync queue. */
export interface SyncStatus {
  depth: number;
  inFlight: number;
  parked: number;
  delivered: number;
  oldestPendingAgeMs: number | null;
  lastError: string | null;
  pausedReason: string | null;
}
