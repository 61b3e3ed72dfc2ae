// Shared helpers for the sync tests: temporary ledger files, a fake Odoo wired to a real
// client/ERP port/worker, and one-line ways to record approved sales.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErpTarget, Payment } from '../../src/shared/domain';
import { openDatabase, type SqlDatabase } from '../../src/sync/db/database';
import { panFreeSql } from '../../src/sync/pan-guard';
import { MemorySecretStore } from '../../src/shared/secret-store';
import { openLedger, type Ledger, type OpenLedgerOptions } from '../../src/sync/ledger/ledger';
import { createOdooClient, type OdooClient } from '../../src/sync/odoo/client';
import { loadOdooConfig, type OdooConfig } from '../../src/sync/odoo/config';
import { createErpPort, type ErpPort } from '../../src/sync/odoo/erp-port';
import { createSyncWorker, type SyncWorkerOptions } from '../../src/sync/outbox/worker';
import { type FakeOdoo, type FakeOdooOptions, startFakeOdoo } from './fake-odoo';

export function tempDir(prefix = 'sync-'): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function tempLedger(options: OpenLedgerOptions = {}): { ledger: Ledger; path: string; cleanup(): void } {
  const tmp = tempDir('ledger-');
  const path = tmp.file('ledger.sqlite');
  const ledger = openLedger(path, options);
  return {
    ledger,
    path,
    cleanup: () => {
      ledger.close();
      tmp.cleanup();
    },
  };
}

let counter = 0;
/** Unique, PAN-free ids for a test sale. */
export function ids(prefix = 'T'): { externalPaymentId: string; idempotencyKey: string; cloverPaymentId: string } {
  counter++;
  const n = `${process.pid.toString(36)}X${counter.toString(36)}`.toUpperCase();
  return { externalPaymentId: `${prefix}EXT${n}`.slice(0, 32), idempotencyKey: `${prefix}-key-${n}`, cloverPaymentId: `${prefix}CP${n}` };
}

export interface SaleSpec {
  target?: ErpTarget;
  amount?: number;
  surcharge?: number;
  training?: boolean;
}

/** Journal -> sent -> approved: returns the payment (its outbox item is queued unless training). */
export function approvedSale(ledger: Ledger, spec: SaleSpec = {}): Payment {
  const id = ids();
  const sale = ledger.sales.journal({
    externalPaymentId: id.externalPaymentId,
    idempotencyKey: id.idempotencyKey,
    target: spec.target ?? { kind: 'walk_in' },
    amount: spec.amount ?? 2500,
    surcharge: spec.surcharge ?? 0,
    currency: 'USD',
    cashier: 'ann',
    terminalSerial: 'C045UQ00000001',
    training: spec.training ?? false,
  });
  ledger.sales.markSent(sale.id);
  const { payment } = ledger.sales.recordOutcome(sale.id, { result: 'approved', cloverPaymentId: id.cloverPaymentId, cardBrand: 'VISA', last4: '4242' });
  return payment!;
}

export function approvedRefund(ledger: Ledger, paymentId: number, amount: number) {
  const id = ids('R');
  const refund = ledger.refunds.journal({ paymentId, amount, idempotencyKey: id.idempotencyKey, cashier: 'ann', terminalSerial: 'C045UQ00000001' });
  ledger.refunds.markSent(refund.id);
  return ledger.refunds.recordOutcome(refund.id, { result: 'approved', cloverRefundId: id.cloverPaymentId });
}

export function approvedVoid(ledger: Ledger, paymentId: number) {
  const id = ids('V');
  const v = ledger.voids.journal({ paymentId, idempotencyKey: id.idempotencyKey, cashier: 'ann', terminalSerial: 'C045UQ00000001' });
  ledger.voids.markSent(v.id);
  return ledger.voids.recordOutcome(v.id, { result: 'approved' });
}

export const API_KEY = 'test-key';

export interface SyncRig {
  fake: FakeOdoo;
  secrets: MemorySecretStore;
  config: OdooConfig;
  client: OdooClient;
  erp: ErpPort;
  close(): Promise<void>;
}

/** A fake Odoo plus a real client and ERP port pointed at it. */
export async function syncRig(options: { fake?: FakeOdooOptions; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<SyncRig> {
  const fake = await startFakeOdoo(options.fake);
  const secrets = new MemorySecretStore();
  await secrets.set('odoo.apiKey', API_KEY);
  const config = loadOdooConfig({ ODOO_URL: fake.url, ...options.env });
  const client = createOdooClient({ url: config.url, database: config.database, secrets, timeoutMs: options.timeoutMs ?? config.timeoutMs, connections: 16 });
  const erp = createErpPort({ client, config });
  return {
    fake,
    secrets,
    config,
    client,
    erp,
    close: async () => {
      await client.close();
      await fake.close();
    },
  };
}

/** A worker with test-friendly timing: tiny backoff, short polls, no randomness. */
export function testWorker(ledger: Ledger, erp: ErpPort, overrides: Partial<SyncWorkerOptions> = {}) {
  return createSyncWorker({ ledger, erp, concurrency: 8, backoff: { baseMs: 1, maxMs: 20 }, pollMs: 50, leaseMs: 5_000, random: () => 0.5, ...overrides });
}

/** Another program, not the ledger, edits the file: no append-only triggers, no foreign keys. */
export function editBehindTheLedger(path: string, fn: (db: SqlDatabase) => void): void {
  const db = openDatabase(path, { functions: { pan_free: panFreeSql } });
  try {
    db.exec('PRAGMA foreign_keys = OFF; DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    fn(db);
  } finally {
    db.close();
  }
}

