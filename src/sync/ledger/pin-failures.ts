// Wrong manager PINs, kept in the ledger so the lockout holds across processes: each `counter`
// run would otherwise start with a clean slate and allow unlimited guessing.
import type { LedgerContext } from './context';

export function createPinFailures(ctx: LedgerContext) {
  const { db } = ctx;
  return {
    /** Wrong tries at or after `since` (epoch ms). */
    countSince: (since: number): number => db.get<{ n: number }>('SELECT count(*) AS n FROM manager_pin_failures WHERE at >= ?', [since])?.n ?? 0,
    add: (at: number): void => void db.run('INSERT INTO manager_pin_failures (at) VALUES (?)', [at]),
    /** A right PIN clears the count. */
    clear: (): void => void db.run('DELETE FROM manager_pin_failures'),
  };
}
