// The ERP port the till and the sync worker use: lookups for the cashier, the residual
// re-read before a charge, and idempotent delivery of outbox items.
import type { ErpTarget } from '../../shared/domain';
import type { OutboxWork } from '../outbox/work';
import { checkDue, type DueNow } from './check-due';
import type { OdooClient } from './client';
import type { OdooConfig } from './config';
import { deliver, type DeliveryContext, type DeliveryOutcome } from './deliver';
import { OdooError } from './errors';
import { findOpenInvoices, findSaleOrders, type LookupQuery, type OpenInvoice, type OpenSaleOrder } from './lookups';
import { discoverSetup, type ErpSetup } from './setup';
import { cloverJournalDay, type OdooDayPayment } from './day-payments';

export interface ErpPort {
  /** Journal, method lines, walk-in partner, surcharge account (looked up once, then cached). */
  setup(): Promise<ErpSetup>;
  findOpenInvoices(query?: LookupQuery): Promise<OpenInvoice[]>;
  findSaleOrders(query?: LookupQuery): Promise<OpenSaleOrder[]>;
  /** Call right before charging: what Odoo says is still due now, or why it must not be paid. */
  checkDue(target: ErpTarget): Promise<DueNow>;
  deliver(work: OutboxWork): Promise<DeliveryOutcome>;
  credentialsChanged(): Promise<boolean>;
  /** The Clover journal's payments dated `day` (YYYY-MM-DD): the store's shared record. */
  cloverJournalDay(day: string): Promise<OdooDayPayment[]>;
  /** Is this currency active in Odoo (payments in it can be recorded)? */
  currencyActive(code: string): Promise<boolean>;
  /** Is Odoo reachable at all? (GET /web/version, no key needed.) */
  probe(): Promise<{ version: string }>;
}

export function createErpPort(options: { client: OdooClient; config: OdooConfig }): ErpPort {
  const { client, config } = options;
  let setupPromise: Promise<ErpSetup> | null = null;
  const currencies = new Map<string, Promise<number>>();

  const setup = (): Promise<ErpSetup> => {
    setupPromise ??= discoverSetup(client, config).catch((err: unknown) => {
      setupPromise = null; // a later call tries again (a fixed setting, a new key)
      throw err;
    });
    return setupPromise;
  };

  const currencyId = (code: string): Promise<number> => {
    let id = currencies.get(code);
    if (!id) {
      id = client
        .call<Array<{ id: number }>>('res.currency', 'search_read', { domain: [['name', '=', code]], fields: ['id'], limit: 1 })
        .then((rows) => {
          if (!rows[0]) throw new OdooError({ kind: 'config', status: 0, errorClass: 'stop', message: `Currency ${code} is not active in Odoo` });
          return rows[0].id;
        });
      id.catch(() => currencies.delete(code));
      currencies.set(code, id);
    }
    return id;
  };

  const ctx: DeliveryContext = { client, config, setup, currencyId };
  return {
    setup,
    findOpenInvoices: (q) => findOpenInvoices(client, q),
    findSaleOrders: (q) => findSaleOrders(client, q),
    checkDue: (target) => checkDue(client, target),
    deliver: (work) => deliver(ctx, work),
    credentialsChanged: () => client.credentialsChanged(),
    probe: () => client.version(),
    cloverJournalDay: async (day) => cloverJournalDay(client, await setup(), day),
    currencyActive: (code) => currencyId(code).then(() => true, () => false),
  };
}
