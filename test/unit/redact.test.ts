import { describe, expect, it } from 'vitest';
import { luhnValid, redact } from '../../src/shared/redact';
import { lineLogger } from '../../src/shared/logger';

describe('redact', () => {
  it('hides Luhn-valid card numbers in any spacing, keeping the last 4', () => {
    expect(redact('card 4242424242424242 ok')).toBe('card [PAN …4242] ok');
    expect(redact('card 4005 5717 0222 2222')).toBe('card [PAN …2222]');
    expect(redact('amex 3782-822463-10005')).toContain('[PAN …0005]');
  });

  it('hides mistyped card numbers too, and leaves ordinary numbers alone', () => {
    expect(redact('card 4242424242424241')).toBe('card [PAN …4241]');
    expect(redact('order 123456789012 total 1999')).toBe('order 123456789012 total 1999');
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('hides card numbers grouped by dots, slashes, double spaces or mixed separators, and glued to letters', () => {
    const cases: Array<[string, string]> = [
      ['card 4111.1111.1111.1111 ok', 'card [PAN …1111] ok'],
      ['card 4111  1111  1111  1111 ok', 'card [PAN …1111] ok'],
      ['card 4111/1111/1111/1111', 'card [PAN …1111]'],
      ['card 4111-1111.1111/1111 ok', 'card [PAN …1111] ok'],
      ['card 4111 - 1111 / 1111 . 1111', 'card [PAN …1111]'],
      ['card 4111\u00a01111\u20131111\t1111', 'card [PAN …1111]'],
      ['card4111111111111111x', 'card[PAN …1111]x'],
      ['ABC4111111111111111', 'ABC[PAN …1111]'],
      ['id4222222222222', 'id[PAN …2222]'],
      ['mistyped 4111.1111.1111.1112.', 'mistyped [PAN …1112].'],
      ['{"note":"4111/1111/1111/1111"}', '{"note":"[PAN …1111]"}'],
      // Longer than a card but grouped: a card may hide among the groups, so all of it goes.
      ['ref 1234 5678 4111 1111 1111 1111', 'ref [PAN …1111]'],
    ];
    for (const [text, shown] of cases) expect(redact(text), text).toBe(shown);
  });

  it('leaves ids, dates, amounts and short or unbroken long numbers alone', () => {
    for (const text of [
      'sale S0123ABCDEFGHJKMNPQRS ok',
      'op f47ac10b-58cc-4372-a567-0e02b2c3d479', // a UUID whose last groups run to 13 digits is cut, which is fine
      'at 2026-05-02T12:00:00.000Z',
      'day 2026-05-02 12:00:00.123',
      'INV/2026/00012 for 12.34 USD',
      'v1.2.3 from 10.0.0.1:8080',
      '4111.1111.1111',
      '4111    1111    1111', // gaps too wide to be one number, and 12 digits anyway
      'long id 42424242424242424242424',
      'M000000000000',
    ]) {
      expect(redact(text), text).toBe(text);
    }
  });

  it('hides bearer tokens and secret fields', () => {
    const out = redact('Authorization: Bearer eyJabc.def-ghi {"refresh_token":"r-123","apikey":"k1"}');
    expect(out).not.toMatch(/eyJabc|r-123|k1"/);
  });

  it('hides every secret field name in any case, and bearer tokens in any case (the quick pre-check misses none)', () => {
    const names = ['access_token', 'refresh_token', 'code_verifier', 'apikey', 'apiAccessKey', 'api_key', 'client_secret', 'authorization', 'password', 'cvv', 'number', 'card_number', 'token'];
    for (const name of names) {
      for (const shown of [name, name.toUpperCase()]) {
        expect(redact(`x ${shown}=S3CR3T y`), shown).toBe(`x ${shown}=[REDACTED] y`);
        expect(redact(`{"${shown}":"S3CR3T"}`), shown).not.toContain('S3CR3T');
      }
    }
    expect(redact('BEARER abc.DEF')).toBe('BEARER [REDACTED]');
    expect(redact('a 13-digit run 4222222222222 here')).toBe('a 13-digit run [PAN …2222] here');
    const plain = 'info webhook forwarded {"merchants":["M000000000000"],"status":200}';
    expect(redact(plain)).toBe(plain);
  });

  it('loggers write only redacted lines', () => {
    const lines: string[] = [];
    lineLogger((l) => lines.push(l)).log('info', 'tokenizing', { number: '4242 4242 4242 4242' });
    expect(lines.join('\n')).not.toContain('4242 4242 4242 4242');
  });
});
