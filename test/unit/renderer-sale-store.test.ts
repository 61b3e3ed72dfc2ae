// The current-sale store and the rules the outcome panel is drawn from: which events belong
// to the attempt, which view of a sale is newest, and what "money moved" may say; and why Pay
// is off (including what the Clover credential in use cannot do).
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppInfoView, CloverCapabilitiesView, SaleView, TerminalView } from '../../src/shared/contract/views';
import { matchesAttempt, mergeSale, newAttempt, type Attempt } from '../../src/renderer/sale/attempt';
import { containsPan } from '../../src/shared/card-number';
import { OP_ID_PATTERN } from '../../src/shared/ids';
import { outcomeOf } from '../../src/renderer/sale/outcome';
import { payBlock } from '../../src/renderer/sale/pay-readiness';
import { credentialLimits, credentialNameKey } from '../../src/renderer/settings/credential-limits';
import { useSaleStore } from '../../src/renderer/stores/sale-store';
import { chooseTerminal } from '../../src/renderer/stores/terminal-store';

const T0 = 1_700_000_000_000;
const attempt: Attempt = { opId: 'ATTEMPT000000001', entry: 'terminal', amount: 1234, terminalSerial: 'C0SIM0000001', startedAt: T0 };

function view(over: Partial<SaleView> = {}): SaleView {
  return {
    id: 1, opId: attempt.opId, state: 'sent', moneyMoved: 'unknown', entry: 'terminal', amount: 1234, surcharge: 0, total: 1234, currency: 'USD', approvedAmount: null,
    remainder: 0, refunded: 0, refundable: 0, voided: false, cardBrand: null, cardLast4: null, authCode: null, cloverPaymentId: null,
    externalPaymentId: 'S1', terminalSerial: 'C0SIM0000001', cashier: 'c', target: { kind: 'walk_in' }, training: false, message: null,
    forcedReason: null, inProgress: null, problem: null, createdAt: T0 + 10, updatedAt: T0 + 10, ...over,
  };
}

function terminal(over: Partial<TerminalView> = {}): TerminalView {
  return { serial: 'C0SIM0000001', name: 'Counter 1', model: null, isDefault: false, connected: null, busy: false, blockedBySaleId: null, ...over };
}

