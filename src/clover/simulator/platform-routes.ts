// Platform REST v3 (§4): merchant, devices, and payments/refunds/credits with Clover's `filter`
// and `expand` query syntax, for recovery by externalPaymentId and end-of-day lists.
import { bearerMerchant } from './credential-gate';
import { json, type RequestCtx, type Route, type SimResponse } from './http-io';
import { UNAUTHORIZED } from './paydisplay-gate';
import { refundJson, v3PaymentJson } from './payment-json';
import type { SimContext } from './sim-context';

type Row = Record<string, unknown>;
type Filter = (row: Row) => boolean;

const FILTER = /^([A-Za-z]+(?:\.[A-Za-z]+)?)\s*(>=|<=|!=|=|>|<)\s*(.*)$/;
const FILTER_FIELDS = new Set(['id', 'externalPaymentId', 'externalReferenceId', 'createdTime', 'modifiedTime', 'clientCreatedTime', 'result', 'amount', 'tipAmount', 'device.id']);

function field(row: Row, name: string): unknown {
  if (!name.includes('.')) return row[name];
  const [outer, inner] = name.split('.');
  const o = row[outer ?? ''];
  return typeof o === 'object' && o !== null ? (o as Row)[inner ?? ''] : undefined;
}

/** Parses every `filter=` parameter (ANDed); a string describes the first bad one. */
function parseFilters(query: URLSearchParams): Filter[] | string {
  const filters: Filter[] = [];
  for (const raw of query.getAll('filter')) {
    const m = FILTER.exec(raw.trim());
    if (!m || !FILTER_FIELDS.has(m[1] ?? '')) return raw;
    const [, name = '', op, value = ''] = m;
    filters.push((row) => {
      const actual = field(row, name);
      const numeric = typeof actual === 'number' && value.trim() !== '' && !Number.isNaN(Number(value));
      const a: string | number = numeric ? (actual as number) : String(actual ?? '');
      const v: string | number = numeric ? Number(value) : value;
      switch (op) {
        case '=': return a === v;
        case '!=': return a !== v;
        case '>=': return a >= v;
        case '<=': return a <= v;
        case '>': return a > v;
        default: return a < v;
      }
    });
  }
  return filters;
}

function list(ctx: RequestCtx, rows: Row[]): SimResponse {
  const filters = parseFilters(ctx.query);
  if (typeof filters === 'string') return json(400, { message: `Invalid filter: ${filters}` });
  const limit = Math.min(Math.max(Number(ctx.query.get('limit') ?? 100) || 100, 1), 1000);
  const offset = Math.max(Number(ctx.query.get('offset') ?? 0) || 0, 0);
  const matched = rows.filter((r) => filters.every((f) => f(r))).sort((a, b) => Number(b.createdTime) - Number(a.createdTime));
  return json(200, { elements: matched.slice(offset, offset + limit), href: ctx.path });
}

function expandOf(ctx: RequestCtx): Set<string> {
  return new Set((ctx.query.getAll('expand').join(',') || '').split(',').map((s) => s.trim()).filter(Boolean));
}

export function platformRoutes(sim: SimContext): Route[] {
  /**
   * Bearer for this very merchant, else 401 (Clover answers other merchants' ids with 401). An
   * Ecommerce private key passes only on the merchant record itself (§4).
   */
  const guard = (fn: (ctx: RequestCtx, mId: string, rest: string[]) => SimResponse, surface: 'platform' | 'platform-merchant' = 'platform') => (ctx: RequestCtx, params: string[]) => {
    const [mId = '', ...rest] = params;
    const tokenMerchant = bearerMerchant(sim, ctx, surface, UNAUTHORIZED);
    if (typeof tokenMerchant !== 'string') return tokenMerchant;
    if (tokenMerchant !== mId) {
      sim.counters.unauthorized++;
      return UNAUTHORIZED;
    }
    return fn(ctx, mId, rest);
  };
  const M = '^/v3/merchants/([^/]+)';
  const payments = (mId: string) => sim.ledger.payments.filter((p) => p.merchantId === mId);
  return [
    {
      method: 'GET',
      pattern: new RegExp(`${M}$`),
      handle: guard((_ctx, mId) => {
        const m = sim.merchant(mId);
        return json(200, { href: `/v3/merchants/${mId}`, id: mId, name: m?.name ?? '', ...(m?.address?.phoneNumber ? { phoneNumber: m.address.phoneNumber } : {}), isBillable: false });
      }, 'platform-merchant'),
    },
    {
      // MerchantProperties: the merchant's currency, locale and time zone (among many settings).
      method: 'GET',
      pattern: new RegExp(`${M}/properties$`),
      handle: guard((_ctx, mId) => {
        const m = sim.merchant(mId);
        return json(200, { defaultCurrency: m?.currency ?? 'USD', locale: m?.locale ?? 'en_US', timezone: m?.timezone ?? 'America/New_York', tipsEnabled: false, vat: false });
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${M}/address$`),
      handle: guard((_ctx, mId) => {
        const a = sim.merchant(mId)?.address ?? { address1: '100 Test Street', city: 'Springfield', state: 'NY', zip: '10001', country: 'US' };
        return json(200, { href: `/v3/merchants/${mId}/address`, ...a });
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${M}/devices$`),
      handle: guard((_ctx, mId) =>
        json(200, { elements: (sim.merchant(mId)?.devices ?? []).map((d) => ({ id: d.id, name: d.name, model: d.model, serial: d.serial })) }),
      ),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${M}/payments$`),
      handle: guard((ctx, mId) => {
        const expand = expandOf(ctx);
        return list(ctx, payments(mId).map((p) => v3PaymentJson(p, expand)));
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${M}/payments/([^/]+)$`),
      handle: guard((ctx, mId, [id]) => {
        const p = sim.ledger.find(mId, id ?? '');
        return p ? json(200, v3PaymentJson(p, expandOf(ctx))) : json(404, { message: 'Not Found' });
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${M}/refunds$`),
      handle: guard((ctx, mId) => list(ctx, payments(mId).flatMap((p) => p.refunds.map((r) => refundJson(r, p))))),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${M}/credits$`),
      handle: guard((ctx, mId) =>
        list(
          ctx,
          sim.ledger.credits
            .filter((c) => c.merchantId === mId)
            .map((c) => ({ id: c.id, amount: c.amount, createdTime: c.createdTime, result: c.result, ...(c.externalPaymentId ? { externalPaymentId: c.externalPaymentId } : {}) })),
        ),
      ),
    },
  ];
}
