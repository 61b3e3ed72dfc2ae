import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/clover/classify';
import { classifyEcom } from '../../src/clover/ecommerce/classify';
import type { HttpOutcome } from '../../src/clover/http/transport';
import { classifyPayment } from '../../src/clover/pay-display/classify-payment';

const res = (status: number, json?: unknown): HttpOutcome => ({ kind: 'response', status, headers: {}, text: json === undefined ? '' : JSON.stringify(json), json });
const ctx = { idempotencyKey: 'k-1', externalPaymentId: 'EXT0000000001' };
const payment = (over: Record<string, unknown> = {}) => ({ payment: { id: 'P000000000001', amount: 2000, externalPaymentId: 'EXT0000000001', result: 'SUCCESS', ...over } });

describe('clover response classification', () => {
  it('maps statuses onto the failure kinds of §3.5', () => {
    expect(classifyFailure(res(200, {}))).toBeNull();
    expect(classifyFailure(res(209, { message: 'cancelled' }))?.kind).toBe('cancelled');
    expect(classifyFailure(res(400, { message: 'bad amount' }))).toMatchObject({ kind: 'invalid', httpStatus: 400, message: 'bad amount' });
    expect(classifyFailure(res(415))?.kind).toBe('invalid');
    expect(classifyFailure(res(501))?.kind).toBe('invalid');
    expect(classifyFailure(res(401))?.kind).toBe('unauthorized');
    expect(classifyFailure(res(503))?.kind).toBe('busy');
    expect(classifyFailure(res(429))?.kind).toBe('busy');
    expect(classifyFailure(res(504))?.kind).toBe('timeout');
    expect(classifyFailure(res(500))).toMatchObject({ kind: 'unknown', cause: 'server-error' });
    expect(classifyFailure(res(502))).toMatchObject({ kind: 'unknown', cause: 'server-error' });
  });

  it('treats RESOURCE_CONFLICT as busy whatever the status (D4)', () => {
    expect(classifyFailure(res(400, { type: 'RESOURCE_CONFLICT', message: 'Conflicting request' }))?.kind).toBe('busy');
  });

  it('maps transport failures to unknown', () => {
    expect(classifyFailure({ kind: 'transport-error', cause: 'network', errorCode: 'UND_ERR_SOCKET' })).toMatchObject({ kind: 'unknown', cause: 'network', errorCode: 'UND_ERR_SOCKET' });
    expect(classifyFailure({ kind: 'transport-error', cause: 'timeout', errorCode: 'TimeoutError' })).toMatchObject({ kind: 'unknown', cause: 'client-timeout' });
  });

  it('reads payment results: approved, declined, open', () => {
    const ok = classifyPayment(res(200, payment()), 2000, ctx);
    expect(ok).toMatchObject({ kind: 'approved', idempotencyKey: 'k-1', externalPaymentId: 'EXT0000000001', value: { approvedAmount: 2000, requestedAmount: 2000, partial: false } });
    expect(classifyPayment(res(200, payment({ result: 'FAIL' })), 2000, ctx)).toMatchObject({ kind: 'declined', code: 'FAIL' });
    expect(classifyPayment(res(200, payment({ result: 'VOIDED' })), 2000, ctx).kind).toBe('declined');
    expect(classifyPayment(res(200, payment({ result: 'AUTH' })), 2000, ctx).kind).toBe('approved');
    expect(classifyPayment(res(200, payment({ result: 'INITIATED' })), 2000, ctx)).toMatchObject({ kind: 'unknown', cause: 'pending' });
  });

  it('reports partial approvals with requested vs approved amounts', () => {
    const body = payment({ amount: 1000, issues: { partialPayment: { actualAmount: 1000, requestedAmount: 2000 } } });
    expect(classifyPayment(res(200, body), 2000, ctx)).toMatchObject({ kind: 'approved', value: { partial: true, requestedAmount: 2000, approvedAmount: 1000 } });
  });

  it('accepts the old charge-style replay body (D7)', () => {
    const replay = { id: 'P000000000001', amount: 2000, paid: true, outcome: { type: 'authorized' }, metadata: { POTENTIAL_DUPLICATE: 'true' } };
    expect(classifyPayment(res(200, replay), 2000, ctx)).toMatchObject({ kind: 'approved', value: { approvedAmount: 2000 } });
    expect(classifyPayment(res(200, { ...replay, paid: false, outcome: { type: 'issuer_declined' } }), 2000, ctx).kind).toBe('declined');
  });

  it('never calls an unreadable 200 anything but unknown', () => {
    expect(classifyPayment(res(200, undefined), 2000, ctx)).toMatchObject({ kind: 'unknown', cause: 'unparseable', externalPaymentId: 'EXT0000000001' });
    expect(classifyPayment(res(200, { payment: { id: 'X' } }), 2000, ctx)).toMatchObject({ kind: 'unknown', cause: 'unparseable' });
  });

  it('refuses an answer that belongs to another attempt', () => {
    expect(classifyPayment(res(200, payment({ externalPaymentId: 'OTHER' })), 2000, ctx)).toMatchObject({ kind: 'unknown', cause: 'mismatch' });
  });

  it('keeps the externalPaymentId on every failure so the till can look it up', () => {
    for (const out of [res(500), res(503), res(504), res(209), { kind: 'transport-error', cause: 'network', errorCode: 'X' } as HttpOutcome]) {
      expect(classifyPayment(out, 2000, ctx)).toMatchObject({ externalPaymentId: 'EXT0000000001', idempotencyKey: 'k-1' });
    }
  });

  it('reads Ecommerce envelopes: 402 and card_error decline, bare {message} tolerated (D8)', () => {
    const read = () => ({ approved: 1 });
    expect(classifyEcom(res(402, { error: { type: 'card_error', code: 'card_declined', message: 'DECLINED', decline_code: 'do_not_honor' } }), { idempotencyKey: 'k' }, read)).toMatchObject({
      kind: 'declined',
      code: 'card_declined',
      declineCode: 'do_not_honor',
      message: 'DECLINED',
    });
    expect(classifyEcom(res(400, { error: { type: 'card_error', code: 'invalid_number' } }), { idempotencyKey: 'k' }, read).kind).toBe('declined');
    expect(classifyEcom(res(400, { message: 'Invalid JSON format' }), { idempotencyKey: 'k' }, read)).toMatchObject({ kind: 'invalid', message: 'Invalid JSON format' });
    expect(classifyEcom(res(200, {}), { idempotencyKey: 'k' }, read)).toMatchObject({ kind: 'approved', value: 1 });
  });

  it('redacts card numbers that a server echoes in a message', () => {
    const out = classifyFailure(res(400, { message: 'bad card 4242424242424242' }));
    expect(out?.message).not.toContain('4242424242424242');
  });
});
