// The binding rule on its own: Odoo binds by itself only to a production merchant; anything else
// needs a manager, and a record taken elsewhere is held with the reason.
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../src/shared/settings';
import type { OutboxWork } from '../../src/sync';
import type { Till } from '../../src/till/create-till';
import { bindOdooIfUnbound, heldReason } from '../../src/till/odoo-binding';

function till(environment: 'simulator' | 'sandbox' | 'production', merchantId = 'REALSTORE0001', training = false): Till {
  let settings: Settings = defaultSettings();
  return {
    config: { cloverEnv: environment, training },
    merchantId: () => merchantId,
    settings: () => settings,
    updateSettings: (change: (s: Settings) => Settings | void) => {
      const draft = structuredClone(settings);
      return (settings = change(draft) ?? draft);
    },
    logger: { log: () => undefined },
  } as unknown as Till;
}

const payment = (origin: { environment: 'simulator' | 'sandbox' | 'production'; merchantId: string } | null) => ({ kind: 'payment', payment: { origin } }) as unknown as OutboxWork;

describe('Odoo binding', () => {
  it('binds by itself to a production merchant, never to the simulator, sandbox or a training till', () => {
    const prod = till('production');
    expect(bindOdooIfUnbound(prod)).toEqual({ environment: 'production', merchantId: 'REALSTORE0001' });
    expect(prod.settings().odoo.boundTo).toEqual({ environment: 'production', merchantId: 'REALSTORE0001' });
    for (const t of [till('sandbox'), till('simulator'), till('production', 'REALSTORE0001', true)]) {
      expect(bindOdooIfUnbound(t)).toBeNull();
      expect(t.settings().odoo.boundTo).toBeUndefined();
    }
  });

  it('holds what was taken elsewhere, with the reason; lets through what Odoo books and records older than origins', () => {
    const t = till('production');
    bindOdooIfUnbound(t);
    expect(heldReason(t, payment({ environment: 'production', merchantId: 'REALSTORE0001' }))).toBeNull();
    expect(heldReason(t, payment(null))).toBeNull();
    expect(heldReason(t, payment({ environment: 'sandbox', merchantId: 'TESTSTORE0001' }))).toMatch(/Taken on sandbox merchant TESTSTORE0001, but this Odoo books the money of production merchant REALSTORE0001: not sent/);
    expect(heldReason(till('sandbox'), payment({ environment: 'sandbox', merchantId: 'TESTSTORE0001' }))).toMatch(/test money is never sent to Odoo/);
  });
});
