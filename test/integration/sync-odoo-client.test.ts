// The JSON-2 client against the fake Odoo over real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { createOdooClient } from '../../src/sync/odoo/client';
import { OdooError } from '../../src/sync/odoo/errors';
import { type FakeOdoo, startFakeOdoo } from '../support/fake-odoo';

let fake: FakeOdoo;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function setup(options: Parameters<typeof startFakeOdoo>[0] = {}, key: string | null = 'test-key', timeoutMs = 2_000) {
  fake = await startFakeOdoo({ database: 'store', ...options });
  const secrets = new MemorySecretStore();
  if (key) await secrets.set('odoo.apiKey', key);
  const client = createOdooClient({ url: fake.url, database: 'store', secrets, timeoutMs });
  closers.push(() => client.close(), () => fake.close());
  return { client, secrets };
}

async function failure(p: Promise<unknown>): Promise<OdooError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OdooError) return err;
    throw err;
  }
  throw new Error('the call succeeded');
}

describe('Odoo JSON-2 client', () => {
  it('calls model/method with the bearer key and the database header, and never sends cookies', async () => {
    const { client } = await setup();
    const rows = await client.call<Array<{ id: number; name: string }>>('res.partner', 'search_read', { domain: [['ref', '=', 'WALKIN']], fields: ['name'] });
    expect(rows).toEqual([{ id: 1, name: 'Walk-in Customer' }]);
    await client.call('res.users', 'context_get');
    expect(fake.control.calls.map((c) => [c.status, c.database, c.cookie])).toEqual([
      [200, 'store', false],
      [200, 'store', false],
    ]);
    expect(await client.version()).toMatchObject({ version: '19.0' });
  });

  it('a bad key is a typed 401 that stops the queue, and the key is never in the message', async () => {
    const { client } = await setup({}, 'revoked-key-123');
    const err = await failure(client.call('res.partner', 'search_read', { domain: [] }));
    expect(err).toMatchObject({ status: 401, errorClass: 'stop', kind: 'http' });
    expect(err.message).not.toContain('revoked-key-123');
    expect(JSON.stringify(err)).not.toContain('revoked-key-123');
  });

  it('no key stored: a 401-like config error, before any request', async () => {
    const { client } = await setup({}, null);
    expect(await failure(client.call('res.partner', 'search_read', {}))).toMatchObject({ status: 401, kind: 'config', errorClass: 'stop' });
    expect(fake.control.calls).toHaveLength(0);
  });

  it('reads both error body shapes and keeps the traceback out of the message', async () => {
    for (const errorShape of ['object', 'string'] as const) {
      const { client } = await setup({ errorShape });
      const err = await failure(
        client.call('account.payment.register', 'create', { vals_list: [{ amount: 1, journal_id: 1, payment_method_line_id: 1 }], context: { active_model: 'account.move', active_ids: [5] } }, { write: true }),
      );
      expect(err).toMatchObject({ status: 422, errorClass: 'permanent' });
      expect(err.message).toMatch(/nothing left to pay/);
      expect(err.message).not.toMatch(/Traceback/);
      expect(err.odooName).toBe(errorShape === 'object' ? 'odoo.exceptions.UserError' : null);
      expect(err.debug === null).toBe(errorShape === 'string');
    }
  });

  it('unknown model or method: 404, which stops the queue', async () => {
    const { client } = await setup();
    expect(await failure(client.call('clover.sync', 'record_payment', {}))).toMatchObject({ status: 404, errorClass: 'stop' });
    expect(await failure(client.call('account.move', 'frobnicate', {}))).toMatchObject({ status: 404, errorClass: 'stop' });
    expect(await failure(client.call('account.move', 'search_read', { ids: [1] }))).toMatchObject({ status: 422 });
  });

  it('a 500 is retryable and flagged as a server error', async () => {
    const { client } = await setup();
    fake.control.inject({ model: 'account.move', status: 500, message: 'KeyError' });
    expect(await failure(client.call('account.move', 'search_read', {}))).toMatchObject({ status: 500, errorClass: 'retryable', serverError: true });
    fake.control.inject({ status: 503 });
    expect(await failure(client.call('account.move', 'search_read', {}))).toMatchObject({ status: 503, errorClass: 'retryable', serverError: false });
  });

  it('a timeout is retryable for a read and ambiguous for a write', async () => {
    const { client } = await setup({}, 'test-key', 150);
    fake.control.inject({ delayMs: 600, times: 2 });
    expect(await failure(client.call('account.move', 'search_read', {}))).toMatchObject({ kind: 'timeout', errorClass: 'retryable' });
    expect(await failure(client.call('account.payment', 'action_post', { ids: [] }, { write: true }))).toMatchObject({ kind: 'timeout', errorClass: 'ambiguous' });
  });

  it('a dropped answer after commit is ambiguous for a write', async () => {
    const { client } = await setup();
    fake.control.inject({ model: 'account.payment', method: 'create', drop: true });
    const err = await failure(
      client.call('account.payment', 'create', { vals_list: [{ payment_type: 'inbound', partner_id: 1, amount: 5, journal_id: 1, payment_method_line_id: 1 }] }, { write: true }),
    );
    expect(err).toMatchObject({ kind: 'network', errorClass: 'ambiguous' });
    expect(fake.control.payments()).toHaveLength(1); // it was committed
  });

  it('a refused connection is retryable even for a write: nothing was sent', async () => {
    const { client } = await setup();
    await fake.close();
    expect(await failure(client.call('account.payment', 'action_post', { ids: [1] }, { write: true }))).toMatchObject({ kind: 'network', errorClass: 'retryable' });
  });

  it('notices a new key after a 401', async () => {
    const { client, secrets } = await setup({}, 'old-key');
    await failure(client.call('res.users', 'context_get'));
    expect(await client.credentialsChanged()).toBe(false);
    await secrets.set('odoo.apiKey', 'test-key');
    expect(await client.credentialsChanged()).toBe(true);
    expect(await client.call('res.users', 'context_get')).toMatchObject({ uid: 2 });
  });
});
