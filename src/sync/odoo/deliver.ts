// Delivers one outbox item to Odoo, idempotently (odoo-erp.md §7, §8, §10): every write is
// preceded by a search for the item's key, so a retry after a lost answer, a crash between
// create and post, or a second worker finds the earlier payment instead of making another.
import type { ErpTarget, Payment } from '../../shared/domain';
import { formatMinor } from '../../shared/money';
import type { OutboxWork } from '../outbox/work';
import { localDate, toOdooAmount } from './amounts';
import type { OdooClient } from './client';
import type { OdooConfig } from './config';
import { OdooError } from './errors';
import { saleOrderTag } from './lookups';
import { type ErpSetup, m2oId, m2oName } from './setup';

export type DeliveryOutcome = { outcome: 'delivered'; odooIds: number[]; reused: boolean } | { outcome: 'absent' };

export interface DeliveryContext {
  client: OdooClient;
  config: OdooConfig;
  setup(): Promise<ErpSetup>;
  currencyId(code: string): Promise<number>;
}

interface FoundPayment {
  id: number;
  state: string;
}

interface DirectPayment {
  key: string;
  memo: string;
  paymentType: 'inbound' | 'outbound';
  partnerId: number;
  amount: number;
  currency: string;
  date: string;
  destinationAccountId?: number | null;
}

const WRITE = { write: true } as const;

function permanent(message: string): OdooError {
  return new OdooError({ kind: 'protocol', status: 0, errorClass: 'permanent', message });
}

/** Payments carrying `key` in payment_reference, or at the start of the memo (wizard payments). */
export async function findByKey(client: OdooClient, key: string): Promise<FoundPayment[]> {
  return client.call<FoundPayment[]>('account.payment', 'search_read', {
    domain: ['|', ['payment_reference', '=', key], ['memo', '=like', `${key} %`]],
    fields: ['id', 'state'],
    order: 'id asc',
    limit: 10,
  });
}

/** An earlier attempt got through: post a draft left by a crash between create and post. */
async function settleFound(client: OdooClient, key: string, found: FoundPayment[]): Promise<DeliveryOutcome> {
  const active = found.filter((p) => p.state !== 'canceled' && p.state !== 'cancel');
  if (active.length === 0) throw permanent(`Odoo already has ${key} but it is cancelled there; a person must decide what to do`);
  const drafts = active.filter((p) => p.state === 'draft').map((p) => p.id);
  if (drafts.length) await client.call('account.payment', 'action_post', { ids: drafts }, WRITE);
  return { outcome: 'delivered', odooIds: active.map((p) => p.id), reused: true };
}

/** A 422 / duplicate on a retry may mean the first attempt worked: search before giving up. */
async function searchBeforeFailing(client: OdooClient, key: string, err: unknown): Promise<DeliveryOutcome> {
  if (err instanceof OdooError && (err.errorClass === 'permanent' || err.errorClass === 'duplicate')) {
    const found = await findByKey(client, key);
    if (found.length) return settleFound(client, key, found);
  }
  throw err;
}

async function ensureDirect(ctx: DeliveryContext, p: DirectPayment, methodLineId: number, journalId: number): Promise<DeliveryOutcome> {
  const { client } = ctx;
  const found = await findByKey(client, p.key);
  if (found.length) return settleFound(client, p.key, found);
  try {
    const vals: Record<string, unknown> = {
      payment_type: p.paymentType,
      partner_type: 'customer',
      partner_id: p.partnerId,
      amount: toOdooAmount(p.amount),
      currency_id: await ctx.currencyId(p.currency),
      journal_id: journalId,
      payment_method_line_id: methodLineId,
      date: p.date,
      memo: p.memo,
      payment_reference: p.key,
    };
    if (p.destinationAccountId) vals.destination_account_id = p.destinationAccountId;
    const ids = await client.call<number[]>('account.payment', 'create', { vals_list: [vals] }, WRITE);
    await client.call('account.payment', 'action_post', { ids }, WRITE);
    return { outcome: 'delivered', odooIds: ids, reused: false };
  } catch (err) {
    return searchBeforeFailing(client, p.key, err);
  }
}

async function payInvoice(ctx: DeliveryContext, setup: ErpSetup, invoiceId: number, key: string, amount: number, memo: string, date: string): Promise<DeliveryOutcome> {
  const { client } = ctx;
  const found = await findByKey(client, key);
  if (found.length) return settleFound(client, key, found);
  const context = { active_model: 'account.move', active_ids: [invoiceId] };
  try {
    const [wizardId] = await client.call<number[]>(
      'account.payment.register',
      'create',
      {
        vals_list: [{ payment_date: date, amount: toOdooAmount(amount), journal_id: setup.journalId, payment_method_line_id: setup.inboundMethodLineId, communication: memo, payment_difference_handling: 'open' }],
        context,
      },
      WRITE,
    );
    const action = await client.call<{ res_id?: unknown } | boolean>('account.payment.register', 'action_create_payments', { ids: [wizardId], context }, WRITE);
    const resId = typeof action === 'object' && typeof action.res_id === 'number' ? action.res_id : null;
    if (resId !== null) return { outcome: 'delivered', odooIds: [resId], reused: false };
    const after = await findByKey(client, key);
    if (after.length) return { outcome: 'delivered', odooIds: after.map((p) => p.id), reused: false };
    throw permanent(`Odoo registered the payment for ${key} but it cannot be found by its memo`);
  } catch (err) {
    return searchBeforeFailing(client, key, err);
  }
}

