// settings.update through the contract gate: a patch changes only what it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { startTillHarness, type TillHarness } from '../support/till-harness';

let h: TillHarness;
beforeAll(async () => {
  h = await startTillHarness();
});
afterAll(async () => h.close());

const call = (name: string, input: unknown) => dispatchCall(createCounterHandlers(h.till), name, input);

describe('settings.update', () => {
  it('changes only the named section and field', async () => {
    const before = h.till.settings();
    expect(before.terminals).toHaveLength(2);
    const r = await call('settings.update', { language: 'fr-CA', surcharge: { enabled: true, defaultRateBps: 300 } });
    expect(r).toMatchObject({ ok: true, value: { language: 'fr-CA', surcharge: { enabled: true, defaultRateBps: 300, ratesBps: {} } } });
    const after = h.till.settings();
    expect(after.terminals).toEqual(before.terminals);
    expect(after.odoo).toEqual(before.odoo);
  });

  it('refuses invalid values and unknown sections, writing nothing', async () => {
    const before = JSON.stringify(h.till.settings());
    expect(await call('settings.update', { surcharge: { defaultRateBps: 5000 } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('settings.update', { nonsense: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('settings.update', { currency: 'dollars' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(JSON.stringify(h.till.settings())).toBe(before);
  });

  it('cannot rewrite the Clover connection', async () => {
    await call('settings.update', { clover: { merchantId: 'EVIL000000001', keyedEntry: 'app' } });
    expect(h.till.settings().clover).toMatchObject({ keyedEntry: 'app' });
    expect(h.till.settings().clover.merchantId).not.toBe('EVIL000000001');
  });
});
