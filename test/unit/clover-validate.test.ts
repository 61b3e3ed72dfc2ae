import { describe, expect, it } from 'vitest';
import { CloverInputError } from '../../src/clover/errors';
import { checkAmount, checkCloverId, checkDeviceSerial, checkExternalPaymentId, checkIdempotencyKey, checkOptionalMinor, checkVoidReason } from '../../src/clover/validate';

function field(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CloverInputError);
    return (err as CloverInputError).field;
  }
  throw new Error('no error');
}

describe('clover input checks', () => {
  it('accepts only whole positive cents up to Clover’s maximum', () => {
    expect(checkAmount(1)).toBe(1);
    expect(checkAmount(999_999_999)).toBe(999_999_999);
    for (const bad of [0, -5, 12.5, 1_000_000_000, Number.NaN, '100', undefined]) expect(field(() => checkAmount(bad))).toBe('amount');
    expect(checkOptionalMinor(0, 'tipAmount')).toBe(0);
    expect(field(() => checkOptionalMinor(-1, 'tipAmount'))).toBe('tipAmount');
  });

  it('checks ids, keys and serials', () => {
    expect(checkExternalPaymentId('SALE-2026-0001')).toBe('SALE-2026-0001');
    expect(field(() => checkExternalPaymentId('x'.repeat(33)))).toBe('externalPaymentId');
    expect(field(() => checkExternalPaymentId(''))).toBe('externalPaymentId');
    expect(field(() => checkExternalPaymentId('a/b'))).toBe('externalPaymentId');
    expect(field(() => checkIdempotencyKey(undefined))).toBe('idempotencyKey');
    expect(field(() => checkIdempotencyKey('has space'))).toBe('idempotencyKey');
    expect(checkIdempotencyKey('0b6f3c9e-8f5e-4d0a-9c1a-6b1e7d2a4f00')).toBeTruthy();
    expect(field(() => checkDeviceSerial(''))).toBe('deviceSerial');
    expect(checkCloverId('SIMMERCHANT01', 'merchantId')).toBe('SIMMERCHANT01');
    expect(field(() => checkCloverId('short', 'paymentId'))).toBe('paymentId');
  });

  it('knows the VoidReason enum', () => {
    expect(checkVoidReason('USER_CANCEL')).toBe('USER_CANCEL');
    expect(field(() => checkVoidReason('BECAUSE'))).toBe('voidReason');
  });
});
