// GET {scl}/v1/charges/{id} (§5.2, listed by [3p]): what Clover says about a keyed charge right
// before it is refunded. Needed where the credential cannot read Platform v3 payments: an
// Ecommerce private key reaches only the merchant record there (§4 "Auth precedence observed").
import { classifyFailure } from '../classify';
import { CloverRequestError } from '../errors';
import type { AuthorizedRequester } from '../http/authorized';
import { retryRead } from '../http/read-retry';
import { isRecord } from '../http/response';
import { checkEcomId } from '../validate';

export interface ChargeBalance {
  chargeId: string;
  /** Charged amount, tip included, minor units. */
  amount: number;
  /** null when the answer did not say. */
  amountRefunded: number | null;
  paid: boolean;
  status?: string;
  /** Epoch ms. */
  created: number | null;
}

/** A charge found by the attempt id the till wrote into its description. */
export interface FoundCharge extends ChargeBalance {
  description: string | null;
  cardBrand: string | null;
  last4: string | null;
  authCode: string | null;
}

export interface ChargeReaderOptions {
  requester: AuthorizedRequester;
  deadlineMs: number;
  readRetries: number;
  readRetryDelayMs: number;
}

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);

export function createChargeReader(options: ChargeReaderOptions) {
  /** null when Clover has no such charge; throws CloverRequestError when it cannot be read. */
  async function read(merchantId: string, path: string): Promise<Record<string, unknown> | null> {
    const send = () => options.requester.send(merchantId, { role: 'ecommerce', method: 'GET', path, deadlineMs: options.deadlineMs });
    const out = await retryRead(send, options.readRetries, options.readRetryDelayMs);
    if (out.kind === 'response' && out.status === 404) return null;
    const failure = classifyFailure(out);
    if (failure) {
      const kind = failure.kind === 'cancelled' ? 'invalid' : failure.kind;
      throw new CloverRequestError(kind, `Clover ${path.split('?')[0]} failed: ${failure.message ?? failure.kind}`, failure.httpStatus, failure.code);
    }
    return out.kind === 'response' && isRecord(out.json) ? out.json : {};
  }

  return {
    /** null when Clover has no such charge; throws CloverRequestError when it cannot be read. */
    async getCharge(merchantId: string, chargeId: string): Promise<ChargeBalance | null> {
      const j = await read(merchantId, `/v1/charges/${checkEcomId(chargeId, 'chargeId')}`);
      if (!j) return null;
      const c = toBalance(j);
      if (!c) throw new CloverRequestError('unknown', 'unreadable charge');
      return c;
    },
    /**
     * The charges among the merchant's latest `limit` whose description holds `marker` (a keyed
     * attempt's externalPaymentId: Ecommerce cannot be searched by it, §5.2).
     */
    async findCharges(merchantId: string, marker: string, limit = 100): Promise<FoundCharge[]> {
      const j = await read(merchantId, `/v1/charges?limit=${Math.min(Math.max(limit, 1), 100)}`);
      const list = j && Array.isArray(j.data) ? j.data : Array.isArray(j?.elements) ? (j.elements as unknown[]) : [];
      const found: FoundCharge[] = [];
      for (const item of list) {
        if (!isRecord(item) || typeof item.description !== 'string' || !item.description.includes(marker)) continue;
        const c = toBalance(item);
        if (!c) continue;
        const source = isRecord(item.source) ? item.source : {};
        found.push({
          ...c,
          description: item.description,
          cardBrand: typeof source.brand === 'string' ? source.brand : null,
          last4: typeof source.last4 === 'string' ? source.last4 : null,
          authCode: typeof item.auth_code === 'string' ? item.auth_code : null,
        });
      }
      return found;
    },
  };
}

function toBalance(j: Record<string, unknown>): ChargeBalance | null {
  const amount = int(j.amount);
  if (typeof j.id !== 'string' || amount === undefined) return null;
  return {
    chargeId: j.id,
    amount,
    amountRefunded: int(j.amount_refunded) ?? null,
    paid: j.paid === true && j.status !== 'failed',
    ...(typeof j.status === 'string' ? { status: j.status } : {}),
    created: int(j.created) ?? null,
  };
}

export type ChargeReader = ReturnType<typeof createChargeReader>;
export type GetCharge = ChargeReader['getCharge'];
