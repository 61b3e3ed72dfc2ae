// End of day for the whole store (issue 12, several counters on one merchant): Clover's approved
// payments of the merchant ↔ the Clover journal's payments in Odoo ↔ this counter's ledger. Odoo
// is the shared record, so no server is needed: any counter can draw the store's day. Each
// difference names the counter (by the terminal Clover took the money on), the payment and sale,
// and what a person does about it.
import { interpretPayment, type CloverPayment } from '../clover';
import type { StoreDayView } from '../shared/contract/views';
import { formatMinor } from '../shared/money';
import type { Till } from './create-till';
import { deviceIdOf, isOwnPayment, ownDeviceIds, terminalNameOf } from './counter-devices';
import { localDay } from './totals';

type Difference = StoreDayView['differences'][number];

const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
const taken = (c: CloverPayment) => c.amount + (c.tipAmount ?? 0);

export async function storeDay(till: Till, input: { date: string }): Promise<StoreDayView> {
  const range = localDay(input.date);
  const differences: Difference[] = [];
  const add = (d: Omit<Difference, 'terminal' | 'cloverPaymentId' | 'odooPaymentId' | 'saleId'> & Partial<Difference>) =>
    differences.push({ terminal: null, cloverPaymentId: null, odooPaymentId: null, saleId: null, ...d });

  let clover: CloverPayment[] = [];
  let cloverState: StoreDayView['clover'] = { checked: true, message: null, count: 0, total: 0 };
  try {
    clover = (await till.merchant().platform.listPayments(range)).filter((c) => interpretPayment(c, undefined).kind === 'approved');
    cloverState = { checked: true, message: null, count: clover.length, total: sum(clover.map(taken)) };
  } catch (error) {
    cloverState = { checked: false, message: `Clover could not be asked (${(error as Error).message})`, count: 0, total: 0 };
  }

  let odoo: Awaited<ReturnType<NonNullable<Till['erp']>['cloverJournalDay']>> = [];
  let odooState: StoreDayView['odoo'] = { checked: false, message: 'Odoo is not configured', count: 0, total: 0 };
  if (till.erp) {
    try {
      odoo = (await till.erp.cloverJournalDay(input.date)).filter((p) => p.state !== 'canceled' && p.state !== 'cancel' && p.state !== 'draft');
      const payments = odoo.filter((p) => p.inbound && p.key?.startsWith('CLV:'));
      odooState = { checked: true, message: null, count: payments.length, total: sum(payments.map((p) => p.amount)) };
    } catch (error) {
      odooState = { checked: false, message: `Odoo could not be asked (${(error as Error).message})`, count: 0, total: 0 };
    }
  }

  const own = ownDeviceIds(till, range.fromMs - 86_400_000);
  const mine = till.ledger.payments.list({ since: range.fromMs, limit: 100_000, training: till.config.training }).filter((p) => p.createdAt < range.toMs && p.voidedAt === null);
  const counters = new Map<string, { terminal: string; count: number; total: number }>();
  for (const c of clover) {
    const terminal = terminalNameOf(till, deviceIdOf(c)) ?? (deviceIdOf(c) ? `device ${deviceIdOf(c)}` : 'keyed (no terminal)');
    const row = counters.get(terminal) ?? { terminal, count: 0, total: 0 };
    row.count++;
    row.total += taken(c);
    counters.set(terminal, row);
  }

  if (cloverState.checked && odooState.checked) {
    const byKey = new Map<string, typeof odoo>();
    for (const p of odoo) if (p.key) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
    const cloverIds = new Set(clover.map((c) => c.id));
    for (const c of clover) {
      const key = `CLV:${c.id}`;
      const inOdoo = byKey.get(key) ?? [];
      const terminal = terminalNameOf(till, deviceIdOf(c));
      const sale = till.ledger.payments.byCloverPaymentId(c.id);
      const base = { terminal, cloverPaymentId: c.id, saleId: sale?.saleId ?? null };
      if (inOdoo.length === 0) {
        if (isOwnPayment(till, c, own)) {
          const item = sale ? till.ledger.outbox.list({ limit: 100_000 }).find((i) => i.kind === 'payment' && i.entityId === sale.id) : undefined;
          add({ ...base, kind: 'not_in_odoo', what: `Clover took ${formatMinor(taken(c))} at this counter${sale ? ` (sale #${sale.saleId})` : ''}; Odoo does not have it yet${item ? ` (outbox: ${item.state}${item.parkReason ? `, ${item.parkReason}` : ''})` : ''}`, fix: sale ? 'Sync this counter (`counter sync`), or settle its parked item in Needs attention.' : 'Look the sale up here (`counter recover`, end of day records it), then sync.' });
        } else if (terminal) {
          add({ ...base, kind: 'not_in_odoo', what: `Clover took ${formatMinor(taken(c))} on ${terminal}; Odoo does not have it yet`, fix: `Run \`counter sync\` (and \`counter recover\`) on the counter that uses ${terminal}.` });
        } else {
          add({ ...base, kind: 'no_counter', what: `Clover has a payment of ${formatMinor(taken(c))} on no counter's terminal (keyed elsewhere, or another app) and Odoo does not have it`, fix: 'Find it on the Clover dashboard; record it in Odoo by hand if it belongs to the store, or refund it.' });
        }
        continue;
      }
      if (inOdoo.length > 1) add({ ...base, odooPaymentId: inOdoo[1]!.id, kind: 'twice_in_odoo', what: `Odoo has ${key} ${inOdoo.length} times`, fix: 'Cancel the extra payment(s) in Odoo, keeping one.' });
      const odooAmount = inOdoo[0]!.amount;
      // A surcharge booked on its own line leaves the payment at the base amount.
      const ok = odooAmount === taken(c) || (sale && odooAmount === sale.amount);
      if (!ok) add({ ...base, odooPaymentId: inOdoo[0]!.id, kind: 'amount_differs', what: `amount differs for ${key}: Clover ${formatMinor(taken(c))}, Odoo ${formatMinor(odooAmount)}`, fix: 'Correct the payment in Odoo to what Clover took.' });
    }
    for (const p of odoo) {
      if (!p.inbound || !p.key?.startsWith('CLV:') || p.key.startsWith('CLV:OP-')) continue;
      const id = p.key.slice('CLV:'.length);
      if (cloverIds.has(id)) continue;
      add({ kind: 'not_at_clover', cloverPaymentId: id, odooPaymentId: p.id, what: `Odoo has payment ${p.key} of ${formatMinor(p.amount)} that Clover does not show as taken that day (voided, refunded in full before closeout, or another day)`, fix: 'Check it on the Clover dashboard; cancel it in Odoo if Clover did not take the money.' });
    }
  }

  return {
    date: input.date,
    currency: till.settings().currency,
    clover: cloverState,
    odoo: odooState,
    till: { count: mine.length, total: sum(mine.map((p) => p.amount + p.surcharge)) },
    counters: [...counters.values()].sort((a, b) => a.terminal.localeCompare(b.terminal)),
    differences,
  };
}
