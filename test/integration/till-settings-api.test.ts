// settings.update through the contract gate: a patch changes only what it names. The surcharge
// and keyed entry are manager-only (test/integration/manager-gate.test.ts): the PIN goes along.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { hashPin } from '../../src/till/refunds/manager-pin';
import { startTillHarness, type TillHarness } from '../support/till-harness';

let h: TillHarness;
const PIN = '8642';
beforeAll(async () => {
  h = await startTillHarness();
  const hash = await hashPin(PIN);
  h.till.updateSettings((s) => void (s.managerPinHash = hash));
});
afterAll(async () => h.close());

const call = (name: string, input: unknown) => dispatchCall(createCounterHandlers(h.till), name, input);

describe('settings.update', () => {
  it('changes only the named section and field', async () => {
    const before = h.till.settings();
    expect(before.terminals).toHaveLength(2);
    const r = await call('settings.update', { language: 'fr-CA', surcharge: { enabled: true, defaultRateBps: 300 }, managerPin: PIN });
    expect(r).toMatchObject({ ok: true, value: { language: 'fr-CA', surcharge: { enabled: true, defaultRateBps: 300, ratesBps: {} } } });
    const after = h.till.settings();
    expect(after.terminals).toEqual(before.terminals);
    expect(after.odoo).toEqual(before.odoo);
  });

  it('refuses invalid values and unknown sections, writing nothing', async () => {
    const before = JSON.stringify(h.till.settings());
    expect(await call('settings.update', { surcharge: { defaultRateBps: 5000 }, managerPin: PIN })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('settings.update', { nonsense: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('settings.update', { currency: 'dollars', managerPin: PIN })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(JSON.stringify(h.till.settings())).toBe(before);
  });

  it('cannot rewrite the Clover connection', async () => {
    await call('settings.update', { clover: { merchantId: 'EVIL000000001', keyedEntry: 'app' }, managerPin: PIN });
    expect(h.till.settings().clover).toMatchObject({ keyedEntry: 'app' });
    expect(h.till.settings().clover.merchantId).not.toBe('EVIL000000001');
  });
});

describe('the manager PIN through the contract', () => {
  it('is never sent to the UI and cannot be overwritten through settings.update', async () => {
    expect(await call('settings.setManagerPin', { currentPin: PIN, newPin: '4242' })).toEqual({ ok: true, value: { saved: true } });
    const settings = (await call('settings.get', {})) as { ok: true; value: Record<string, unknown> };
    expect(settings.value).not.toHaveProperty('managerPinHash');
    const info = (await call('app.info', {})) as { ok: true; value: { managerPinSet: boolean; settings: Record<string, unknown> } };
    expect(info.value.managerPinSet).toBe(true);
    expect(info.value.settings).not.toHaveProperty('managerPinHash');
    const hash = h.till.settings().managerPinHash;
    expect(await call('settings.update', { managerPinHash: `${'0'.repeat(32)}:${'0'.repeat(64)}` })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(h.till.settings().managerPinHash).toBe(hash);
    expect(await call('settings.setManagerPin', { newPin: '1111' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(await call('settings.setManagerPin', { currentPin: '4242', newPin: '1111' })).toEqual({ ok: true, value: { saved: true } });
  });

  it('the Clover environment or hosts do not change while money taken under them is on its way', async () => {
    const sale = h.till.ledger.sales.journal({ externalPaymentId: 'SONITSWAY0000000001', idempotencyKey: 'k-on-its-way', target: { kind: 'walk_in' }, amount: 500, currency: 'USD', cashier: 'c', terminalSerial: 'C0SIM0000001' });
    const before = JSON.stringify(h.till.settings());
    expect(await call('settings.update', { clover: { apiUrl: 'https://api.clover.com' }, managerPin: PIN })).toMatchObject({
      ok: false,
      error: { code: 'REFUSED', message: expect.stringContaining('Changing clover.apiUrl is refused while this till has 1 sale(s) or refund(s) whose outcome is not settled') },
    });
    expect(JSON.stringify(h.till.settings())).toBe(before);
    h.till.ledger.sales.recordOutcome(sale.id, { result: 'cancelled', reason: 'never sent' });
    expect(await call('settings.update', { language: 'en', managerPin: PIN })).toMatchObject({ ok: true }); // other settings are never held up
  });
});
