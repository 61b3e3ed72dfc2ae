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

export interface ChargeReaderOptions {
  requester: AuthorizedRequester;
  deadlineMs: number;
  readRetries: number;
  readRetryDelayMs: number;
}

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);

export function createChargeReader(options: ChargeReaderOptions) {
  /** null when Clover has no such charge; throws CloverRequestError when it cannot be read. */
  return async function getCharge(merchantId: string, chargeId: string): Promise<ChargeBalance | null> {
    const path = `/v1/charges/${checkEcomId(chargeId, 'chargeId')}`;
    const send = () => options.requester.send(merchantId, { role: 'ecommerce', method: 'GET', path, deadlineMs: options.deadlineMs });
    const out = await retryRead(send, options.readRetries, options.readRetryDelayMs);
    if (out.kind === 'response' && out.status === 404) return null;
    const failure = classifyFailure(out);
    if (failure) {
      const kind = failure.kind === 'cancelled' ? 'invalid' : failure.kind;
      throw new CloverRequestError(kind, `Clover ${path} failed: ${failure.message ?? failure.kind}`, failure.httpStatus, failure.code);
    }
    const j = out.kind === 'response' && isRecord(out.json) ? out.json : {};
    const amount = int(j.amount);
    if (typeof j.id !== 'string' || amount === undefined) throw new CloverRequestError('unknown', 'unreadable charge');
    return {
      chargeId: j.id,
      amount,
      amountRefunded: int(j.amount_refunded) ?? null,
      paid: j.paid === true && j.status !== 'failed',
      ...(typeof j.status === 'string' ? { status: j.status } : {}),
      created: int(j.created) ?? null,
    };
  };
}

export type GetCharge = ReturnType<typeof createChargeReader>;