describe('sale attempt matching', () => {
  it('accepts only the sale carrying this attempt’s id, however alike another looks', () => {
    expect(matchesAttempt(view(), attempt)).toBe(true);
    // The previous attempt: same amount, same terminal, a second earlier (its late event).
    expect(matchesAttempt(view({ id: 0, opId: 'EARLIER000000001', createdAt: T0 - 1_000 }), attempt)).toBe(false);
  });

  it('draws attempt ids the ledger accepts: 16 Crockford characters, never card-like, never the same', () => {
    const ids = Array.from({ length: 2_000 }, () => newAttempt('terminal', 100, null).opId);
    expect(ids.every((id) => OP_ID_PATTERN.test(id) && !containsPan(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never lets an older view overwrite a newer one', () => {
    const approved = view({ state: 'approved', moneyMoved: 'yes', updatedAt: T0 + 50 });
    expect(mergeSale(approved, view({ updatedAt: T0 + 20 })).state).toBe('approved');
    expect(mergeSale(approved, view({ state: 'sent', updatedAt: T0 + 50 })).state).toBe('approved');
    expect(mergeSale(view(), approved).state).toBe('approved');
  });
});

describe('sale store', () => {
  beforeEach(() => useSaleStore.getState().reset());

  it('follows the attempt from Pay to the answer', () => {
    const s = useSaleStore.getState();
    s.setAmountText('12.34');
    s.begin(attempt);
    expect(useSaleStore.getState().phase).toBe('waiting');
    s.observe(view({ id: 9, opId: 'ANQTHERATTEMPT01' })); // another attempt's sale, alike in all else
    expect(useSaleStore.getState().sale).toBeNull();
    s.observe(view({ id: 3 }));
    expect(useSaleStore.getState().sale?.id).toBe(3);
    s.observe(view({ id: 4 })); // a second sale cannot take over the attempt
    expect(useSaleStore.getState().sale?.id).toBe(3);
    s.finish({ ok: true, value: view({ id: 3, state: 'approved', moneyMoved: 'yes', updatedAt: T0 + 99 }) });
    expect(useSaleStore.getState()).toMatchObject({ phase: 'outcome', error: null });
    expect(useSaleStore.getState().sale?.state).toBe('approved');
  });

  it('ignores events while nothing is being paid', () => {
    useSaleStore.getState().observe(view());
    expect(useSaleStore.getState().sale).toBeNull();
  });

  it('keeps the document and funding when collecting a remainder, and forgets them on reset', () => {
    const s = useSaleStore.getState();
    s.setDocument({ kind: 'invoice', id: 1, number: 'INV/1', partner: 'Acme', amountTotal: 100, amountDue: 100, currency: 'USD', dueDate: null });
    s.setFunding('debit');
    s.begin(attempt);
    s.prepareRemainder('5.00');
    expect(useSaleStore.getState()).toMatchObject({ phase: 'entry', amountText: '5.00', funding: 'debit', sale: null, attempt: null });
    expect(useSaleStore.getState().document?.number).toBe('INV/1');
    s.reset();
    expect(useSaleStore.getState()).toMatchObject({ document: null, funding: 'credit', mode: 'terminal', amountText: '' });
  });
});

describe('outcome panel', () => {
  it('shows waiting from the moment Pay is pressed', () => {
    expect(outcomeOf('waiting', null, null)).toEqual({ kind: 'waiting', money: 'pending' });
    expect(outcomeOf('waiting', view({ state: 'journaled' }), null).kind).toBe('waiting');
  });

  it('takes money moved from the till’s own answer', () => {
    expect(outcomeOf('outcome', view({ state: 'approved', moneyMoved: 'yes' }), null)).toEqual({ kind: 'approved', money: 'yes' });
    expect(outcomeOf('outcome', view({ state: 'declined', moneyMoved: 'no' }), null)).toEqual({ kind: 'declined', money: 'no' });
    expect(outcomeOf('outcome', view({ state: 'forced', moneyMoved: 'no' }), null)).toEqual({ kind: 'forced', money: 'no' });
  });

  it('never says "no money moved" when the outcome is not known', () => {
    expect(outcomeOf('outcome', null, { code: 'OUTCOME_UNKNOWN', message: '' })).toEqual({ kind: 'unknown', money: 'unknown' });
    expect(outcomeOf('outcome', null, { code: 'INTERNAL', message: '' }).money).toBe('unknown');
    expect(outcomeOf('outcome', view({ state: 'unknown' }), { code: 'OUTCOME_UNKNOWN', message: '' }).money).toBe('unknown');
  });

  it('says busy, not cancelled, when the terminal was busy', () => {
    expect(outcomeOf('outcome', view({ state: 'cancelled', moneyMoved: 'no' }), { code: 'TERMINAL_BUSY', message: '' })).toEqual({ kind: 'busy', money: 'no' });
  });

  it('lets a resolved sale override the call’s error', () => {
    expect(outcomeOf('outcome', view({ state: 'approved', moneyMoved: 'yes' }), { code: 'OUTCOME_UNKNOWN', message: '' }).kind).toBe('approved');
    expect(outcomeOf('outcome', view({ state: 'declined', moneyMoved: 'no' }), { code: 'INTERNAL', message: '' }).kind).toBe('declined');
  });

  it('reports refusals before anything was sent as no money moved', () => {
    expect(outcomeOf('outcome', null, { code: 'REFUSED', message: '' })).toEqual({ kind: 'error', money: 'no' });
  });
});

describe('pay readiness', () => {
  const caps = (over: Partial<CloverCapabilitiesView>): CloverCapabilitiesView => ({ credential: 'oauth', terminal: true, platform: 'full', ecommerce: true, ...over });
  const withCaps = (over: Partial<CloverCapabilitiesView>) => ({ connected: true, ledgerOk: true, capabilities: caps(over) }) as AppInfoView;
  const info = withCaps({});
  it('says why Pay is off', () => {
    expect(payBlock({ amount: null, mode: 'terminal', terminal: terminal(), info })?.key).toBe('sale.blockedNoAmount');
    expect(payBlock({ amount: 100, mode: 'terminal', terminal: null, info })?.key).toBe('sale.blockedNoTerminal');
    expect(payBlock({ amount: 100, mode: 'terminal', terminal: terminal({ connected: false }), info })?.key).toBe('sale.blockedTerminalDown');
    expect(payBlock({ amount: 100, mode: 'terminal', terminal: terminal({ blockedBySaleId: 4 }), info })).toEqual({ key: 'sale.blockedUnresolved', vars: { id: 4 } });
    expect(payBlock({ amount: 100, mode: 'terminal', terminal: terminal(), info: { connected: false, ledgerOk: true } as never })?.key).toBe('sale.blockedClover');
    expect(payBlock({ amount: 100, mode: 'keyed', terminal: null, info, keyedAllowed: false })?.key).toBe('keyed.disabled');
  });

  it('lets a not-yet-pinged terminal charge (the till pings first)', () => {
    expect(payBlock({ amount: 100, mode: 'terminal', terminal: terminal({ connected: null }), info })).toBeNull();
    expect(payBlock({ amount: 100, mode: 'keyed', terminal: null, info, keyedAllowed: true })).toBeNull();
  });

  it('turns off what a legacy credential cannot do, before an amount is even entered', () => {
    const ecommerceKey = withCaps({ credential: 'ecommerce-key', terminal: false, platform: 'merchant-only', ecommerce: true });
    const merchantToken = withCaps({ credential: 'merchant-token', terminal: false, platform: 'full', ecommerce: false });
    expect(payBlock({ amount: null, mode: 'terminal', terminal: terminal(), info: ecommerceKey })?.key).toBe('sale.blockedCredentialTerminal');
    expect(payBlock({ amount: 100, mode: 'terminal', terminal: terminal({ connected: true }), info: merchantToken })?.key).toBe('sale.blockedCredentialTerminal');
    expect(payBlock({ amount: 100, mode: 'keyed', terminal: null, info: merchantToken, keyedAllowed: true })?.key).toBe('sale.blockedCredentialKeyed');
    // What the credential can do stays on.
    expect(payBlock({ amount: 100, mode: 'keyed', terminal: null, info: ecommerceKey, keyedAllowed: true })).toBeNull();
    // OAuth can do everything, even if a view said otherwise; no credential is "not connected".
    expect(payBlock({ amount: 100, mode: 'terminal', terminal: terminal(), info: withCaps({ credential: 'oauth', terminal: false, ecommerce: false }) })).toBeNull();
    expect(payBlock({ amount: 100, mode: 'terminal', terminal: terminal(), info: { ...withCaps({ credential: 'none', terminal: false }), connected: false } })?.key).toBe('sale.blockedClover');
  });
});

describe('credential limits in settings', () => {
  const caps = (over: Partial<CloverCapabilitiesView>): CloverCapabilitiesView => ({ credential: 'oauth', terminal: true, platform: 'full', ecommerce: true, ...over });
  it('lists one line per feature a legacy credential turns off, none for OAuth', () => {
    expect(credentialLimits(caps({}))).toEqual([]);
    expect(credentialLimits(caps({ credential: 'none', terminal: false, platform: 'none', ecommerce: false }))).toEqual([]);
    expect(credentialLimits(caps({ credential: 'ecommerce-key', terminal: false, platform: 'merchant-only' }))).toEqual(['settings.credentialOffTerminal', 'settings.credentialOffPlatform']);
    expect(credentialLimits(caps({ credential: 'merchant-token', terminal: false, ecommerce: false }))).toEqual(['settings.credentialOffTerminal', 'settings.credentialOffKeyed']);
    expect(credentialNameKey('ecommerce-key')).toBe('settings.credentialEcommerceKey');
  });
});

describe('terminal choice', () => {
  it('keeps the cashier’s choice, else the default, else the first', () => {
    const list = [terminal({ serial: 'A' }), terminal({ serial: 'B', isDefault: true })];
    expect(chooseTerminal(list, 'A')).toBe('A');
    expect(chooseTerminal(list, 'gone')).toBe('B');
    expect(chooseTerminal([terminal({ serial: 'A' })], null)).toBe('A');
    expect(chooseTerminal([], 'A')).toBeNull();
  });
});
