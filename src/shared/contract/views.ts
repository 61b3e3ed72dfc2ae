// What the UI and the CLI see of the till: plain, serialisable views. No tokens, no keys,
// no card numbers (brand and last 4 only).
import type { OutboxKind, OutboxState, SaleState, OperationState, SyncStatus } from '../domain';
import type { Settings } from '../settings';

export type { SyncStatus };

export interface TargetView {
  kind: 'invoice' | 'sale_order' | 'walk_in';
  id?: number;
  ref?: string;
}

export interface SaleView {
  id: number;
  /** The attempt's operation id (drawn by the screen that started it, or by the till). */
  opId: string;
  state: SaleState;
  /** Money moved? yes / no / not known yet — what the cashier must always see. */
  moneyMoved: 'yes' | 'no' | 'unknown';
  entry: 'terminal' | 'keyed';
  amount: number;
  surcharge: number;
  total: number;
  currency: string;
  approvedAmount: number | null;
  /** Partial approval: what is still to collect with another payment. */
  remainder: number;
  refunded: number;
  refundable: number;
  voided: boolean;
  cardBrand: string | null;
  cardLast4: string | null;
  authCode: string | null;
  cloverPaymentId: string | null;
  externalPaymentId: string;
  terminalSerial: string;
  cashier: string;
  target: TargetView;
  training: boolean;
  message: string | null;
  forcedReason: string | null;
  /** Another process (or this one) is waiting for Clover's answer: nobody else may settle it. */
  inProgress: InProgressView | null;
  /** What the record failed (e.g. approved late), until a manager acknowledges it. */
  problem: string | null;
  createdAt: number;
  updatedAt: number;
}

/** "In progress on <terminal>", at the latest until `until` (epoch ms). */
export interface InProgressView {
  terminal: string;
  until: number | null;
}

export interface OperationView {
  id: number;
  kind: 'refund' | 'void' | 'credit';
  state: OperationState;
  saleId: number | null;
  amount: number;
  currency: string;
  cloverId: string | null;
  message: string | null;
  inProgress: InProgressView | null;
  problem: string | null;
  createdAt: number;
}

export interface TerminalView {
  serial: string;
  name: string;
  model: string | null;
  isDefault: boolean;
  /** Last ping; null = not pinged yet this session. */
  connected: boolean | null;
  busy: boolean;
  blockedBySaleId: number | null; // an unresolved sale blocks new card sales on this terminal
}

export interface ErpDocumentView {
  kind: 'invoice' | 'sale_order';
  id: number;
  number: string;
  partner: string;
  amountTotal: number;
  amountDue: number;
  currency: string;
  dueDate: string | null;
}

export interface OutboxItemView {
  id: number;
  kind: OutboxKind;
  state: OutboxState;
  erpKey: string;
  attempts: number;
  lastError: string | null;
  parkReason: string | null;
  createdAt: number;
}

export interface SurchargeQuoteView {
  base: number;
  surcharge: number;
  total: number;
  rateBps: number;
  reason: 'applied' | 'disabled' | 'debit' | 'zero-rate';
}

export interface BrandTotals {
  brand: string;
  sales: number;
  salesCount: number;
  refunds: number;
  refundsCount: number;
  voids: number;
  voidsCount: number;
  surcharge: number;
}

export interface DayTotalsView {
  date: string; // YYYY-MM-DD, local day
  currency: string;
  byBrand: BrandTotals[];
  net: number;
  clover: { checked: boolean; message: string | null; differences: Array<{ cloverPaymentId: string | null; saleId: number | null; what: string }> };
  /**
   * The audit log's last entry when these totals were made (hash: its first 16 hex digits). Kept
   * on the printed report, it lets `counter audit --head <seq>:<hash>` show later that nothing
   * up to it was changed or cut.
   */
  auditHead: { seq: number; hash: string };
}

/**
 * The store's day, three ways (issue 12): the merchant's approved payments at Clover, the Clover
 * journal's payments in Odoo (the counters' shared record) and this counter's ledger. Every
 * difference names the counter (terminal), the sale or payment, and what to do.
 */
export interface StoreDayView {
  date: string;
  currency: string;
  /** Count and total (minor units) of approved payments in each place. */
  clover: { checked: boolean; message: string | null; count: number; total: number };
  odoo: { checked: boolean; message: string | null; count: number; total: number };
  till: { count: number; total: number };
  /** One per counter (terminal) Clover took money on that day. */
  counters: Array<{ terminal: string; count: number; total: number }>;
  differences: Array<{ kind: StoreDifferenceKind; terminal: string | null; cloverPaymentId: string | null; odooPaymentId: number | null; saleId: number | null; what: string; fix: string }>;
}

export type StoreDifferenceKind = 'not_in_odoo' | 'not_at_clover' | 'amount_differs' | 'twice_in_odoo' | 'no_counter';

/** The ledger held against its hash-chained audit log (the same check as `counter audit`). */
export interface LedgerCheckView {
  ok: boolean;
  /** Log entries that chain; where and why the chain breaks, if it does. */
  entries: number;
  broken: { entry: number; problem: string } | null;
  /** The log's last entry (hash: first 16 hex digits), as on the end-of-day report. */
  head: { seq: number; hash: string } | null;
  /** Money records that match the log; records older than the log, not checkable. */
  checked: number;
  unaudited: number;
  problemCount: number;
  /** The first problems, e.g. { record: 'sale #12', problem: 'amount is 100, the audit log says 2500' }. */
  problems: Array<{ record: string; problem: string }>;
}

/**
 * What the Clover credential in use can do (clover-api.md §4 "Auth precedence observed"): OAuth
 * everything; a merchant API token Platform only; an Ecommerce private key keyed cards and the
 * merchant record only. Features outside it are refused with NOT_SUPPORTED.
 */
export interface CloverCapabilitiesView {
  credential: 'oauth' | 'merchant-token' | 'ecommerce-key' | 'none';
  /** Terminal sales, cancels, refunds/voids/credits on the terminal, ping. */
  terminal: boolean;
  /** Terminal sync and payment lookups need 'full'. */
  platform: 'full' | 'merchant-only' | 'none';
  /** Keyed sales and their refunds. */
  ecommerce: boolean;
}

export interface AppInfoView {
  version: string;
  training: boolean;
  cloverEnvironment: 'simulator' | 'sandbox' | 'production';
  merchantName: string | null;
  connected: boolean;
  capabilities: CloverCapabilitiesView;
  ledgerOk: boolean;
  ledgerMessage: string | null;
  unresolvedSales: number;
  /** Refunds, voids and credits whose outcome is unknown. */
  unresolvedOperations: number;
  settings: Settings;
  /** A manager PIN is set (its hash stays in the till). */
  managerPinSet: boolean;
}

export interface PrintJobView {
  id: number;
  saleId: number;
  copy: boolean;
  state: 'queued' | 'submitted' | 'failed';
  error: string | null;
}
