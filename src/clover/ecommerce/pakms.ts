// The PAKMS public key (`apiAccessKey`) that tokenization needs. Per merchant+app and it never
// expires (§5.1), so it is fetched once and kept in the SecretStore (plus memory).
import type { Logger } from '../../shared/logger';
import type { SecretStore } from '../../shared/secret-store';
import { classifyFailure } from '../classify';
import { CloverRequestError } from '../errors';
import type { AuthorizedRequester } from '../http/authorized';
import { isRecord } from '../http/response';

export interface PakmsKeys {
  get(merchantId: string): Promise<string>;
  /** After the tokenizer refused the key: drop it so the next `get` fetches it again. */
  invalidate(merchantId: string): Promise<void>;
}

export interface PakmsOptions {
  requester: AuthorizedRequester;
  store: SecretStore;
  appId: string;
  logger: Logger;
  deadlineMs: number;
}

export const pakmsStoreKey = (appId: string, merchantId: string): string => `clover:pakms:${appId}:${merchantId}`;

export function createPakmsKeys(options: PakmsOptions): PakmsKeys {
  const memory = new Map<string, string>();
  const inFlight = new Map<string, Promise<string>>();

  async function load(merchantId: string): Promise<string> {
    const stored = await options.store.get(pakmsStoreKey(options.appId, merchantId));
    if (stored) return stored;
    const out = await options.requester.send(merchantId, { role: 'ecommerce', method: 'GET', path: '/pakms/apikey', deadlineMs: options.deadlineMs });
    const failure = classifyFailure(out);
    if (failure) {
      const kind = failure.kind === 'cancelled' ? 'invalid' : failure.kind;
      throw new CloverRequestError(kind, `Clover PAKMS key request failed: ${failure.message ?? failure.kind}`, failure.httpStatus, failure.code);
    }
    const key = out.kind === 'response' && isRecord(out.json) ? out.json.apiAccessKey : undefined;
    if (typeof key !== 'string' || key === '') throw new CloverRequestError('unknown', 'Clover PAKMS response has no apiAccessKey');
    await options.store.set(pakmsStoreKey(options.appId, merchantId), key);
    options.logger.log('info', 'clover pakms key fetched', { merchantId });
    return key;
  }

  return {
    async get(merchantId) {
      const cached = memory.get(merchantId);
      if (cached) return cached;
      let running = inFlight.get(merchantId);
      if (!running) {
        running = load(merchantId).finally(() => inFlight.delete(merchantId));
        inFlight.set(merchantId, running);
      }
      const key = await running;
      memory.set(merchantId, key);
      return key;
    },
    async invalidate(merchantId) {
      memory.delete(merchantId);
      await options.store.delete(pakmsStoreKey(options.appId, merchantId));
    },
  };
}
