// Finds, once, the Odoo records the counter books into: the Clover journal and its payment
// method lines, the walk-in partner, the surcharge account. A missing record is a setup
// problem for a person, so it stops the queue (errorClass 'stop') with a clear reason.
import type { OdooClient } from './client';
import type { OdooConfig } from './config';
import { OdooError } from './errors';

export interface ErpSetup {
  journalId: number;
  inboundMethodLineId: number;
  outboundMethodLineId: number;
  walkInPartnerId: number;
  surchargeAccountId: number | null;
  /** The currency the Clover journal books in: its own, else its company's (ISO code). */
  currency: string | null;
}

export type Many2one = [number, string] | false;

export function m2oId(value: unknown): number | null {
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : typeof value === 'number' ? value : null;
}

export function m2oName(value: unknown): string | null {
  return Array.isArray(value) && typeof value[1] === 'string' ? value[1] : null;
}

function setupError(message: string): OdooError {
  return new OdooError({ kind: 'config', status: 0, errorClass: 'stop', message });
}

interface JournalRow {
  id: number;
  name: string;
  currency_id: Many2one;
  company_id: Many2one;
  inbound_payment_method_line_ids: number[];
  outbound_payment_method_line_ids: number[];
}

interface MethodLineRow {
  id: number;
  name: string;
  payment_type: 'inbound' | 'outbound';
}

async function one<T>(client: OdooClient, model: string, domain: unknown[], fields: string[], what: string): Promise<T> {
  const rows = await client.call<T[]>(model, 'search_read', { domain, fields, limit: 2 });
  if (rows.length === 0) throw setupError(`${what} was not found in Odoo`);
  if (rows.length > 1) throw setupError(`${what} is not unique in Odoo`);
  return rows[0]!;
}

export async function discoverSetup(client: OdooClient, config: OdooConfig): Promise<ErpSetup> {
  const journal = await one<JournalRow>(
    client,
    'account.journal',
    [['name', '=', config.journalName]],
    ['id', 'name', 'currency_id', 'company_id', 'inbound_payment_method_line_ids', 'outbound_payment_method_line_ids'],
    `Journal "${config.journalName}" (ODOO_JOURNAL)`,
  );
  const lineIds = [...journal.inbound_payment_method_line_ids, ...journal.outbound_payment_method_line_ids];
  const lines = lineIds.length ? await client.call<MethodLineRow[]>('account.payment.method.line', 'read', { ids: lineIds, fields: ['id', 'name', 'payment_type'] }) : [];
  const pick = (type: 'inbound' | 'outbound'): number => {
    const candidates = lines.filter((l) => l.payment_type === type);
    const wanted = config.paymentMethodLineName;
    const chosen = wanted ? candidates.find((l) => l.name === wanted) : candidates[0];
    if (!chosen) {
      throw setupError(
        wanted
          ? `Journal "${journal.name}" has no ${type} payment method "${wanted}" (ODOO_PAYMENT_METHOD_LINE); it has: ${candidates.map((l) => l.name).join(', ') || 'none'}`
          : `Journal "${journal.name}" has no ${type} payment method`,
      );
    }
    return chosen.id;
  };
  const { by, value } = config.walkInPartner;
  const partner = await one<{ id: number }>(client, 'res.partner', [[by, '=', value]], ['id'], `Walk-in partner with ${by} "${value}" (ODOO_WALKIN_PARTNER)`);
  let surchargeAccountId: number | null = null;
  if (config.surchargeAccountCode) {
    const account = await one<{ id: number }>(client, 'account.account', [['code', '=', config.surchargeAccountCode]], ['id'], `Surcharge account "${config.surchargeAccountCode}" (ODOO_SURCHARGE_ACCOUNT)`);
    surchargeAccountId = account.id;
  }
  return { journalId: journal.id, inboundMethodLineId: pick('inbound'), outboundMethodLineId: pick('outbound'), walkInPartnerId: partner.id, surchargeAccountId, currency: await journalCurrency(client, journal) };
}

/** A journal without a currency of its own books in its company's currency. */
async function journalCurrency(client: OdooClient, journal: JournalRow): Promise<string | null> {
  const own = m2oName(journal.currency_id);
  if (own) return own;
  const companyId = m2oId(journal.company_id);
  if (companyId === null) return null;
  const [company] = await client.call<Array<{ currency_id: Many2one }>>('res.company', 'read', { ids: [companyId], fields: ['currency_id'] });
  return company ? m2oName(company.currency_id) : null;
}
