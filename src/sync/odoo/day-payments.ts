// The Clover journal's payments of one day, as Odoo holds them: the shared record of a store's
// counters for the three-way end of day (issue 12). Each is read back to the counter key it was
// delivered under (CLV:<Clover payment id>, CLV-R:<refund id>, CLV-C:<credit id>).
import { fromOdooAmount } from './amounts';
import type { OdooClient } from './client';
import type { ErpSetup } from './setup';

export interface OdooDayPayment {
  id: number;
  /** The counter's key, or null for a payment the counters did not make. */
  key: string | null;
  /** Minor units, always positive; `inbound` money came in. */
  amount: number;
  inbound: boolean;
  state: string;
}

interface Row {
  id: number;
  amount: unknown;
  payment_type: string;
  state: string;
  payment_reference: string | false;
  memo: string | false;
}

const KEY = /^CLV(?:-[RCV])?:\S+$/;

function keyOf(row: Row): string | null {
  if (typeof row.payment_reference === 'string' && KEY.test(row.payment_reference)) return row.payment_reference;
  const first = typeof row.memo === 'string' ? row.memo.split(' ')[0] : undefined;
  return first && KEY.test(first) ? first : null;
}

/** Every payment on the Clover journal dated `day` (YYYY-MM-DD), cancelled ones included. */
export async function cloverJournalDay(client: OdooClient, setup: ErpSetup, day: string): Promise<OdooDayPayment[]> {
  const rows = await client.call<Row[]>('account.payment', 'search_read', {
    domain: [['journal_id', '=', setup.journalId], ['date', '=', day]],
    fields: ['id', 'amount', 'payment_type', 'state', 'payment_reference', 'memo'],
    limit: 10_000,
  });
  return rows.map((r) => ({ id: r.id, key: keyOf(r), amount: fromOdooAmount(r.amount), inbound: r.payment_type === 'inbound', state: r.state }));
}
