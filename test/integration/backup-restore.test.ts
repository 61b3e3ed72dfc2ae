// Restoring an older backup (issue 13) with the real `counter` command in child processes, the
// Clover simulator and the fake Odoo over HTTP, and real SQLite files. Sales made after the
// backup are at Clover (some in Odoo too); after `counter restore` every sale is in the ledger
// once, Odoo has each payment once, and the ledger that was in place is kept.
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../src/sync';
import { LEDGER_FILE } from '../../src/till/create-till';
import { type CounterCli, startCliStack } from '../support/cli-runner';
import { expectInvariant } from '../support/money-invariant';
import { SERIAL } from '../support/till-harness';

let s: Awaited<ReturnType<typeof startCliStack>>;
let folder: string;

const salesIn = (path: string) => {
  const ledger = openLedger(path, { readonly: true });
  try {
    return ledger.sales.lastId();
  } finally {
    ledger.close();
  }
};

async function pay(cli: CounterCli, amount: string): Promise<void> {
  s.sim.control.script(SERIAL, { kind: 'approve' });
  const paid = await cli.run(['pay', amount]);
  expect(paid.code, paid.stderr + paid.stdout).toBe(0);
}

async function sync(cli: CounterCli): Promise<void> {
  const synced = await cli.run(['sync', '--once']);
  expect(synced.code, synced.stderr + synced.stdout).toBe(0);
}

beforeAll(async () => {
  s = await startCliStack();
  folder = mkdtempSync(join(tmpdir(), 'counter-backups-'));
  expect((await s.cli.run(['settings', 'set', 'backup.folder', folder])).code).toBe(0);
}, 60_000);
afterAll(async () => s?.close());

describe('counter restore of an older backup', () => {
  it('re-records what Clover took after the backup, delivers nothing twice to Odoo, keeps the ledger that was in place', async () => {
    const { cli, sim, odoo } = s;
    const ledgerPath = join(cli.dataDir, LEDGER_FILE);
    await pay(cli, '10.00');
    await pay(cli, '11.00');
    await sync(cli);
    await pay(cli, '12.00'); // in the backup, not yet delivered when it was made
    const backup = await cli.run(['backup']);
    expect(backup.code, backup.stderr + backup.stdout).toBe(0);
    const backupPath = (backup.json.backup as { path: string }).path;

    await sync(cli); // Odoo gets 12.00 after the backup
    await pay(cli, '13.00');
    await pay(cli, '14.00');
    await sync(cli); // 13.00 and 14.00 reach Odoo; the backup knows nothing of them
    await pay(cli, '15.00'); // at Clover only
    expect(odoo.control.payments()).toHaveLength(5);

    // The app (here: a connection of this process) has the ledger open: refused, nothing changed.
    const holder = openLedger(ledgerPath);
    try {
      const refused = await cli.run(['restore', backupPath]);
      expect(refused.code).toBe(1);
      expect(refused.json.error).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('close the app') });
    } finally {
      holder.close();
    }
    expect(salesIn(ledgerPath)).toBe(6);
    expect(readdirSync(cli.dataDir).filter((n) => n.includes('restor')), 'no staged or kept file left by a refusal').toEqual([]);

    const restored = await cli.run(['restore', backupPath]);
    expect(restored.code, restored.stderr + restored.stdout).toBe(0);
    const { keptAs } = restored.json.restored as { keptAs: string };
    expect(existsSync(keptAs)).toBe(true);
    expect(salesIn(keptAs), 'the ledger that was in place is kept whole').toBe(6);
    const reconciled = restored.json.reconciled as { reRecorded: Array<{ total: number }> };
    expect(reconciled.reRecorded.map((r) => r.total).sort()).toEqual([1300, 1400, 1500]);

    // Every sale once in the ledger, every payment once in Odoo (searched by key before sending).
    expectInvariant(sim, cli.dataDir, odoo);
    expect(odoo.control.payments()).toHaveLength(6);
    const sales = (await cli.run(['sales'])).json.sales as Array<{ total: number; problem: string | null }>;
    expect(sales.map((x) => x.total).sort()).toEqual([1000, 1100, 1200, 1300, 1400, 1500]);
    for (const sale of sales) {
      if (sale.total >= 1300) expect(sale.problem).toMatch(/^Re-recorded after a restore/);
      else expect(sale.problem).toBeNull();
    }
    // The restored ledger, with what was recorded again, holds against its audit log.
    const audit = await cli.run(['audit']);
    expect(audit.code, audit.stdout).toBe(0);
    const doctor = await cli.run(['doctor']);
    expect((doctor.json.checks as Array<{ name: string }>).find((c) => c.name === 'backups')).toMatchObject({ ok: true });

    // Done once: nothing waits, and a second reconcile re-records nothing.
    const finish = await cli.run(['restore', '--finish']);
    expect(finish.code).toBe(0);
    expect(finish.json.reconciled).toBeNull();
    expectInvariant(sim, cli.dataDir, odoo);
  }, 120_000); // some twenty `counter` runs

  it('refuses while Clover cannot be asked, and `restore --finish` reconciles once it can', async () => {
    const { cli, sim, odoo } = s;
    const backup = await cli.run(['backup']);
    expect(backup.code, backup.stderr + backup.stdout).toBe(0);
    const backupPath = (backup.json.backup as { path: string }).path;
    await pay(cli, '16.00');
    const saved = join(folder, 'kept-copy.sqlite');
    copyFileSync(backupPath, saved);

    sim.control.fault({ method: 'GET', path: /^\/v3\/merchants\/[^/]+\/payments$/, kind: 'status503', times: 100 });
    const half = await cli.run(['restore', saved]);
    expect(half.code, half.stderr + half.stdout).toBe(1);
    expect(half.json.error).toMatchObject({ message: expect.stringContaining('NOT reconciled with Clover') });
    const doctor = await cli.run(['doctor']);
    expect((doctor.json.checks as Array<{ name: string }>).find((c) => c.name === 'backups')).toMatchObject({ ok: false, detail: expect.stringContaining('restore --finish') });

    sim.control.clearFaults();
    const finish = await cli.run(['restore', '--finish']);
    expect(finish.code, finish.stderr + finish.stdout).toBe(0);
    expect((finish.json.reconciled as { reRecorded: Array<{ total: number }> }).reRecorded.map((r) => r.total)).toEqual([1600]);
    expectInvariant(sim, cli.dataDir, odoo);
  }, 60_000);
});
