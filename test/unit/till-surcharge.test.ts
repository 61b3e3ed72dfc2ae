import { describe, expect, it } from 'vitest';
import { quoteSurcharge, surchargeConfigSchema } from '../../src/till/surcharge';

const config = surchargeConfigSchema.parse({ enabled: true, ratesBps: { VISA: 300, AMEX: 350 }, defaultRateBps: 250, capMinor: 5000 });

describe('surcharge', () => {
  it('applies the brand rate with integer rounding', () => {
    expect(quoteSurcharge(10_000, { brand: 'VISA', funding: 'credit' }, config)).toMatchObject({ surcharge: 300, total: 10_300, rateBps: 300 });
    expect(quoteSurcharge(1_999, { brand: 'AMEX', funding: 'credit' }, config).surcharge).toBe(70); // 69.965 -> 70
    expect(quoteSurcharge(1_000, { brand: 'DISCOVER', funding: 'credit' }, config).surcharge).toBe(25);
  });

  it('never surcharges debit or prepaid cards', () => {
    expect(quoteSurcharge(10_000, { brand: 'VISA', funding: 'debit' }, config)).toMatchObject({ surcharge: 0, reason: 'debit' });
    expect(quoteSurcharge(10_000, { brand: 'VISA', funding: 'prepaid' }, config).surcharge).toBe(0);
  });

  it('caps the surcharge and can be disabled per location', () => {
    expect(quoteSurcharge(1_000_000, { brand: 'VISA', funding: 'credit' }, config).surcharge).toBe(5000);
    const off = surchargeConfigSchema.parse({ ...config, enabled: false });
    expect(quoteSurcharge(10_000, { brand: 'VISA', funding: 'credit' }, off)).toMatchObject({ surcharge: 0, reason: 'disabled' });
  });

  it('rejects bad amounts and bad config', () => {
    expect(() => quoteSurcharge(0, { funding: 'credit' }, config)).toThrow(RangeError);
    expect(() => quoteSurcharge(10.5, { funding: 'credit' }, config)).toThrow(RangeError);
    expect(surchargeConfigSchema.safeParse({ enabled: true, ratesBps: { VISA: 1000 } }).success).toBe(false);
    expect(surchargeConfigSchema.safeParse({ enabled: true, ratesBps: { VISA: 2.5 } }).success).toBe(false);
  });
});
