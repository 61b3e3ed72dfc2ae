// Platform REST v3 reads for one merchant (§4): merchant name (the connection test), devices
// (their `serial` feeds X-Clover-Device-Id), and payments for recovery and end-of-day. Reads
// throw CloverRequestError on failure and are retried after indeterminate failures.
import type { Logger } from '../../shared/logger';
import { classifyFailure } from '../classify';
import { CloverInputError, CloverRequestError } from '../errors';
import type { AuthorizedRequester } from '../http/authorized';
import { retryRead } from '../http/read-retry';
import { isRecord } from '../http/response';
import type { HttpOutcome, HttpRequest } from '../http/transport';
import { parsePayment, type CloverPayment } from '../pay-display/payment';
import { checkCloverId, checkExternalPaymentId } from '../validate';

export interface CloverMerchant { id: string; name: string }

/** What the till learns from Clover at connect (issue 12): the currency above all, and receipt details. */
export interface CloverMerchantProfile extends CloverMerchant {
  /** ISO 4217, from the merchant's properties (`defaultCurrency`). */
  currency: string;
  /** ISO 3166 alpha-2 from the merchant's address, when Clover gives one. */
  country: string | null;
  /** Postal lines for receipts (street, city/state/zip). */
  address: string[];
  phone: string | null;
}
export interface CloverDevice { id: string; serial: string; name?: string; model?: string }

export interface PlatformCalls {
  getMerchant(): Promise<CloverMerchant>;
  /** The merchant with its properties and address; throws when the currency cannot be read. */
  getMerchantProfile(): Promise<CloverMerchantProfile>;
  listDevices(): Promise<CloverDevice[]>;
  /** null when Clover has no such payment. */
  getPayment(paymentId: string): Promise<CloverPayment | null>;
  /** Recovery when the device is unreachable (§3.6); usually 0 or 1 payment. */
  findPaymentsByExternalId(externalPaymentId: string): Promise<CloverPayment[]>;
  /** Payments created in [fromMs, toMs) (epoch ms), all pages, for end-of-day. */
  listPayments(range: { fromMs: number; toMs: number }): Promise<CloverPayment[]>;
}

export interface PlatformOptions {
  requester: AuthorizedRequester;
  merchantId: string;
  logger: Logger;
  deadlineMs: number;
  readRetries: number;
  readRetryDelayMs: number;
  pageSize?: number;
}

const MAX_PAGES = 200;

export function createPlatform(options: PlatformOptions): PlatformCalls {
  const mId = options.merchantId;
  const base = `/v3/merchants/${mId}`;
  const pageSize = options.pageSize ?? 1000;

  async function get(path: string, query?: HttpRequest['query']): Promise<Extract<HttpOutcome, { kind: 'response' }>> {
    const req: HttpRequest = { role: 'api', method: 'GET', path, deadlineMs: options.deadlineMs, ...(query ? { query } : {}) };
    const out = await retryRead(() => options.requester.send(mId, req), options.readRetries, options.readRetryDelayMs);
    if (out.kind === 'response' && out.status === 404) return out;
    const failure = classifyFailure(out);
    if (failure) {
      const kind = failure.kind === 'cancelled' ? 'invalid' : failure.kind;
      throw new CloverRequestError(kind, `Clover ${path} failed: ${failure.message ?? failure.kind}`, failure.httpStatus, failure.code);
    }
    return out as Extract<HttpOutcome, { kind: 'response' }>;
  }

  function notFound(path: string): never {
    throw new CloverRequestError('not-found', `Clover ${path} not found`, 404);
  }

  function elements(json: unknown): unknown[] {
    if (!isRecord(json) || !Array.isArray(json.elements)) throw new CloverRequestError('unknown', 'Clover list response has no elements');
    return json.elements;
  }

  function payments(json: unknown): CloverPayment[] {
    const out: CloverPayment[] = [];
    for (const e of elements(json)) {
      const p = parsePayment(e);
      if (p) out.push(p);
      else options.logger.log('warn', 'clover v3 payment skipped: unreadable', { merchantId: mId });
    }
    return out;
  }

  return {
    async getMerchant() {
      const out = await get(base);
      if (out.status === 404) notFound(base);
      const j = isRecord(out.json) ? out.json : {};
      if (typeof j.id !== 'string' || typeof j.name !== 'string') throw new CloverRequestError('unknown', 'unreadable merchant');
      return { id: j.id, name: j.name };
    },

    async getMerchantProfile() {
      const merchant = await this.getMerchant();
      const props = await get(`${base}/properties`);
      const p = isRecord(props.json) ? props.json : {};
      const currency = typeof p.defaultCurrency === 'string' ? p.defaultCurrency.toUpperCase() : '';
      if (props.status !== 200 || !/^[A-Z]{3}$/.test(currency)) throw new CloverRequestError('unknown', 'Clover did not say which currency this merchant takes (merchant properties)');
      const addr = await get(`${base}/address`).catch(() => null);
      const a = addr?.status === 200 && isRecord(addr.json) ? addr.json : {};
      const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : null);
      const place = [text(a.city), [text(a.state), text(a.zip)].filter(Boolean).join(' ')].filter(Boolean).join(', ');
      const country = text(a.country)?.toUpperCase() ?? null;
      return {
        ...merchant,
        currency,
        country: country && /^[A-Z]{2}$/.test(country) ? country : null,
        address: [text(a.address1), text(a.address2), place || null].filter((l): l is string => Boolean(l)).slice(0, 4),
        phone: text(a.phoneNumber) ?? text(p.supportPhone),
      };
    },

    async listDevices() {
      const out = await get(`${base}/devices`);
      if (out.status === 404) notFound(`${base}/devices`);
      return elements(out.json).flatMap((d): CloverDevice[] => {
        if (!isRecord(d) || typeof d.id !== 'string' || typeof d.serial !== 'string') return [];
        return [{ id: d.id, serial: d.serial, ...(typeof d.name === 'string' ? { name: d.name } : {}), ...(typeof d.model === 'string' ? { model: d.model } : {}) }];
      });
    },

    async getPayment(paymentId) {
      const id = checkCloverId(paymentId, 'paymentId');
      const out = await get(`${base}/payments/${id}`, { expand: 'cardTransaction' });
      if (out.status === 404) return null;
      const p = parsePayment(out.json);
      if (!p) throw new CloverRequestError('unknown', 'unreadable payment');
      return p;
    },

    async findPaymentsByExternalId(externalPaymentId) {
      const ext = checkExternalPaymentId(externalPaymentId);
      const out = await get(`${base}/payments`, { filter: `externalPaymentId=${ext}`, expand: 'cardTransaction' });
      if (out.status === 404) return [];
      return payments(out.json);
    },

    async listPayments({ fromMs, toMs }) {
      if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs < 0 || toMs <= fromMs) {
        throw new CloverInputError('range', 'payment range needs integer epoch milliseconds with fromMs < toMs');
      }
      const all: CloverPayment[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await get(`${base}/payments`, {
          filter: [`createdTime>=${fromMs}`, `createdTime<${toMs}`],
          expand: 'cardTransaction',
          limit: String(pageSize),
          offset: String(page * pageSize),
        });
        if (out.status === 404) return all;
        const batch = elements(out.json);
        all.push(...payments(out.json));
        if (batch.length < pageSize) return all;
      }
      throw new CloverRequestError('unknown', `more than ${MAX_PAGES * pageSize} payments in the range; narrow it`);
    },
  };
}
