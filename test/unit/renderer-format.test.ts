// Money and dates by locale with Intl; amounts typed by cashiers parsed without floats.
import { describe, expect, it } from 'vitest';
import { bpsToInput, dayBounds, formatAge, formatMoney, formatTime, formatRate, localDay, minorDigits, minorToInput, parseAmount, parseRateBps } from '../../src/renderer/i18n/format';
import { localeFor } from '../../src/renderer/i18n/translate';

const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('renderer formatting', () => {
  it('formats minor units as money per locale', () => {
    expect(formatMoney(1234, 'USD', 'en-US')).toBe('$12.34');
    expect(spaces(formatMoney(1234, 'CAD', 'fr-CA'))).toBe('12,34 $');
    expect(spaces(formatMoney(123456, 'USD', 'fr-CA'))).toBe('1 234,56 $ US');
    expect(formatMoney(-500, 'USD', 'en-US')).toBe('-$5.00');
    expect(minorDigits('JPY')).toBe(0);
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
  });

  it('maps languages to locales', () => {
    expect(localeFor('en')).toBe('en-US');
    expect(localeFor('fr-CA')).toBe('fr-CA');
  });

  it('parses what a cashier types into minor units', () => {
    expect(parseAmount('12.34')).toBe(1234);
    expect(parseAmount('12,34')).toBe(1234);
    expect(parseAmount(' $12.3 ')).toBe(1230);
    expect(parseAmount('12,34 $')).toBe(1234);
    expect(parseAmount('120')).toBe(12000);
    expect(parseAmount('0')).toBeNull();
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('1.234')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
    expect(parseAmount('1e3')).toBeNull();
    expect(parseAmount('0.1')).toBe(10); // never 0.1 * 100 = 10.000000000000002
  });

  it('puts amounts back in a field the way the locale writes them', () => {
    expect(minorToInput(12000, 'en-US')).toBe('120.00');
    expect(minorToInput(7550, 'fr-CA')).toBe('75,50');
  });

  it('handles surcharge rates as basis points', () => {
    expect(parseRateBps('3')).toBe(300);
    expect(parseRateBps('3,5 %')).toBe(350);
    expect(parseRateBps('0')).toBe(0);
    expect(parseRateBps('abc')).toBeNull();
    expect(bpsToInput(350, 'fr-CA')).toBe('3,5');
    expect(formatRate(300, 'en-US')).toBe('3%');
  });

  it('formats ages in the largest sensible unit', () => {
    expect(formatAge(45_000, 'en-US')).toBe('45 sec');
    expect(formatAge(7 * 60_000, 'en-US')).toBe('7 min');
    expect(formatAge(3 * 3_600_000, 'en-US')).toBe('3 hr');
    expect(spaces(formatAge(7 * 60_000, 'fr-CA'))).toBe('7 min');
  });

  it('formats a time of day for "in progress until"', () => {
    const at = new Date(2026, 10, 28, 15, 41).getTime();
    expect(spaces(formatTime(at, 'en-US'))).toBe('3:41 PM');
    expect(spaces(formatTime(at, 'fr-CA'))).toBe('15 h 41');
  });

  it('turns a local day into epoch bounds and back', () => {
    const [start, end] = dayBounds('2026-05-01')!;
    expect(localDay(start)).toBe('2026-05-01');
    expect(localDay(end)).toBe('2026-05-02');
    expect(localDay(end - 1)).toBe('2026-05-01');
    expect(dayBounds('May 1')).toBeNull();
  });
});
