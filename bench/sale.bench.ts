// The sale path, measured (issue 13): 1,000 terminal sales against the simulator with the
// customer answering at once. Prints the till's own time per sale (everything but the time its
// Clover requests are open) p50/p99, Clover calls per sale and ledger commits per sale.
// Targets: own time p50 ≤ 1 ms beyond its fsyncs, ≤ 3 Clover calls, ≤ 2 commits per plain sale.
// Knob: SALE_BENCH_COUNT (default 1000).
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCloverSimulator } from '../src/clover/simulator';
import { MemorySecretStore } from '../src/shared/secret-store';
import { createTill } from '../src/till/create-till';
import { startTerminalSale } from '../src/till/sales/terminal-sale';
import { syncTerminals } from '../src/till/terminals';

const COUNT = Number(process.env.SALE_BENCH_COUNT ?? 1000);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** Wall time during which at least one HTTP request of this process is open (undici's channels). */
function clientWaitClock() {
  let open = 0;
  let since = 0;
  let total = 0;
  const start = () => {
    if (open++ === 0) since = performance.now();
  };
  const end = () => {
    if (open > 0 && --open === 0) total += performance.now() - since;
  };
  subscribe('undici:request:create', start);
  subscribe('undici:request:trailers', end);
  subscribe('undici:request:error', end);
  return { read: () => total + (open > 0 ? performance.now() - since : 0) };
}

export default async function saleBench(): Promise<void> {
  const sim = await startCloverSimulator({ rateLimit: false, defaultAction: { kind: 'approve' }, flags: { velocityLimit: false } });
  const dataDir = mkdtempSync(join(tmpdir(), 'sale-bench-'));
  const env = { CLOVER_ENV: 'simulator', CLOVER_API_URL: sim.urls.api, CLOVER_WEB_URL: sim.urls.web, CLOVER_ECOMM_URL: sim.urls.ecommerce, CLOVER_TOKEN_URL: sim.urls.token, CLOVER_POS_ID: 'SIMRAID000001', COUNTER_CASHIER: 'bench' };
  const till = await createTill({ dataDir, env, secrets: new MemorySecretStore() });
  try {
    await syncTerminals(till);
    const waits = clientWaitClock();
    for (let i = 0; i < 20; i++) await startTerminalSale(till, { amount: 100 + i, funding: 'debit' }); // warm up
    const own: number[] = [];
    const beyondFsync: number[] = [];
    const requestsBefore = sim.control.counters().requests;
    const commitsBefore = till.ledger.commits();
    for (let i = 0; i < COUNT; i++) {
      const wait0 = waits.read();
      const commit0 = till.ledger.commitMs();
      const t0 = performance.now();
      const sale = await startTerminalSale(till, { amount: 1000 + (i % 5000), funding: 'debit' });
      const mine = performance.now() - t0 - (waits.read() - wait0);
      own.push(mine);
      beyondFsync.push(mine - (till.ledger.commitMs() - commit0));
      if (sale.state !== 'approved') throw new Error(`sale ${sale.id} ended ${sale.state}`);
    }
    // Let the fire-and-forget thank-you screens land before counting requests.
    await new Promise((r) => setTimeout(r, 200));
    const calls = (sim.control.counters().requests - requestsBefore) / COUNT;
    const commits = (till.ledger.commits() - commitsBefore) / COUNT;
    console.log(`sale path, ${COUNT} terminal sales, customer answering at once:`);
    console.log(`  own time per sale (all but open Clover requests): p50 ${pct(own, 50).toFixed(2)} ms, p99 ${pct(own, 99).toFixed(2)} ms`);
    console.log(`  of which beyond its commits (target p50 <= 1 ms): p50 ${pct(beyondFsync, 50).toFixed(2)} ms, p99 ${pct(beyondFsync, 99).toFixed(2)} ms`);
    console.log(`  Clover calls per sale: ${calls.toFixed(2)} (target <= 3: the payment, the thank-you screen${calls > 2.5 ? ', more' : ''})`);
    console.log(`  ledger commits per sale: ${commits.toFixed(2)} (target <= 2)`);
    if (commits > 2) console.log('  over target');
  } finally {
    await till.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
