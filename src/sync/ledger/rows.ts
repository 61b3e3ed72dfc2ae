// SQLite rows (snake_case, 0/1 booleans) to the domain types of src/shared/domain.ts.
import type { Credit, ErpTarget, ErpTargetKind, ForcedOutcome, MoneyOrigin, OperationState, Payment, Refund, Sale, SaleState, Void } from '../../shared/domain';

interface TargetColumns {
  target_kind: ErpTargetKind;
  target_id: number | null;
  target_ref: string | null;
  partner_id: number | null;
}

interface ForcedColumns {
  note: string | null;
  forced_outcome: ForcedOutcome | null;
  forced_reason: string | null;
  forced_by: string | null;
}

interface AttributionColumns {
  cashier: string;
  terminal_serial: string;
  training: number;
  /** v7, on sales, payments and credits (refunds and voids take their payment's). */
  clover_env?: MoneyOrigin['environment'] | null;
  merchant_id?: string | null;
}

/** v6: lease and flagged problem (null on rows read from files before v6 migrated). */
interface LivenessColumns {
  lease_owner: string | null;
  lease_until: number | null;
  answer_by: number | null;
  problem: string | null;
  problem_seen_at: number | null;
}

export interface SaleRow extends TargetColumns, ForcedColumns, AttributionColumns, LivenessColumns {
  id: number;
  op_id: string;
  external_payment_id: string;
  idempotency_key: string;
  clover_payment_id: string | null;
  state: SaleState;
  amount: number;
  surcharge: number;
  currency: string;
  approved_amount: number | null;
  card_brand: string | null;
  card_last4: string | null;
  auth_code: string | null;
  parent_sale_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface PaymentRow extends TargetColumns, AttributionColumns {
  id: number;
  sale_id: number;
  op_id: string;
  clover_payment_id: string | null;
  erp_key: string;
  amount: number;
  surcharge: number;
  currency: string;
  card_brand: string | null;
  card_last4: string | null;
  voided_at: number | null;
  created_at: number;
}

interface OperationRow extends ForcedColumns, AttributionColumns, LivenessColumns {
  id: number;
  op_id: string;
  idempotency_key: string;
  state: OperationState;
  created_at: number;
  updated_at: number;
}

export interface RefundRow extends OperationRow {
  payment_id: number;
  clover_refund_id: string | null;
  amount: number;
  currency: string;
  reason: string | null;
}

export interface VoidRow extends OperationRow {
  payment_id: number;
  reason: string | null;
}

export interface CreditRow extends OperationRow {
  clover_credit_id: string | null;
  amount: number;
  currency: string;
  partner_id: number | null;
  reason: string;
  approved_by: string;
  card_brand: string | null;
  card_last4: string | null;
}

export function toTarget(row: TargetColumns): ErpTarget {
  if (row.target_kind === 'walk_in' || row.target_id === null) return { kind: 'walk_in' };
  return {
    kind: row.target_kind,
    id: row.target_id,
    ...(row.target_ref !== null ? { ref: row.target_ref } : {}),
    ...(row.partner_id !== null ? { partnerId: row.partner_id } : {}),
  };
}

export function targetColumns(target: ErpTarget): TargetColumns {
  if (target.kind === 'walk_in') return { target_kind: 'walk_in', target_id: null, target_ref: null, partner_id: null };
  return { target_kind: target.kind, target_id: target.id, target_ref: target.ref ?? null, partner_id: target.partnerId ?? null };
}

function attribution(row: AttributionColumns) {
  const origin = row.clover_env && row.merchant_id ? { environment: row.clover_env, merchantId: row.merchant_id } : null;
  return { cashier: row.cashier, terminalSerial: row.terminal_serial, training: row.training === 1, origin };
}

export function originColumns(origin: MoneyOrigin | null | undefined) {
  return { clover_env: origin?.environment ?? null, merchant_id: origin?.merchantId ?? null };
}

function liveness(row: LivenessColumns) {
  return { leaseOwner: row.lease_owner ?? null, leaseUntil: row.lease_until ?? null, answerBy: row.answer_by ?? null, problem: row.problem ?? null, problemSeenAt: row.problem_seen_at ?? null };
}

function forced(row: ForcedColumns) {
  return { note: row.note, forcedOutcome: row.forced_outcome, forcedReason: row.forced_reason, forcedBy: row.forced_by };
}

export function toSale(row: SaleRow): Sale {
  return {
    id: row.id,
    opId: row.op_id,
    externalPaymentId: row.external_payment_id,
    idempotencyKey: row.idempotency_key,
    cloverPaymentId: row.clover_payment_id,
    state: row.state,
    target: toTarget(row),
    amount: row.amount,
    surcharge: row.surcharge,
    currency: row.currency,
    approvedAmount: row.approved_amount,
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
    authCode: row.auth_code,
    parentSaleId: row.parent_sale_id,
    ...forced(row),
    ...attribution(row),
    ...liveness(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    saleId: row.sale_id,
    opId: row.op_id,
    cloverPaymentId: row.clover_payment_id,
    erpKey: row.erp_key,
    amount: row.amount,
    surcharge: row.surcharge,
    currency: row.currency,
    target: toTarget(row),
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
    voidedAt: row.voided_at,
    ...attribution(row),
    createdAt: row.created_at,
  };
}

function operation(row: OperationRow) {
  return {
    id: row.id,
    opId: row.op_id,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    ...forced(row),
    ...attribution(row),
    ...liveness(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toRefund(row: RefundRow): Refund {
  return { ...operation(row), paymentId: row.payment_id, cloverRefundId: row.clover_refund_id, amount: row.amount, currency: row.currency, reason: row.reason };
}

export function toVoid(row: VoidRow): Void {
  return { ...operation(row), paymentId: row.payment_id, reason: row.reason };
}

export function toCredit(row: CreditRow): Credit {
  return {
    ...operation(row),
    cloverCreditId: row.clover_credit_id,
    amount: row.amount,
    currency: row.currency,
    partnerId: row.partner_id,
    reason: row.reason,
    approvedBy: row.approved_by,
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
  };
}
