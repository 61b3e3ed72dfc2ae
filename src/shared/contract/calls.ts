// The one contract between the cashier UI and the till: every call's name and input schema.
// The Electron preload, the IPC handlers and the loopback web bridge all use this table, so a
// call cannot exist in one and not the others (Zulip's typed IPC map).
import { z } from 'zod';
import { settingsSchema } from '../settings';
import { OP_ID_PATTERN } from '../ids';
import { freeText } from './free-text';

const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as SettingsKey[];
type SettingsKey = keyof typeof settingsSchema.shape;
import type {
  AppInfoView, DayTotalsView, ErpDocumentView, LedgerCheckView, OperationView, OutboxItemView, PrintJobView, SaleView, SurchargeQuoteView,
  StoreDayView, SyncStatus, TerminalView,
} from './views';
import type { Settings } from '../settings';

const minor = z.number().int().positive().max(999_999_999);
const id = z.number().int().positive();
const serial = z.string().trim().min(1).max(64);
const opId = z.string().regex(OP_ID_PATTERN, 'an operation id is 16 characters of Crockford base32');
const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoice'), id }),
  z.object({ kind: z.literal('sale_order'), id }),
  z.object({ kind: z.literal('walk_in') }),
]);
const funding = z.enum(['credit', 'debit']);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const none = z.object({}).strict();
// The manager PIN for a manager-only call (issue 12, "who may change what"). Optional here: the
// till refuses a missing PIN itself (REFUSED, naming the change) and checks it in the main
// process / bridge / CLI process, never trusting the UI.
const managerPin = z.string().regex(/^\d{4,8}$/, 'a manager PIN is 4 to 8 digits').optional();

