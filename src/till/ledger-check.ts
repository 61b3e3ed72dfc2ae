// The ledger held against its audit log, for the app (the end-of-day screen): read on a
// connection of its own that lets the window breathe between pages (sync/ledger/integrity.ts).
import type { LedgerCheckView } from '../shared/contract/views';
import { AUDIT_HEAD_DIGITS, checkIntegrityOfFile } from '../sync';
import type { Till } from './create-till';

export async function checkLedger(till: Till): Promise<LedgerCheckView> {
  const report = await checkIntegrityOfFile(till.ledger.path);
  const { chain } = report;
  if (report.ok && chain.ok && !till.ledger.readonly) till.ledger.audit.recordCheckpoint(chain.head);
  return {
    ok: report.ok,
    entries: chain.count,
    broken: chain.ok ? null : { entry: chain.brokenAt, problem: chain.problem },
    head: chain.ok ? { seq: chain.head.seq, hash: chain.head.hash.slice(0, AUDIT_HEAD_DIGITS) } : null,
    checked: report.checked,
    unaudited: report.unaudited,
    problemCount: report.problemCount,
    problems: report.problems,
  };
}
