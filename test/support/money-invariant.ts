// The one invariant of issue 11, read from the three places money is recorded: approved money at
// Clover (the simulator's books) == approved records in the ledger == records delivered to Odoo
// (the fake Odoo), and never more than one approved charge per attempt. Sets of ids, so a
// difference names the record.
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CloverSimulator } from '../../src/clover/simulator';
import { openLedger } from '../../src/sync';
import type { FakeOdoo } from './fake-odoo';
import { paymentKey } from './fake-odoo/server';

export interface MoneySets {
  payments: string[];
  refunds: string[];
  credits: string[];
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

/** Approved and not voided at Clover. */
export function cloverMoney(sim: CloverSimulator): MoneySets {
  const all = sim.control.payments();
  return {
    payments: sorted(all.filter((p) => (p.kind === 'payment' || p.kind === 'charge') && p.result === 'SUCCESS').map((p) => p.id)),
    refunds: sorted(all.flatMap((p) => p.refunds.filter((r) => r.status === 'SUCCESS' && r.via !== 'void-emulation').map((r) => r.id))),
    credits: sorted(all.filter((p) => p.kind === 'credit' && p.result === 'SUCCESS').map((p) => p.id)),
  };
}

/** Approved (or forced approved) and not voided in the ledger; a record without a Clover id shows as `OP-<opId>`. */
export function ledgerMoney(dataDir: string): MoneySets {
  const ledger = openLedger(join(dataDir, 'ledger.sqlite'), { integrityCheck: false });
  try {
    const payments = ledger.payments.list({ limit: 1_000_000 }).filter((p) => p.voidedAt === null).map((p) => p.cloverPaymentId ?? `OP-${p.opId}`);
    const moved = (s: { state: string; forcedOutcome: string | null }) => s.state === 'approved' || (s.state === 'forced' && s.forcedOutcome === 'approved');
    const refunds: string[] = [];
    for (const p of ledger.payments.list({ limit: 1_000_000 })) for (const r of ledger.refunds.forPayment(p.id)) if (moved(r)) refunds.push(r.cloverRefundId ?? `OP-${r.opId}`);
    const credits: string[] = [];
    for (let id = 1; ; id++) {
      const c = ledger.credits.get(id);
      if (!c) break;
      if (moved(c)) credits.push(c.cloverCreditId ?? `OP-${c.opId}`);
    }
    return { payments: sorted(payments), refunds: sorted(refunds), credits: sorted(credits) };
  } finally {
    ledger.close();
  }
}

/** Delivered to Odoo and not cancelled there, by the counter's keys (CLV:, CLV-R:, CLV-C:). */
export function odooMoney(odoo: FakeOdoo): MoneySets {
  const keys = odoo.control
    .payments()
    .filter((p) => p.state !== 'canceled' && p.state !== 'cancel')
    .map((p) => paymentKey(p) ?? '');
  const strip = (prefix: string) => sorted(keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
  return { payments: strip('CLV:'), refunds: strip('CLV-R:'), credits: strip('CLV-C:') };
}

/** At most one approved charge per attempt id at Clover. */
export function expectOneChargePerAttempt(sim: CloverSimulator): void {
  const byAttempt = new Map<string, number>();
  for (const p of sim.control.payments()) {
    if (p.result !== 'SUCCESS' && p.result !== 'VOIDED') continue; // VOIDED: money moved, then came back
    const key = p.externalPaymentId ?? `charge:${p.id}`;
    byAttempt.set(key, (byAttempt.get(key) ?? 0) + 1);
  }
  for (const [attempt, n] of byAttempt) expect(n, `approved charges for attempt ${attempt}`).toBe(1);
}

/** Clover == ledger (== Odoo when given, after the outbox was drained). */
export function expectInvariant(sim: CloverSimulator, dataDir: string, odoo?: FakeOdoo): void {
  const clover = cloverMoney(sim);
  expect(ledgerMoney(dataDir), 'ledger vs Clover').toEqual(clover);
  if (odoo) expect(odooMoney(odoo), 'Odoo vs Clover').toEqual(clover);
  expectOneChargePerAttempt(sim);
}
