// The till behind the contract: one function per call in src/shared/contract/calls.ts. Inputs
// arrive parsed by dispatchCall; each handler is a thin line to the module that owns the rule.
import type { CounterHandlers } from '../../shared/contract/calls';
import { CounterError } from '../../shared/contract/result';
import type { OutboxItem } from '../../shared/domain';
import { CARD_BRANDS, type CardBrand, type Settings } from '../../shared/settings';
import { APP_VERSION } from '../../shared/version';
import type { SyncWorker } from '../../sync';
import { cloverCapabilities, noCloverCapabilities } from '../clover-capabilities';
import { beginConnect, disconnect } from '../connect/clover-connection';
import { saveLegacyCredential } from '../connect/legacy-credential';
import type { Till } from '../create-till';
import { erpStatus, findDocuments } from '../erp-documents';
import { startKeyedSale } from '../keyed/keyed-sale';
import { receiptHtml } from '../receipts/receipt-html';
import { saleReceipt } from '../receipts/receipt-from-ledger';
import { PrintQueue, type SystemPrinter } from '../receipts/print-queue';
import { creditCard } from '../refunds/credit';
import { hashPin, requireManagerPin } from '../refunds/manager-pin';
import { forceOperation, resolveOperation, unresolvedOperations } from '../refunds/operation-recovery';
import { refundSale } from '../refunds/refund-payment';
import { voidSale } from '../refunds/void-payment';
import { cancelSale } from '../sales/cancel-sale';
import { forceResolve, resolveSale } from '../sales/sale-recovery';
import { acknowledgeProblem, problemRecords } from '../problem-records';
import { MANAGER_ROLE, requireManager } from '../manager-gate';
import { updateSettingsChecked } from '../settings-update';
import { toSaleView } from '../sales/sale-view';
import { startTerminalSale } from '../sales/terminal-sale';
import { quoteSurcharge } from '../surcharge';
import { listTerminals, pingTerminal, renameTerminal, setDefaultTerminal, syncTerminals } from '../terminals';
import { dayTotals } from '../totals';
import { storeDay } from '../store-day';
import { checkLedger } from '../ledger-check';
import { sendSaleReceipt } from '../receipts/receipt-delivery';

export interface HandlerOptions {
  sync?: SyncWorker | null;
  systemPrinter?: SystemPrinter | null;
  /** Opens a URL in the system browser (Electron's shell.openExternal). */
  openExternal?: (url: string) => void;
}

const outboxView = (i: OutboxItem) => ({ id: i.id, kind: i.kind, state: i.state, erpKey: i.erpKey, attempts: i.attempts, lastError: i.lastError, parkReason: i.parkReason, createdAt: i.createdAt });

/** Settings as the UI sees them: the manager PIN's hash never leaves the till. */
function forUi(settings: Settings): Settings {
  const { managerPinHash: _hidden, ...rest } = settings;
  return rest;
}

