// Backups while the till sells (issue 13): SQLite's online backup copies a ledger of thousands of
// sales while a till on the same data folder keeps taking card payments on the simulator, from
// another process (`counter backup`) and from the till's own process (as the app's timer does).
// Every sale is approved, none refused, and the copy verifies on its own.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { openLedger } from '../../src/sync';
import { backupNow } from '../../src/till/backup/make-backup';
import { createTill, LEDGER_FILE, type Till } from '../../src/till/create-till';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';

const PREFILLED = 8_000;

let sim: CloverSimulator;
let cli: CounterCli;
let till: Till;
let folder: string;

/** History written through the ledger's own write path, in one commit: a ledger worth copying. */
function prefill(dataDir: string): void {
  const ledger = openLedger(join(dataDir, LEDGER_FILE));
  try {
    ledger.transaction(() => {
      for (let i = 1; i <= PREFILLED; i++) {
        const sale = ledger.sales.journal({ externalPaymentId: `H${String(i).padStart(12, 'X')}`, idempotencyKey: `history-${i}`, target: { kind: 'walk_in' }, amount: 1000 + i, currency: 'USD', cashier: 'history', terminalSerial: 'HISTORY' });
        ledger.sales.markSent(sale.id);
        ledger.sales.recordOutcome(sale.id, { result: 'approved', cloverPaymentId: `HIST${String(i).padStart(9, 'Q')}`, approvedAmount: 1000 + i, cardBrand: 'VISA', last4: '4242' });
      }
    });
  } finally {
    ledger.close();
  }
}

/** Sells on the terminal until `stop()` resolves; every outcome kept. */
function sellUntil(stopped: () => boolean): Promise<string[]> {
  return (async () => {
    const states: string[] = [];
    for (let i = 0; !stopped(); i++) {
      const sale = await startTerminalSale(till, { amount: 500 + i, funding: 'credit' }).catch((error: unknown) => ({ state: `refused: ${String(error)}` }));
      states.push(sale.state);
    }
    return states;
  })();
}

function verifyCopy(path: string): { ok: boolean; sales: number } {
  const copy = openLedger(path, { readonly: true });
  try {
    return { ok: copy.audit.check().ok, sales: copy.sales.lastId() };
  } finally {
    copy.close();
  }
}

beforeAll(async () => {
  requireTestKeyring();
  // The customer approves at once: sales follow each other as fast as the till goes.
  sim = await startCloverSimulator({ rateLimit: false, defaultAction: { kind: 'approve' }, flags: { velocityLimit: false } });
  cli = new CounterCli(sim);
  const synced = await cli.run(['terminals', 'sync']);
  if (synced.code !== 0) throw new Error(synced.stderr + synced.stdout);
  folder = mkdtempSync(join(tmpdir(), 'counter-backups-'));
  expect((await cli.run(['settings', 'set', 'backup.folder', folder])).code).toBe(0);
  prefill(cli.dataDir);
  till = await createTill({ dataDir: cli.dataDir, env: cli.env() as Record<string, string> });
}, 60_000);

afterAll(async () => {
  await till?.close();
  await sim?.close();
});

describe('a backup while the till sells', () => {
  it('`counter backup` in another process: the copy verifies, and every sale meanwhile was approved', async () => {
    let done = false;
    const selling = sellUntil(() => done);
    // Sales are going before the backup starts.
    while (till.ledger.sales.lastId() < PREFILLED + 3) await new Promise((r) => setTimeout(r, 10));
    const before = till.ledger.sales.lastId();
    const backup = await cli.run(['backup']);
    const after = till.ledger.sales.lastId();
    done = true;
    const states = await selling;

    expect(backup.code, backup.stderr + backup.stdout).toBe(0);
    expect(after, 'sales were recorded while the backup ran').toBeGreaterThan(before);
    expect(states.length).toBeGreaterThan(3);
    expect(new Set(states), 'the till never refused a sale').toEqual(new Set(['approved']));
    const made = backup.json.backup as { path: string; ledgerId: string; sales: number; recordsChecked: number };
    expect(made.path.startsWith(folder)).toBe(true);
    expect(made.path).toMatch(new RegExp(`counter-ledger-${made.ledgerId}-\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}\\.sqlite$`));
    expect(made.recordsChecked).toBeGreaterThanOrEqual(PREFILLED);
    // The copy on its own: whole, matching its audit log, holding the history and the sales up to its moment.
    const copy = verifyCopy(made.path);
    expect(copy.ok).toBe(true);
    expect(copy.sales).toBeGreaterThanOrEqual(before);
    expect(copy.sales).toBeLessThanOrEqual(after);
    expect(readdirSync(folder).filter((n) => n.endsWith('.partial')), 'no half-written file left').toEqual([]);
  });

  it('in the till\'s own process (the app\'s timer): the copy verifies, the sales go on', async () => {
    let done = false;
    const selling = sellUntil(() => done);
    while (till.ledger.sales.lastId() < PREFILLED + 10) await new Promise((r) => setTimeout(r, 10));
    const before = till.ledger.sales.lastId();
    const made = await backupNow(till);
    const after = till.ledger.sales.lastId();
    done = true;
    const states = await selling;

    expect(after, 'sales were recorded while the backup ran').toBeGreaterThan(before);
    expect(new Set(states)).toEqual(new Set(['approved']));
    expect(existsSync(made.path)).toBe(true);
    expect(verifyCopy(made.path).ok).toBe(true);
    expect(made.sales).toBeGreaterThanOrEqual(before);
    // Two backups the same day: rotation keeps the newest of the day only.
    expect(made.removed).toHaveLength(1);
    expect(readdirSync(folder)).toEqual([made.path.slice(folder.length + 1)]);
    expect(sim.control.payments().filter((p) => p.result === 'SUCCESS').length).toBe(after - PREFILLED);
  });
});
