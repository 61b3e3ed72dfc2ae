import { describe, expect, it } from 'vitest';
import { assertChargeableAmount, formatMinor, MoneyError, parseMajor } from '../../src/shared/money';

describe('money', () => {
  it('parses decimal major units into integer minor units without floats', () => {
    expect(parseMajor('12.34')).toBe(1234);
    expect(parseMajor('0.1')).toBe(10);
    expect(parseMajor('19.99')).toBe(1999);
    expect(parseMajor(' 7 ')).toBe(700);
  });

  it('rejects anything that is not a plain positive decimal', () => {
    for (const bad of ['', '-1', '1e3', '1,000.00', '12.345', 'abc', '.5', '1.', 'NaN', '0x10']) {
      expect(() => parseMajor(bad), bad).toThrow(MoneyError);
    }
  });

  it('formats minor units back', () => {
    expect(formatMinor(1234)).toBe('12.34');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(-250)).toBe('-2.50');
  });

  it('refuses zero, negative, fractional and too large charge amounts', () => {
    expect(() => assertChargeableAmount(0)).toThrow(/greater than zero/);
    expect(() => assertChargeableAmount(-5)).toThrow(/greater than zero/);
    expect(() => assertChargeableAmount(1.5)).toThrow(/whole number/);
    expect(() => assertChargeableAmount(1_000_000_000)).toThrow(/too large/);
    expect(() => assertChargeableAmount(999_999_999)).not.toThrow();
  });
});
