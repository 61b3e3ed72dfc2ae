// kill -9 mid-drain: a child process drains a real ledger file into the fake Odoo and is
// killed with SIGKILL while requests are in flight (Odoo still commits them, unanswered).
// A new process on the same file must deliver every item exactly once.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../src/sync/ledger/ledger';
import { type FakeOdoo, SEED, startFakeOdoo } from '../support/fake-odoo';
import { approvedRefund, approvedSale, tempDir } from '../support/sync-fixtures';

const TSX = 'node_modules/.bin/tsx';
const CHILD = 'test/support/sync-drain-child.ts';
const tmp = tempDir('crash-');
let fake: FakeOdoo;
beforeAll(async () => {
  fake = await startFakeOdoo({ latencyMs: 25 });
});
afterAll(async () => {
  await fake.close();
  tmp.cleanup();
});

/** Gone, or a zombie nobody has reaped yet (orphans are reparented; in a container maybe never reaped). */
function isDead(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return true;
  }
}

interface Run {
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
  /** Resolves once `count` deliveries have been reported. */
  delivered(count: number): Promise<void>;
}

function drain(path: string): Run {
  // tsx runs the script in a node child of its own, and SIGKILL cannot be relayed: so the
  // child gets its own process group and the whole group is killed, like kill -9 on the app.
  const child = spawn(TSX, [CHILD, path, fake.url, '4', '1000'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const lines: string[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    const n = lines.filter((l) => l.startsWith('delivered')).length;
    for (const w of waiters.filter((x) => n >= x.count)) w.resolve();
  });
  return {
    lines,
    // 'close': the process has exited and every pipe end (the worker's too) is closed.
    exit: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))),
    kill: () => process.kill(-child.pid!, 'SIGKILL'),
    delivered: (count) => new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

describe('crash safety', () => {
  it('SIGKILL mid-drain, restart on the same file: every item delivered exactly once', async () => {
    const path = tmp.file('ledger.sqlite');
    const ledger = openLedger(path);
    const keys: string[] = [];
    const invoices = [0, 1, 2].map((i) => fake.control.addInvoice({ name: `INV/2026/K${i}`, partnerId: SEED.acmeId, total: 1000 }));
    ledger.transaction(() => {
      for (let i = 0; i < 36; i++) {
        const p = approvedSale(ledger, { amount: 1000 + i });
        keys.push(p.erpKey);
        if (i % 6 === 0) keys.push(`CLV-R:${approvedRefund(ledger, p.id, 100).cloverRefundId}`);
      }
      for (const inv of invoices) {
        for (let j = 0; j < 4; j++) keys.push(approvedSale(ledger, { target: { kind: 'invoice', id: inv, partnerId: SEED.acmeId }, amount: 5000 }).erpKey);
      }
    });
    const total = keys.length;
    ledger.close();

    const first = drain(path);
    await first.delivered(6);
    // From now on three payments get stuck between create (committed) and post (slow); the
    // process is killed while they are: they exist in Odoo as drafts, their posts land later.
    const stuck = new Promise<void>((resolve) => {
      let n = 0;
      fake.control.inject({ model: 'account.payment', method: 'action_post', delayMs: 2_500, times: 3, onMatch: () => ++n === 3 && resolve() });
    });
    await stuck;
    first.kill();
    expect(await first.exit).toMatchObject({ signal: 'SIGKILL' });
    const workerPid = Number(first.lines.find((l) => l.startsWith('started'))!.split(' ')[1]);
    // The worker itself, not just the tsx wrapper. SIGKILL lands once a write in progress (an
    // fsync, uninterruptible) returns, so give it a moment on a busy disk.
    await expect.poll(() => isDead(workerPid), { timeout: 10_000 }).toBe(true);
    expect(first.lines).not.toContain('idle');
    const deliveredBefore = first.lines.filter((l) => l.startsWith('delivered')).length;
    expect(deliveredBefore).toBeLessThan(total);
    // The dead process still holds claims: its leases must run out before anyone resends.
    const between = openLedger(path, { readonly: true });
    const inFlightAtKill = between.outbox.metrics().inFlight;
    between.close();
    expect(inFlightAtKill).toBeGreaterThan(0);

    const second = drain(path);
    expect(await second.exit).toMatchObject({ code: 0 });
    expect(second.lines).toContain('idle');
    const reused = second.lines.filter((l) => l.endsWith(' reused')).length;
    console.log(`crash test: ${deliveredBefore} delivered before SIGKILL, ${inFlightAtKill} in flight, ${reused} found already in Odoo after restart`);
    expect(reused).toBeGreaterThan(0); // the search-by-key check, not luck, prevented duplicates

    const counts = fake.control.keyCounts();
    for (const key of keys) expect(counts.get(key), key).toBe(1);
    expect(fake.control.payments()).toHaveLength(total);
    for (const inv of invoices) expect(fake.control.invoice(inv)).toMatchObject({ amount_residual: 800 }); // 1000 - 4 x 50, never paid twice
    const after = openLedger(path);
    try {
      expect(after.outbox.metrics()).toMatchObject({ depth: 0, parked: 0, delivered: total });
      expect(after.audit.verify().ok).toBe(true);
    } finally {
      after.close();
    }
  });
});
