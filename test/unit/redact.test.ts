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
