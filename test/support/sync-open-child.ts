// Child process for the read-only ledger tests: opens a ledger file and prints, as one JSON
// line, whether it could (and its health) or the typed error it got. The tests run it as an
// unprivileged user, because root ignores file permissions.
import { openLedger } from '../../src/sync/ledger/ledger';
import { LedgerUnavailableError } from '../../src/sync/errors';

const path = process.argv[2]!;
try {
  const ledger = openLedger(path, { busyTimeoutMs: 200, readonly: process.argv[3] === 'readonly' });
  const health = ledger.health();
  ledger.close();
  console.log(JSON.stringify({ opened: true, health }));
} catch (err) {
  if (!(err instanceof LedgerUnavailableError)) throw err;
  console.log(JSON.stringify({ opened: false, name: err.name, reason: err.reason, message: err.message, code: err.sqliteCode ?? null }));
}
