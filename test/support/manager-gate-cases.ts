// Who may change what (issue 12), one scenario for every way a screen reaches the till (the web
// bridge over HTTP, Electron's IPC wrapper): every manager-only call is refused with no manager
// PIN set yet, without the PIN and with a wrong one (nothing written), and done with the right
// one. Force and acknowledge record the manager's role. Each test file gives its transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacySecretKey } from '../../src/clover';
import { MANAGER_ROLE } from '../../src/till/manager-gate';
import { SERIAL, SERIAL_2, startTillHarness, type TillHarness } from './till-harness';

export type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
export type Call = (name: string, body: Record<string, unknown>) => Promise<Answer>;
export interface Transport {
  call: Call;
  close(): Promise<void>;
}

const PIN = '2580';
const M = 'SIMMERCHANT01';
const SOME_SECRET = 'dashboard-token-000000';

export function describeManagerGate(transportName: string, open: (h: TillHarness) => Promise<Transport>): void {
  let h: TillHarness;
  let transport: Transport;
  beforeAll(async () => {
    h = await startTillHarness();
    transport = await open(h);
  });
  afterAll(async () => {
    await transport?.close();
    await h?.close();
  });
  const call: Call = (n, body) => transport.call(n, body);

  /** What the calls below could change: settings, the Clover and Odoo secrets, the ledger's records. */
  async function written() {
    const { managerPinHash: _pin, ...settings } = h.till.settings();
    return {
      settings,
      odooKey: await h.secrets.get('odoo.apiKey'),
      legacyToken: await h.secrets.get(legacySecretKey('merchant-token', M)),
      sales: h.till.ledger.sales.list({ since: 0, limit: 100 }).map((s) => [s.id, s.state, s.forcedBy]),
      problems: h.till.ledger.sales.withProblems().map((s) => s.id),
      credits: JSON.stringify(h.till.ledger.credits.unresolved()),
    };
  }

  /** Refused without the PIN and with a wrong one (nothing written), then answered with the right one. */
  async function gated(name: string, input: Record<string, unknown>, names: RegExp): Promise<Answer> {
    const before = await written();
    const missing = await call(name, input);
    expect(missing, `${name} without the PIN`).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringMatching(/needs the manager PIN\.$/) } });
    expect((missing as { error: { message: string } }).error.message, name).toMatch(names);
    const wrong = await call(name, { ...input, managerPin: '0000' });
    expect(wrong, `${name} with a wrong PIN`).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringMatching(/needs the manager PIN: wrong manager PIN/) } });
    expect(await written(), `${name}: nothing written`).toEqual(before);
    return call(name, { ...input, managerPin: PIN });
  }

  describe(`manager-only calls ${transportName}`, () => {
    it('with no manager PIN yet, every one is refused ("set a manager PIN first"), PIN given or not', async () => {
      const before = await written();
      const calls: Array<[string, Record<string, unknown>]> = [
        ['settings.update', { surcharge: { enabled: true, defaultRateBps: 250 } }],
        ['settings.setOdooKey', { key: 'odoo-key-000001' }],
        ['clover.connect', {}],
        ['clover.disconnect', {}],
        ['clover.setLegacyCredential', { kind: 'merchant-token', merchantId: M, secret: SOME_SECRET }],
        ['recovery.force', { saleId: 1, outcome: 'declined', reason: 'customer left' }],
        ['recovery.forceOperation', { kind: 'credit', id: 1, outcome: 'declined', reason: 'customer left' }],
        ['recovery.acknowledge', { kind: 'sale', id: 1 }],
      ];
      for (const [name, input] of calls) {
        for (const body of [input, { ...input, managerPin: '1234' }]) {
          expect(await call(name, body), name).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining('set a manager PIN first') } });
        }
      }
      expect(await written()).toEqual(before);
      // The first PIN needs none (there is none yet); from then on it is required.
      expect(await call('settings.setManagerPin', { newPin: PIN })).toEqual({ ok: true, value: { saved: true } });
    });

    it('settings: only the manager-only ones need the PIN; turning training on does not, off does', async () => {
      expect(await call('settings.update', { language: 'fr-CA', printer: { type: 'network', url: 'tcp://10.0.0.9:9100' } })).toMatchObject({ ok: true, value: { language: 'fr-CA' } });
      expect(await call('settings.update', { training: true })).toMatchObject({ ok: true, value: { training: true } });
      expect(await gated('settings.update', { training: false }, /^Changing training mode \(turning it off\) needs/)).toMatchObject({ ok: true, value: { training: false } });

      const surcharge = await gated('settings.update', { surcharge: { enabled: true, defaultRateBps: 250 }, language: 'en' }, /^Changing the surcharge needs/);
      expect(surcharge).toMatchObject({ ok: true, value: { surcharge: { enabled: true, defaultRateBps: 250 }, language: 'en' } });
      const several = await gated('settings.update', { clover: { keyedEntry: 'app', apiUrl: 'https://proxy.example.test' }, currency: 'CAD', odoo: { url: 'https://odoo.example.test' } }, /the Clover API address, keyed card entry, the Odoo settings, the currency/);
      expect(several).toMatchObject({ ok: true, value: { clover: { keyedEntry: 'app', apiUrl: 'https://proxy.example.test' }, currency: 'CAD', odoo: { url: 'https://odoo.example.test' } } });
      // The whole settings sent back unchanged (as the screen does) is no manager-only change.
      const all = (await call('settings.get', {})) as { ok: true; value: Record<string, unknown> };
      expect(await call('settings.update', { ...all.value, language: 'fr-CA' })).toMatchObject({ ok: true, value: { language: 'fr-CA' } });
    });

    it('settings: moving to production with plain http hosts is refused even with the PIN', async () => {
      const before = await written();
      for (const change of [{ clover: { environment: 'production', apiUrl: 'http://clover.example.test' } }, { clover: { environment: 'production' }, odoo: { url: 'http://odoo.example.test' } }]) {
        expect(await call('settings.update', { ...change, managerPin: PIN })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('production needs https') } });
      }
      expect(await written()).toEqual(before);
    });

    it('the Odoo API key', async () => {
      expect(await gated('settings.setOdooKey', { key: 'odoo-key-000001' }, /^Saving the Odoo API key/)).toEqual({ ok: true, value: { saved: true } });
      expect(await h.secrets.get('odoo.apiKey')).toBe('odoo-key-000001');
    });

    it('Clover: disconnect, a dashboard token, connect', async () => {
      expect(h.till.merchantId()).toBe(M);
      expect(await gated('clover.disconnect', {}, /^Disconnecting Clover/)).toEqual({ ok: true, value: { disconnected: true } });
      expect(h.till.merchantId()).toBeNull();

      const token = h.sim.control.issueLegacyToken('merchant-token', M);
      expect(await gated('clover.setLegacyCredential', { kind: 'merchant-token', merchantId: M, secret: token }, /^Saving a Clover API token or Ecommerce key/)).toMatchObject({ ok: true, value: { merchantId: M } });
      expect(await h.secrets.get(legacySecretKey('merchant-token', M))).toBe(token);

      const exchanges = h.sim.control.counters().tokenExchanges;
      expect(await gated('clover.connect', {}, /^Connecting Clover/)).toMatchObject({ ok: true });
      await expect.poll(() => h.sim.control.counters().tokenExchanges).toBe(exchanges + 1);
      await expect.poll(async () => h.till.clover.credentials.kind(M)).toBe('oauth');
    });

    it('Force records the manager role, not a name', async () => {
      const sale = h.till.ledger.sales.journal({ externalPaymentId: 'SGATEFORCE000001', idempotencyKey: 'k-gate-force', target: { kind: 'walk_in' }, amount: 1234, currency: 'USD', cashier: 'c', terminalSerial: SERIAL });
      h.till.ledger.sales.markSent(sale.id, { owner: 'gone/none/1', until: 0, answerBy: 0 });
      const forced = await gated('recovery.force', { saleId: sale.id, outcome: 'declined', reason: 'customer left' }, /^Settling by hand/);
      expect(forced).toMatchObject({ ok: true, value: { state: 'forced' } });
      expect(h.till.ledger.sales.get(sale.id)).toMatchObject({ state: 'forced', forcedBy: MANAGER_ROLE });
      // A typed name is no longer taken at all.
      expect(await call('recovery.force', { saleId: sale.id, outcome: 'declined', reason: 'customer left', manager: 'Mia', managerPin: PIN })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    });

    it('Force of a credit records the manager role', async () => {
      h.sim.control.script(SERIAL, { kind: 'approve' });
      h.sim.control.fault({ method: 'POST', path: '/connect/v1/credits', kind: 'drop-after-complete' });
      expect(await call('refunds.credit', { amount: 700, managerPin: PIN, reason: 'goodwill gesture' })).toMatchObject({ ok: false, error: { code: 'OUTCOME_UNKNOWN' } });
      const [credit] = h.till.ledger.credits.unresolved();
      const forced = await gated('recovery.forceOperation', { kind: 'credit', id: credit!.id, outcome: 'approved', reason: 'seen on the Clover dashboard' }, /^Settling by hand/);
      expect(forced).toMatchObject({ ok: true, value: { state: 'forced' } });
      expect(h.till.ledger.credits.get(credit!.id)).toMatchObject({ state: 'forced', forcedBy: MANAGER_ROLE });
    });

    it('acknowledging an approved-late or flagged record', async () => {
      // A payment Clover approved for more than the sale asked: recorded, and flagged for a manager.
      const sale = h.till.ledger.sales.journal({ externalPaymentId: 'SGATEOVER0000001', idempotencyKey: 'k-gate-over', target: { kind: 'walk_in' }, amount: 500, currency: 'USD', cashier: 'c', terminalSerial: SERIAL_2 });
      h.till.ledger.sales.markSent(sale.id, { owner: 'gone/none/1', until: 0, answerBy: 0 });
      h.sim.control.script(SERIAL_2, { kind: 'approve', last4: '4242', cardType: 'VISA' });
      await h.till.merchant().payDisplay(SERIAL_2).sale({ amount: 900, externalPaymentId: sale.externalPaymentId, idempotencyKey: 'clover-gate-over' });
      expect(await call('recovery.resolve', { saleId: sale.id })).toMatchObject({ ok: true, value: { problem: expect.stringContaining('more than') } });
      expect(await gated('recovery.acknowledge', { kind: 'sale', id: sale.id }, /^Acknowledging a problem/)).toEqual({ ok: true, value: { acknowledged: true } });
      expect(await call('recovery.problems', {})).toEqual({ ok: true, value: { sales: [], operations: [] } });
    });

    it('five wrong PINs lock every manager-only call, the right PIN too, for five minutes', async () => {
      for (let i = 0; i < 5; i++) expect(await call('clover.disconnect', { managerPin: '0000' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
      expect(await call('clover.disconnect', { managerPin: PIN })).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining('too many wrong manager PINs') } });
      expect(h.till.merchantId()).toBe(M);
      h.till.ledger.pinFailures.clear(); // (five minutes later)
    });
  });
}
