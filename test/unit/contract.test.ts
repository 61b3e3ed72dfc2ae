import { describe, expect, it } from 'vitest';
import { callSchemas } from '../../src/shared/contract/calls';
import { buildCounterApi, CALL_NAMES } from '../../src/shared/contract/counter-api';

describe('the contract', () => {
  it('lists every call exactly once, in the schema table and in the UI api', () => {
    expect([...CALL_NAMES].sort()).toEqual(Object.keys(callSchemas).sort());
    expect(new Set(CALL_NAMES).size).toBe(CALL_NAMES.length);
  });

  it('builds one slice per domain that forwards name and input', async () => {
    const seen: Array<[string, unknown]> = [];
    const api = buildCounterApi(async (name, input) => (seen.push([name, input]), { ok: true, value: null }), () => () => {});
    await api.sales.start({ amount: 100, funding: 'credit' });
    await api.app.info();
    expect(seen).toEqual([['sales.start', { amount: 100, funding: 'credit' }], ['app.info', {}]]);
    expect(() => api.on('nope' as never, () => {})).toThrow(/unknown event/);
  });

  it('schemas reject garbage: floats, negative amounts, extra fields, bad ids', () => {
    expect(callSchemas['sales.start'].safeParse({ amount: 12.5, funding: 'credit' }).success).toBe(false);
    expect(callSchemas['sales.start'].safeParse({ amount: -1, funding: 'credit' }).success).toBe(false);
    expect(callSchemas['sales.start'].safeParse({ amount: 100, funding: 'credit', extra: 1 }).success).toBe(false);
    expect(callSchemas['refunds.create'].safeParse({ saleId: '1' }).success).toBe(false);
    expect(callSchemas['recovery.force'].safeParse({ saleId: 1, outcome: 'approved', reason: '', managerPin: '1234' }).success).toBe(false);
    expect(callSchemas['sales.start'].safeParse({ amount: 100, funding: 'credit' }).success).toBe(true);
  });
});