export function createCounterHandlers(till: Till, options: HandlerOptions = {}): CounterHandlers {
  const printQueue = new PrintQueue(till, options.systemPrinter ?? null);
  const saleOrThrow = (saleId: number) => {
    const sale = till.ledger.sales.get(saleId);
    if (!sale) throw new CounterError('NOT_FOUND', `Sale #${saleId} does not exist.`);
    return sale;
  };

  return {
    'app.info': async () => {
      const health = till.ledger.health();
      return {
        version: APP_VERSION,
        training: till.config.training,
        cloverEnvironment: till.config.cloverEnv,
        merchantName: till.simulator ? 'Simulator merchant' : (till.settings().clover.merchantName ?? null),
        connected: till.merchantId() !== null,
        // A keychain that cannot be read must not take the status line down with it.
        capabilities: await cloverCapabilities(till).catch(() => noCloverCapabilities()),
        ledgerOk: health.ok,
        ledgerMessage: health.ok ? null : health.message,
        unresolvedSales: till.ledger.sales.unresolved().length,
        unresolvedOperations: unresolvedOperations(till).length,
        settings: forUi(till.settings()),
        managerPinSet: Boolean(till.settings().managerPinHash),
      };
    },

    'sales.quote': async ({ amount, funding, brand }) => {
      const known = (CARD_BRANDS as readonly string[]).includes(brand ?? '') ? (brand as CardBrand) : undefined;
      return quoteSurcharge(amount, { funding, ...(known ? { brand: known } : {}) }, till.settings().surcharge);
    },
    'sales.start': (input) => startTerminalSale(till, input),
    'sales.cancel': ({ saleId }) => cancelSale(till, saleId),
    'sales.keyed': (input) => startKeyedSale(till, input),
    'sales.get': async ({ saleId }) => toSaleView(till, saleOrThrow(saleId)),
    'sales.list': async (q) => {
      // The ledger lists by time; the cashier's filters are applied here (a day is small).
      const sales = till.ledger.sales.list({ since: q.since ?? 0, limit: 5000 });
      const doc = q.document?.toLowerCase();
      return sales
        .filter((s) => (q.until === undefined || s.createdAt <= q.until) && (q.amount === undefined || s.amount === q.amount || s.amount + s.surcharge === q.amount))
        .filter((s) => q.last4 === undefined || s.cardLast4 === q.last4)
        .filter((s) => !doc || (s.target.kind !== 'walk_in' && (String(s.target.id) === doc || (s.target.ref ?? '').toLowerCase().includes(doc))))
        .slice(0, q.limit)
        .map((s) => toSaleView(till, s));
    },

    'recovery.list': async () => till.ledger.sales.unresolved().map((s) => toSaleView(till, s)),
    'recovery.resolve': ({ saleId }) => resolveSale(till, saleId),
    // Manager-only calls check the PIN first (manager-gate.ts); the ledger records the role.
    'recovery.force': async ({ managerPin, ...input }) => {
      await requireManager(till, 'recovery.force', managerPin);
      return forceResolve(till, { ...input, manager: MANAGER_ROLE });
    },
    'recovery.problems': async () => problemRecords(till),
    'recovery.acknowledge': async ({ managerPin, ...input }) => {
      await requireManager(till, 'recovery.acknowledge', managerPin);
      return acknowledgeProblem(till, { ...input, manager: MANAGER_ROLE });
    },
    'recovery.operations': async () => unresolvedOperations(till),
    'recovery.resolveOperation': (input) => resolveOperation(till, input),
    'recovery.forceOperation': async ({ managerPin, ...input }) => {
      await requireManager(till, 'recovery.forceOperation', managerPin);
      return forceOperation(till, { ...input, manager: MANAGER_ROLE });
    },

    'refunds.create': (input) => refundSale(till, input),
    'refunds.void': (input) => voidSale(till, input),
    'refunds.credit': (input) => creditCard(till, input),

    'terminals.list': async () => listTerminals(till),
    'terminals.sync': () => syncTerminals(till),
    'terminals.ping': ({ serial }) => pingTerminal(till, serial),
    'terminals.setDefault': async ({ serial }) => setDefaultTerminal(till, serial),
    'terminals.rename': async ({ serial, name }) => renameTerminal(till, serial, name),

    'erp.findDocuments': ({ query }) => findDocuments(till, query),
    'erp.status': () => erpStatus(till),

    'outbox.status': async () => till.ledger.outbox.metrics(),
    'outbox.list': async ({ state }) => till.ledger.outbox.list({ ...(state ? { state } : {}), limit: 200 }).map(outboxView),
    'outbox.retry': async ({ id }) => {
      const item = till.ledger.outbox.retry(id, till.config.cashier);
      options.sync?.resume(till.config.cashier, `retry of item ${id}`);
      return outboxView(item);
    },

    'receipts.render': async ({ saleId, copy }) => ({ html: receiptHtml(saleReceipt(till, saleId, copy)) }),
    'receipts.print': ({ saleId, copy }) => printQueue.print(saleId, copy),
    'receipts.queue': async () => printQueue.list(),
    'receipts.send': ({ saleId, to }) => sendSaleReceipt(till, saleId, to),

    'totals.day': (input) => dayTotals(till, input),
    'totals.store': (input) => storeDay(till, input),
    'ledger.check': () => checkLedger(till),

    'settings.get': async () => forUi(till.settings()),
    'settings.update': async ({ managerPin, ...patch }) => forUi(await updateSettingsChecked(till, patch, managerPin)),
    'settings.setOdooKey': async ({ key, managerPin }) => {
      await requireManager(till, 'settings.setOdooKey', managerPin);
      await till.secrets.set(till.config.odoo?.apiKeyName ?? 'odoo.apiKey', key);
      await till.erp?.credentialsChanged();
      options.sync?.resume(till.config.cashier, 'new Odoo API key');
      return { saved: true as const };
    },

    'settings.setManagerPin': async ({ currentPin, newPin }) => {
      if (till.settings().managerPinHash) {
        if (!currentPin) throw new CounterError('REFUSED', 'Enter the current manager PIN to change it.');
        await requireManagerPin(till, currentPin); // counts failures and locks like a credit does
      }
      const hash = await hashPin(newPin);
      till.updateSettings((s) => void (s.managerPinHash = hash));
      return { saved: true as const };
    },

    'clover.connect': async ({ managerPin }) => {
      await requireManager(till, 'clover.connect', managerPin); // in the app, no PIN set yet: set one first
      const { authorizeUrl } = await beginConnect(till);
      // The desktop app opens the system browser; the web twin shows the link.
      if (/^https:\/\//.test(authorizeUrl)) options.openExternal?.(authorizeUrl);
      return { authorizeUrl };
    },
    'clover.disconnect': async ({ managerPin }) => {
      await requireManager(till, 'clover.disconnect', managerPin);
      await disconnect(till);
      return { disconnected: true as const };
    },
    // The secret goes to the keychain; only the merchant id and name come back.
    'clover.setLegacyCredential': async ({ kind, merchantId, secret, managerPin }) => {
      await requireManager(till, 'clover.setLegacyCredential', managerPin);
      return saveLegacyCredential(till, { kind, merchantId, value: secret });
    },
  };
}
