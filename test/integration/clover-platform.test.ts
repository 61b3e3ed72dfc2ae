// Platform v3 reads against the simulator: merchant, devices, payment recovery and end-of-day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { CloverInputError, createCloverClient, type CloverClient, type MerchantClient } from '../../src/clover/index';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator/index';

const M = 'SIMMERCHANT01';
let sim: CloverSimulator;
let client: CloverClient;
let m: MerchantClient;
let dir: string;

beforeAll(async () => {
  sim = await startCloverSimulator({ defaultAction: { kind: 'approve' } });
  dir = mkdtempSync(join(tmpdir(), 'clover-v3-'));
  client = createCloverClient({ environment: 'sandbox', hosts: sim.urls, env: {}, appId: 'SIMAPP0000001', posId: 'SIMRAID000001', appVersion: '0.1.0-test', secretStore: new MemorySecretStore(), dataDir: dir, payDisplay: { timeoutSec: 1 }, readRetryDelayMs: 20 });
  await client.tokens.save(M, sim.control.issueTokens(M));
  m = client.merchant(M);
});
afterAll(async () => {
  await client?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('reads the merchant and its devices', async () => {
  expect(await m.platform.getMerchant()).toEqual({ id: M, name: 'Fusion Test Store' });
  const devices = await m.platform.listDevices();
  expect(devices.map((d) => d.serial)).toEqual(['C0SIM0000001', 'C0SIM0000002']);
  expect(devices[0]).toMatchObject({ name: 'Counter 1', model: 'Clover_C405' });
  expect(devices[0]?.id).toBeTruthy();
});

it('finds payments by externalPaymentId and id, and lists a time range', async () => {
  const from = Date.now() - 1000;
  const pay = m.payDisplay('C0SIM0000001');
  const a = await pay.sale({ amount: 1100, externalPaymentId: 'V3LOOKUP00001', idempotencyKey: 'v3-a' });
  const b = await pay.sale({ amount: 2200, externalPaymentId: 'V3LOOKUP00002', idempotencyKey: 'v3-b' });
  if (a.kind !== 'approved' || b.kind !== 'approved') throw new Error('sale failed');

  const found = await m.platform.findPaymentsByExternalId('V3LOOKUP00001');
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ id: a.value.payment.id, amount: 1100, result: 'SUCCESS', cardTransaction: { last4: expect.any(String) } });
  expect(await m.platform.findPaymentsByExternalId('NOSUCHPAYMENT')).toEqual([]);
  expect(await m.platform.getPayment(b.value.payment.id)).toMatchObject({ id: b.value.payment.id, amount: 2200 });
  expect(await m.platform.getPayment('ZZZZZZZZZZZZZ')).toBeNull();

  const all = await m.platform.listPayments({ fromMs: from, toMs: Date.now() + 60_000 });
  expect(all.map((p) => p.amount).sort()).toEqual([1100, 2200]);
  expect(await m.platform.listPayments({ fromMs: from - 10_000, toMs: from })).toEqual([]);
  await expect(m.platform.listPayments({ fromMs: 10, toMs: 5 })).rejects.toBeInstanceOf(CloverInputError);
});

it('repeats a read after a 500 or a dropped connection, and fails typed when it persists', async () => {
  sim.control.reset();
  sim.control.fault({ method: 'GET', path: `/v3/merchants/${M}`, kind: 'drop-before' });
  expect((await m.platform.getMerchant()).id).toBe(M);
  sim.control.fault({ method: 'GET', path: `/v3/merchants/${M}`, kind: 'status500', times: 3 });
  await expect(m.platform.getMerchant()).rejects.toMatchObject({ name: 'CloverRequestError', kind: 'unknown', httpStatus: 500 });
  expect(sim.control.requests().filter((r) => r.path === `/v3/merchants/${M}`)).toHaveLength(5);
});