async function partnerOf(ctx: DeliveryContext, setup: ErpSetup, target: ErpTarget): Promise<number> {
  if (target.kind === 'walk_in') return setup.walkInPartnerId;
  if (target.partnerId) return target.partnerId;
  const model = target.kind === 'invoice' ? 'account.move' : 'sale.order';
  const field = target.kind === 'invoice' ? 'commercial_partner_id' : 'partner_id';
  const rows = await ctx.client.call<Record<string, unknown>[]>(model, 'read', { ids: [target.id], fields: [field] });
  const id = m2oId(rows[0]?.[field]);
  if (!id) throw permanent(`${model} ${target.id} has no customer in Odoo`);
  return id;
}

async function saleOrderName(ctx: DeliveryContext, target: Extract<ErpTarget, { kind: 'sale_order' }>): Promise<string> {
  if (target.ref) return target.ref;
  const rows = await ctx.client.call<Record<string, unknown>[]>('sale.order', 'read', { ids: [target.id], fields: ['name'] });
  return String(rows[0]?.name ?? m2oName(rows[0]?.display_name) ?? target.id);
}

async function deliverPayment(ctx: DeliveryContext, payment: Payment): Promise<DeliveryOutcome> {
  const setup = await ctx.setup();
  const key = payment.erpKey;
  const date = localDate(payment.createdAt);
  // Surcharge: booked to its own account when one is configured, else included and noted (README).
  const separate = payment.surcharge > 0 && setup.surchargeAccountId !== null;
  const amount = payment.amount + (separate ? 0 : payment.surcharge);
  let memo = `${key} op:${payment.opId}`;
  if (payment.surcharge > 0 && !separate) memo += ` incl. card surcharge ${formatMinor(payment.surcharge)}`;
  if (payment.target.kind === 'sale_order') memo += ` ${saleOrderTag(await saleOrderName(ctx, payment.target))}`;
  if (payment.target.kind === 'invoice' && payment.target.ref) memo += ` ${payment.target.ref}`;

  let main: DeliveryOutcome;
  if (amount <= 0) main = { outcome: 'delivered', odooIds: [], reused: false };
  else if (payment.target.kind === 'invoice') main = await payInvoice(ctx, setup, payment.target.id, key, amount, memo, date);
  else {
    const partnerId = await partnerOf(ctx, setup, payment.target);
    main = await ensureDirect(ctx, { key, memo, paymentType: 'inbound', partnerId, amount, currency: payment.currency, date }, setup.inboundMethodLineId, setup.journalId);
  }
  if (!separate || main.outcome !== 'delivered') return main;
  const surcharge = await ensureDirect(
    ctx,
    {
      key: `${key}/S`,
      memo: `${key}/S op:${payment.opId} card surcharge for ${key}`,
      paymentType: 'inbound',
      partnerId: await partnerOf(ctx, setup, payment.target),
      amount: payment.surcharge,
      currency: payment.currency,
      date,
      destinationAccountId: setup.surchargeAccountId,
    },
    setup.inboundMethodLineId,
    setup.journalId,
  );
  if (surcharge.outcome !== 'delivered') return surcharge;
  return { outcome: 'delivered', odooIds: [...main.odooIds, ...surcharge.odooIds], reused: main.reused && surcharge.reused };
}

/** Both Odoo payments (main and surcharge) that carry a payment's key. */
async function paymentRecords(ctx: DeliveryContext, payment: Payment): Promise<FoundPayment[]> {
  return [...(await findByKey(ctx.client, payment.erpKey)), ...(await findByKey(ctx.client, `${payment.erpKey}/S`))];
}

export async function deliver(ctx: DeliveryContext, work: OutboxWork): Promise<DeliveryOutcome> {
  switch (work.kind) {
    case 'payment': {
      if (!work.voided) return deliverPayment(ctx, work.payment);
      // Voided while queued: only what an earlier attempt already put in Odoo matters.
      const found = await paymentRecords(ctx, work.payment);
      return found.length ? { outcome: 'delivered', odooIds: found.map((p) => p.id), reused: true } : { outcome: 'absent' };
    }
    case 'void': {
      const found = await paymentRecords(ctx, work.payment);
      if (found.length === 0) throw permanent(`Odoo has no payment ${work.payment.erpKey} to cancel; check Odoo by hand`);
      const active = found.filter((p) => p.state !== 'canceled' && p.state !== 'cancel').map((p) => p.id);
      if (active.length) await ctx.client.call('account.payment', 'action_cancel', { ids: active }, WRITE);
      return { outcome: 'delivered', odooIds: found.map((p) => p.id), reused: active.length === 0 };
    }
    case 'refund': {
      const setup = await ctx.setup();
      const key = work.item.erpKey;
      return ensureDirect(
        ctx,
        {
          key,
          memo: `${key} op:${work.refund.opId} refund of ${work.payment.erpKey}`,
          paymentType: 'outbound',
          partnerId: await partnerOf(ctx, setup, work.payment.target),
          amount: work.refund.amount,
          currency: work.refund.currency,
          date: localDate(work.refund.updatedAt),
        },
        setup.outboundMethodLineId,
        setup.journalId,
      );
    }
    case 'credit': {
      const setup = await ctx.setup();
      const key = work.item.erpKey;
      return ensureDirect(
        ctx,
        {
          key,
          memo: `${key} op:${work.credit.opId} credit: ${work.credit.reason.slice(0, 60)}`,
          paymentType: 'outbound',
          partnerId: work.credit.partnerId ?? setup.walkInPartnerId,
          amount: work.credit.amount,
          currency: work.credit.currency,
          date: localDate(work.credit.updatedAt),
        },
        setup.outboundMethodLineId,
        setup.journalId,
      );
    }
  }
}
