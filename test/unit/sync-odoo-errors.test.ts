import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/sync/odoo/client';
import { loadOdooConfig, OdooConfigError } from '../../src/sync/odoo/config';
import { classifyStatus, OdooError, parseRetryAfter, stopReason } from '../../src/sync/odoo/errors';

describe('Odoo error classification (odoo-erp.md §11)', () => {
  it.each([
    [409, 'retryable'],
    [429, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
    [504, 'retryable'],
    [422, 'permanent'],
    [400, 'permanent'],
    [401, 'stop'],
    [403, 'stop'],
    [404, 'stop'],
    [405, 'stop'],
    [415, 'stop'],
  ])('%i -> %s', (status, cls) => {
    expect(classifyStatus(status, null, 'x').errorClass).toBe(cls);
  });

  it('a 500 is retryable; only a concurrency conflict is free of the park-after-3 rule', () => {
    expect(classifyStatus(500, 'builtins.RuntimeError', 'boom')).toEqual({ errorClass: 'retryable', serverError: true });
    expect(classifyStatus(500, 'psycopg2.errors.SerializationFailure', 'could not serialize access')).toEqual({ errorClass: 'retryable', serverError: false });
    expect(classifyStatus(422, null, 'duplicate key value violates unique constraint').errorClass).toBe('duplicate');
  });

  it('reads both error body shapes', () => {
    expect(parseErrorBody('{"name":"odoo.exceptions.UserError","message":"nothing left to pay","arguments":["nothing left to pay"],"debug":"Traceback..."}')).toEqual({
      name: 'odoo.exceptions.UserError',
      message: 'nothing left to pay',
      debug: 'Traceback...',
    });
    expect(parseErrorBody('"Invalid apikey"')).toEqual({ name: null, message: 'Invalid apikey', debug: null });
    expect(parseErrorBody('<html>Bad gateway</html>')).toEqual({ name: null, message: null, debug: null });
  });

  it('keeps the traceback out of the message and out of JSON', () => {
    const err = new OdooError({ kind: 'http', status: 500, errorClass: 'retryable', message: 'Odoo answered 500', debug: 'Traceback: secret stuff' });
    expect(err.debug).toBe('Traceback: secret stuff');
    expect(err.message).not.toContain('Traceback');
    expect(JSON.stringify(err)).not.toContain('Traceback');
    expect(new OdooError({ kind: 'http', status: 422, errorClass: 'permanent', message: 'card 4242424242424242' }).message).not.toContain('4242424242424242');
  });

  it('explains a stopped queue in words', () => {
    expect(stopReason(new OdooError({ kind: 'http', status: 401, errorClass: 'stop', message: 'x' }))).toMatch(/API key/);
    expect(stopReason(new OdooError({ kind: 'http', status: 404, errorClass: 'stop', message: 'x', model: 'clover.sync', method: 'record' }))).toMatch(/clover.sync\/record/);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });
});

describe('Odoo configuration', () => {
  it('applies defaults', () => {
    expect(loadOdooConfig({ ODOO_URL: 'https://erp.example.com/' })).toEqual({
      url: 'https://erp.example.com',
      database: null,
      journalName: 'Clover',
      paymentMethodLineName: null,
      walkInPartner: { by: 'ref', value: 'WALKIN' },
      surchargeAccountCode: null,
      companyId: null,
      timeoutMs: 15_000,
      apiKeyName: 'odoo.apiKey',
    });
    expect(loadOdooConfig({ ODOO_URL: 'http://localhost:8069', ODOO_WALKIN_PARTNER: 'name:Walk-in Customer', ODOO_DB: 'store' })).toMatchObject({
      walkInPartner: { by: 'name', value: 'Walk-in Customer' },
      database: 'store',
    });
  });

  it('lists every problem at once, in words', () => {
    try {
      loadOdooConfig({ ODOO_URL: 'http://erp.example.com', ODOO_API_KEY: 'k', ODOO_TIMEOUT_MS: 'soon', ODOO_DB: 'a b' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(OdooConfigError);
      const problems = (err as OdooConfigError).problems.join('\n');
      expect(problems).toMatch(/must use https/);
      expect(problems).toMatch(/ODOO_API_KEY must not be set/);
      expect(problems).toMatch(/ODOO_TIMEOUT_MS/);
      expect(problems).toMatch(/ODOO_DB/);
    }
    expect(() => loadOdooConfig({})).toThrow(/ODOO_URL is missing/);
    expect(() => loadOdooConfig({ ODOO_URL: 'https://user:pw@erp.example.com' })).toThrow(/user name or password/);
  });
});
