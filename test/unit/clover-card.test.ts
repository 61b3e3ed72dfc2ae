import { describe, expect, it } from 'vitest';
import { validateCard } from '../../src/clover/ecommerce/card';
import { CardValidationError } from '../../src/clover/errors';

const now = new Date(2026, 3, 15); // April 2026
const card = (over: Partial<{ number: string; expMonth: number | string; expYear: number | string; cvv: string }> = {}) => ({ number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvv: '123', ...over });

function fails(input: ReturnType<typeof card>, field: string): CardValidationError {
  try {
    validateCard(input, now);
  } catch (err) {
    expect(err).toBeInstanceOf(CardValidationError);
    expect((err as CardValidationError).field).toBe(field);
    const digits = input.number.replace(/\D/g, '');
    if (digits.length >= 6) expect((err as Error).message).not.toContain(digits);
    return err as CardValidationError;
  }
  throw new Error('expected a CardValidationError');
}

describe('clover keyed card validation', () => {
  it('detects the brands Clover accepts', () => {
    expect(validateCard(card(), now)).toMatchObject({ brand: 'VISA', last4: '4242', digits: '4242424242424242', expMonth: '12', expYear: '2030' });
    expect(validateCard(card({ number: '5424-1802-7333-3333' }), now).brand).toBe('MC');
    expect(validateCard(card({ number: '378282246310005', cvv: '1234' }), now).brand).toBe('AMEX');
    expect(validateCard(card({ number: '6011361000006668' }), now).brand).toBe('DISCOVER');
    expect(validateCard(card({ number: '30569309025904' }), now).brand).toBe('DINERS');
    expect(validateCard(card({ number: '3530111333300000' }), now).brand).toBe('JCB');
  });

  it('rejects bad numbers before anything else', () => {
    fails(card({ number: '4242424242424241' }), 'number'); // Luhn
    fails(card({ number: '424242424242' }), 'number'); // length
    fails(card({ number: '4242x42424242424' }), 'number');
    fails(card({ number: '' }), 'number');
    fails(card({ number: '9999999999999995' }), 'brand');
    fails(card({ number: '6759649826438453' }), 'brand'); // Maestro: not a Clover brand
  });

  it('checks the expiry: month 1-12, not in the past', () => {
    fails(card({ expMonth: 13 }), 'expiry');
    fails(card({ expMonth: 0 }), 'expiry');
    fails(card({ expYear: 1970 }), 'expiry');
    fails(card({ expMonth: 3, expYear: 2026 }), 'expiry');
    expect(validateCard(card({ expMonth: 4, expYear: 2026 }), now).expYear).toBe('2026');
    expect(validateCard(card({ expMonth: '1', expYear: '31' }), now)).toMatchObject({ expMonth: '01', expYear: '2031' });
    fails(card({ expYear: '203' }), 'expiry');
  });

  it('checks the CVV length for the brand', () => {
    fails(card({ cvv: '12' }), 'cvv');
    fails(card({ cvv: '1234' }), 'cvv');
    fails(card({ number: '378282246310005', cvv: '123' }), 'cvv');
    fails(card({ cvv: 'abc' }), 'cvv');
  });
});
