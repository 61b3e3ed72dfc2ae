import { describe, expect, it } from 'vitest';
import { callSchemas, type CounterHandlers } from '../../src/shared/contract/calls';
import { CARD_NUMBER_REFUSED, freeText } from '../../src/shared/contract/free-text';
import { dispatchCall } from '../../src/till/api/dispatch-call';

const CARD_TEXTS = ['card was 4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '4111.1111.1111.1111', '4111/1111/1111/1111', 'card4111111111111111x'];
const ORDINARY_TEXTS = ['customer changed her mind', 'Ann', 'Front desk', 'sale 1234 of 2026-05-02, INV/2026/00012', 'CLV:75MYGBEV8EM3Y'];

// Each free-text field a person types into, with a valid input around it.
const FIELDS = [
  // Force takes the manager PIN, not a typed name (issue 12): the reason is its only free text.
  { call: 'recovery.force', field: 'reason', input: { saleId: 1, outcome: 'approved', reason: 'terminal showed approved', managerPin: '1234' } },
  { call: 'recovery.forceOperation', field: 'reason', input: { kind: 'refund', id: 1, outcome: 'declined', reason: 'receipt says declined', managerPin: '1234' } },
  { call: 'refunds.credit', field: 'reason', input: { amount: 500, managerPin: '1234', reason: 'goodwill credit' } },
  { call: 'terminals.rename', field: 'name', input: { serial: 'C1', name: 'Front desk' } },
] as const;

describe('free text', () => {
  it('refuses text holding a card number, in any grouping, and keeps its length rules', () => {
    const reason = freeText(3, 500);
    for (const text of CARD_TEXTS) {
      const parsed = reason.safeParse(text);
      expect(parsed.success, text).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe(CARD_NUMBER_REFUSED);
    }
    expect(reason.safeParse('  ok  ').success).toBe(false); // trimmed to 2 characters
    expect(reason.safeParse('x'.repeat(501)).success).toBe(false);
  });

  it('lets ordinary text through, trimmed', () => {
    for (const text of ORDINARY_TEXTS) expect(freeText(1, 100).safeParse(text), text).toEqual({ success: true, data: text });
    expect(freeText(1, 100).parse('  Mia ')).toBe('Mia');
  });

  it('every free-text field of the contract refuses a card number and accepts ordinary text', () => {
    for (const { call, field, input } of FIELDS) {
      const schema = callSchemas[call];
      expect(schema.safeParse(input).success, `${call} ${field}`).toBe(true);
      for (const text of CARD_TEXTS) {
        const parsed = schema.safeParse({ ...input, [field]: text });
        expect(parsed.success, `${call} ${field} ${text}`).toBe(false);
        expect(parsed.error?.issues[0]).toMatchObject({ path: [field], message: CARD_NUMBER_REFUSED });
      }
    }
  });

  it('a call with a card number in its reason is answered with the message, and its handler never runs', async () => {
    const ran: string[] = [];
    const handlers = new Proxy({}, { get: (_, name) => async () => void ran.push(String(name)) }) as CounterHandlers;
    const result = await dispatchCall(handlers, 'refunds.credit', { amount: 500, managerPin: '1234', reason: 'card 4111 1111 1111 1111' });
    expect(result).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: `refunds.credit: reason: ${CARD_NUMBER_REFUSED}` } });
    expect(ran).toEqual([]);
    expect(await dispatchCall(handlers, 'refunds.credit', { amount: 500, managerPin: '1234', reason: 'goodwill credit' })).toEqual({ ok: true, value: undefined });
    expect(ran).toEqual(['refunds.credit']);
  });
});