export const callSchemas = {
  'app.info': none,
  'sales.quote': z.object({ amount: minor, funding, brand: z.string().max(16).optional() }).strict(),
  // parentSaleId: this collects the remainder of that partially approved sale.
  // opId: the id the screen drew for this attempt (its events carry it; a repeat is refused).
  'sales.start': z.object({ amount: minor, funding, terminalSerial: serial.optional(), target: target.optional(), parentSaleId: id.optional(), opId: opId.optional() }).strict(),
  'sales.cancel': z.object({ saleId: id }).strict(),
  'sales.keyed': z
    .object({
      amount: minor,
      target: target.optional(),
      opId: opId.optional(),
      // Lives only in memory in the main process; goes only to Clover's tokenizer.
      card: z.object({ number: z.string().max(23), expMonth: z.number().int(), expYear: z.number().int(), cvv: z.string().max(4) }).strict(),
    })
    .strict(),
  'sales.get': z.object({ saleId: id }).strict(),
  'sales.list': z
    .object({
      since: z.number().int().nonnegative().optional(),
      until: z.number().int().nonnegative().optional(),
      amount: minor.optional(),
      last4: z.string().regex(/^\d{4}$/).optional(),
      document: z.string().max(64).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  'recovery.list': none,
  'recovery.resolve': z.object({ saleId: id }).strict(),
  // cloverPaymentId: the payment found on the Clover dashboard (checked against the attempt).
  // Force and acknowledge take the manager PIN, not a typed name: the ledger records the role.
  'recovery.force': z
    .object({ saleId: id, outcome: z.enum(['approved', 'declined']), reason: freeText(3, 500), managerPin, cloverPaymentId: z.string().regex(/^[A-Z0-9]{13}$/, 'a Clover payment id is 13 capital letters and digits').optional() })
    .strict(),
  // Records whose problem (approved late, details missing) a manager has not acknowledged yet.
  'recovery.problems': none,
  'recovery.acknowledge': z.object({ kind: z.enum(['sale', 'refund', 'void', 'credit']), id, managerPin }).strict(),
  'recovery.operations': none,
  'recovery.resolveOperation': z.object({ kind: z.enum(['refund', 'void', 'credit']), id }).strict(),
  'recovery.forceOperation': z
    .object({ kind: z.enum(['refund', 'void', 'credit']), id, outcome: z.enum(['approved', 'declined']), reason: freeText(3, 500), managerPin, cloverId: z.string().regex(/^[A-Z0-9]{13}$/).optional() })
    .strict(),
  'refunds.create': z.object({ saleId: id, amount: minor.optional() }).strict(),
  'refunds.void': z.object({ saleId: id }).strict(),
  'refunds.credit': z.object({ amount: minor, terminalSerial: serial.optional(), managerPin: z.string().regex(/^\d{4,8}$/), reason: freeText(3, 500) }).strict(),
  'terminals.list': none,
  'terminals.sync': none,
  'terminals.ping': z.object({ serial }).strict(),
  'terminals.setDefault': z.object({ serial }).strict(),
  'terminals.rename': z.object({ serial, name: freeText(1, 60) }).strict(),
  'erp.findDocuments': z.object({ query: z.string().trim().min(1).max(100) }).strict(),
  'erp.status': none,
  'outbox.status': none,
  'outbox.list': z.object({ state: z.enum(['pending', 'in_flight', 'delivered', 'parked', 'cancelled_locally']).optional() }).strict(),
  'outbox.retry': z.object({ id }).strict(),
  'receipts.render': z.object({ saleId: id, copy: z.boolean().default(false) }).strict(),
  'receipts.print': z.object({ saleId: id, copy: z.boolean().default(false) }).strict(),
  'receipts.queue': none,
  // Clover emails or texts the receipt from the terminal; the address is used for that alone.
  'receipts.send': z
    .object({
      saleId: id,
      to: z.discriminatedUnion('method', [
        z.object({ method: z.literal('email'), email: z.string().trim().min(3).max(254) }).strict(),
        z.object({ method: z.literal('sms'), phone: z.string().trim().min(7).max(20) }).strict(),
      ]),
    })
    .strict(),
  'totals.day': z.object({ date: day }).strict(),
  // The store's day three ways: Clover's merchant payments, Odoo's Clover journal, this ledger.
  'totals.store': z.object({ date: day }).strict(),
  'ledger.check': none,
  'settings.get': none,
  // A patch of top-level sections; each given section is merged over the current one and the
  // result is validated whole (no defaults filled into what the patch leaves out). A change to a
  // manager-only setting (src/shared/manager-only.ts) needs managerPin.
  'settings.update': z
    .object({ ...(Object.fromEntries(SETTINGS_KEYS.map((k) => [k, z.unknown().optional()])) as Record<SettingsKey, z.ZodOptional<z.ZodUnknown>>), managerPin })
    .strict(),
  'settings.setOdooKey': z.object({ key: z.string().trim().min(8).max(200), managerPin }).strict(),
  // The manager PIN (non-referenced credits): the current PIN is required once one is set.
  'settings.setManagerPin': z.object({ currentPin: z.string().regex(/^\d{4,8}$/).optional(), newPin: z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits') }).strict(),
  'clover.connect': z.object({ managerPin }).strict(),
  'clover.disconnect': z.object({ managerPin }).strict(),
  // A merchant REST API token or an Ecommerce private key from the Clover dashboard, for a till
  // without OAuth. The secret goes to the keychain only; messages here never quote the input.
  'clover.setLegacyCredential': z
    .object({
      kind: z.enum(['merchant-token', 'ecommerce-key']),
      merchantId: z.string().trim().regex(/^[A-Za-z0-9]{13}$/, 'a Clover merchant id is 13 letters and digits'),
      secret: z.string().min(8, 'the secret is 8 to 500 characters').max(500, 'the secret is 8 to 500 characters').regex(/^\S+$/, 'the secret has no spaces'),
      managerPin,
    })
    .strict(),
} as const;

export type CallName = keyof typeof callSchemas;
export type CallInput<N extends CallName> = z.input<(typeof callSchemas)[N]>;
export type ParsedInput<N extends CallName> = z.output<(typeof callSchemas)[N]>;

export interface CallOutputs {
  'app.info': AppInfoView;
  'sales.quote': SurchargeQuoteView;
  'sales.start': SaleView;
  'sales.cancel': { requested: boolean; message: string };
  'sales.keyed': SaleView;
  'sales.get': SaleView;
  'sales.list': SaleView[];
  'recovery.list': SaleView[];
  'recovery.resolve': SaleView;
  'recovery.force': SaleView;
  'recovery.problems': { sales: SaleView[]; operations: OperationView[] };
  'recovery.acknowledge': { acknowledged: true };
  'recovery.operations': OperationView[];
  'recovery.resolveOperation': OperationView;
  'recovery.forceOperation': OperationView;
  'refunds.create': OperationView;
  'refunds.void': OperationView;
  'refunds.credit': OperationView;
  'terminals.list': TerminalView[];
  'terminals.sync': TerminalView[];
  'terminals.ping': TerminalView;
  'terminals.setDefault': TerminalView[];
  'terminals.rename': TerminalView[];
  'erp.findDocuments': ErpDocumentView[];
  'erp.status': { configured: boolean; reachable: boolean; keyValid: boolean; message: string | null };
  'outbox.status': SyncStatus;
  'outbox.list': OutboxItemView[];
  'outbox.retry': OutboxItemView;
  'receipts.render': { html: string };
  'receipts.print': PrintJobView;
  'receipts.queue': PrintJobView[];
  'receipts.send': { sent: true; method: 'email' | 'sms' };
  'totals.day': DayTotalsView;
  'totals.store': StoreDayView;
  'ledger.check': LedgerCheckView;
  'settings.get': Settings;
  'settings.update': Settings;
  'settings.setOdooKey': { saved: true };
  'settings.setManagerPin': { saved: true };
  'clover.connect': { authorizeUrl: string };
  'clover.disconnect': { disconnected: true };
  'clover.setLegacyCredential': { merchantId: string; merchantName: string | null };
}
export type CallOutput<N extends CallName> = CallOutputs[N];

/** The till implements this; the preload and the web twin expose it to the UI. */
export type CounterHandlers = { [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>> };

/** Events pushed to the UI. */
export interface CounterEvents {
  'sale.updated': SaleView;
  'terminal.status': TerminalView;
  'sync.status': SyncStatus;
}
export type EventName = keyof CounterEvents;
