// audit [--head <entry>:<hash>]: is the ledger what its audit log says, and is the log whole?
// Store IT runs it after a suspicion, or with the head printed on an earlier end-of-day report
// to prove nothing up to it was changed or cut. Exit 0 only when everything holds.
import type { Command } from 'commander';
import { AUDIT_HEAD_DIGITS, type IntegrityReport } from '../../sync';
import { type CliContext, CliExit, EXIT } from '../cli-context';
import { auditHeadArg } from '../parse-args';

export function integrityLines(report: IntegrityReport): string[] {
  const { chain } = report;
  if (!chain.ok) return [`audit log BROKEN at entry ${chain.brokenAt}: ${chain.problem}`, 'The records were not compared: a broken log cannot vouch for them.'];
  const lines = [`audit log: ${chain.count} entries, chained, up to entry ${chain.head.seq}:${chain.head.hash.slice(0, AUDIT_HEAD_DIGITS)}`];
  lines.push(`records: ${report.checked} match the log${report.unaudited ? `; ${report.unaudited} are older than the log and cannot be checked` : ''}`);
  for (const p of report.problems) lines.push(`  - ${p.record} ${p.problem}`);
  if (report.problemCount > report.problems.length) lines.push(`  ... and ${report.problemCount - report.problems.length} more`);
  return lines;
}

export function registerAuditCommand(program: Command, ctx: () => CliContext): void {
  program
    .command('audit')
    .description('check the ledger against its hash-chained audit log')
    .option('--head <entry:hash>', 'the audit head printed on an end-of-day report', auditHeadArg)
    .action(async (opts: { head?: { seq: number; hash: string } }) => {
      const c = ctx();
      const till = await c.till();
      const report = till.ledger.audit.check(opts.head);
      const verdict = report.ok ? 'The ledger matches its audit log.' : `NOT intact: ${report.chain.ok ? `${report.problemCount} problem(s)` : 'the audit log is broken'}.`;
      c.print({ integrity: report }, [...integrityLines(report), verdict]);
      if (!report.ok) throw new CliExit(EXIT.refused);
    });
}
