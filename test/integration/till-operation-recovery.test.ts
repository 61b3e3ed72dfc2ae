// Refunds, voids and credits whose outcome is unknown are settled at start-up (or on
// `counter recover`): refunds and voids resent under their own key, credits left to a person.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCounterHandlers } from '../../src/till/api/counter-handlers';
import { dispatchCall } from '../../src/till/api/dispatch-call';
import { hashPin } from '../../src/till/refunds/manager-pin';
import { refundSale } from '../../src/till/refunds/refund-payment';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { recoverUnknownOutcomes } from '../../src/till/startup-recovery';
import { SERIAL, startTillHarness, type TillHarness } from '../support/till-harness';

let h: TillHarness;
beforeEach(async () => {
  h = await startTillHarness();
});
afterEach(async () => h.close());

const call = (name: string, input: unknown) => dispatchCall(createCounterHandlers(h.till), name, input);

describe('recovering refunds, voids and credits', () => {
  it('a refund whose answer was lost is resent under its key: refunded once', async () => {
    h.sim.control.script(SERIAL, { kind: 'approve' });
    const sale = await startTerminalSale(h.till, { amount: 5000, funding: 'credit' });
    h.sim.control.fault({ method: 'POST', path: /\/refunds$/, kind: 'drop-after-complete' });
    const refund = await refundSale(h.till, { saleId: sale.id, amount: 2000 }).catch((e) => e);
    expect(refund).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    const open = await call('recovery.operations', {});
    expect(open).toMatchObject({ ok: true, value: [{ kind: 'refund', state: 'unknown', amount: 2000 }] });
    await h.reopen();
    const report = await recoverUnknownOutcomes(h.till);
    expect(report).toMatchObject({ unresolved: 0, operations: [{ kind: 'refund', state: 'approved', amount: 2000 }] });
    const payment = h.sim.control.payments().find((p) => p.kind === 'payment' && p.amount === 5000);
    expect(payment?.refunds).toHaveLength(1);
    expect((await call('sales.get', { saleId: sale.id }))).toMatchObject({ ok: true, value: { refunded: 2000, refundable: 3000 } });
  });

  it('a credit whose answer was lost waits for a person, who settles it with a reason', async () => {
    const pinHash = await hashPin('2468');
    h.till.updateSettings((s) => void (s.managerPinHash = pinHash));
    h.sim.control.script(SERIAL, { kind: 'approve' });
    h.sim.control.fault({ method: 'POST', path: '/connect/v1/credits', kind: 'drop-after-complete' });
    await call('refunds.credit', { amount: 1500, managerPin: '2468', reason: 'goodwill gesture' });
    const report = await recoverUnknownOutcomes(h.till);
    expect(report.unresolved).toBe(1);
    expect(report.operations).toMatchObject([{ kind: 'credit', state: 'unknown' }]);
    const listed = (await call('recovery.operations', {})) as { ok: true; value: Array<{ id: number }> };
    const credit = listed.value[0];
    expect(await call('recovery.forceOperation', { kind: 'credit', id: credit!.id, outcome: 'approved', reason: 'seen on the Clover dashboard', managerPin: '2468' })).toMatchObject({ ok: true, value: { state: 'forced' } });
    expect(await call('recovery.operations', {})).toEqual({ ok: true, value: [] });
    expect(await call('recovery.forceOperation', { kind: 'credit', id: credit!.id, outcome: 'approved', reason: 'x', managerPin: '2468' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
