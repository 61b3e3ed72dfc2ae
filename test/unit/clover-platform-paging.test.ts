import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/shared/logger';
import type { AuthorizedRequester } from '../../src/clover/http/authorized';
import type { HttpOutcome, HttpRequest } from '../../src/clover/http/transport';
import { createPlatform } from '../../src/clover/platform/client';

describe('clover v3 payment list', () => {
  it('pages with limit/offset and the createdTime range until a short page', async () => {
    const seen: HttpRequest[] = [];
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `P00000000000${i}`, amount: 100 + i, result: 'SUCCESS' }));
    const requester: AuthorizedRequester = {
      async send(_m, req): Promise<HttpOutcome> {
        seen.push(req);
        const offset = Number(req.query?.offset);
        const elements = rows.slice(offset, offset + 2);
        return { kind: 'response', status: 200, headers: {}, text: '', json: { elements } };
      },
      sendLimited: async () => Promise.reject(new Error('unused')),
    };
    const platform = createPlatform({ requester, merchantId: 'SIMMERCHANT01', logger: silentLogger, deadlineMs: 1000, readRetries: 0, readRetryDelayMs: 0, pageSize: 2 });
    const all = await platform.listPayments({ fromMs: 1000, toMs: 2000 });
    expect(all.map((p) => p.amount)).toEqual([100, 101, 102, 103, 104]);
    expect(seen.map((r) => r.query?.offset)).toEqual(['0', '2', '4']);
    expect(seen[0]?.query).toMatchObject({ filter: ['createdTime>=1000', 'createdTime<2000'], limit: '2', expand: 'cardTransaction' });
    expect(seen[0]?.path).toBe('/v3/merchants/SIMMERCHANT01/payments');
  });
});
