// pay, keyed, refund, void, credit, sales, recover, totals.
import type { Command } from 'commander';
import type { SaleView, StoreDayView } from '../../shared/contract/views';
import { formatMinor } from '../../shared/money';
import { recoverUnknownOutcomes } from '../../till/startup-recovery';
import { requireLedgerWritable } from '../../till/sales/terminal-guard';
import { type CliContext, CliExit, EXIT } from '../cli-context';
import { operationLine, saleLine } from '../format';
import { amountArg, dateArg, idArg, localDay } from '../parse-args';
import { watchPayment } from '../pay-watch';
import { printError } from '../print-error';
import { readCardFromStdin } from '../read-card';
import { useSimulatorTerminals } from '../training-mode';

type Ctx = () => CliContext;

function exitForSale(sale: SaleView): number {
  if (sale.moneyMoved === 'unknown') return EXIT.unknown;
  return sale.moneyMoved === 'yes' ? EXIT.done : EXIT.refused;
}

async function invoiceTarget(ctx: CliContext, number: string | undefined) {
  if (!number) return undefined;
  const docs = await ctx.call('erp.findDocuments', { query: number });
  const doc = docs.find((d) => d.number === number) ?? (docs.length === 1 ? docs[0] : undefined);
  if (!doc) throw new CliExit(EXIT.refused, { code: 'NOT_FOUND', message: `No open invoice or order "${number}" in Odoo.` });
  return { kind: doc.kind, id: doc.id } as const;
}

export function registerSaleCommands(program: Command, ctx: Ctx): void {
  program
    .command('pay')
    .description('take a card payment on the terminal')
    .argument('<amount>', 'amount in major units, e.g. 12.34', amountArg)
    .option('--terminal <serial>', 'terminal serial (default: the default terminal)')
    .option('--invoice <number>', 'Odoo invoice or sale order it pays')
    .option('--debit', 'the customer pays by debit card (no surcharge)')
    .action(async (amount: number, opts: { terminal?: string; invoice?: string; debit?: boolean }) => {
      const c = ctx();
      const till = await c.till();
      await useSimulatorTerminals(till);
      const target = await invoiceTarget(c, opts.invoice);
      const watch = watchPayment(till, {
        cancel: (saleId) => c.call('sales.cancel', { saleId }),
        abandon: (saleId) => {
          const sale = saleId === null ? 'The sale' : `Sale #${saleId}`;
          printError(Boolean(c.options.json), 'OUTCOME_UNKNOWN', `${sale}: outcome unknown, the customer may still pay on the terminal; \`counter recover\` settles it.`);
          process.exit(EXIT.unknown);
        },
      });
      try {
        const sale = await c.call('sales.start', { amount, funding: opts.debit ? 'debit' : 'credit', ...(opts.terminal ? { terminalSerial: opts.terminal } : {}), ...(target ? { target } : {}) });
        watch.stop();
        c.print({ sale }, saleLine(sale));
        throw new CliExit(exitForSale(sale));
      } finally {
        watch.stop();
      }
    });

  program
    .command('keyed')
    .description('card-not-present payment; card JSON {"number","expMonth","expYear","cvv"} on stdin')
    .argument('<amount>', 'amount in major units', amountArg)
    .option('--invoice <number>', 'Odoo invoice or sale order it pays')
    .action(async (amount: number, opts: { invoice?: string }) => {
      const c = ctx();
      const card = await readCardFromStdin();
      const target = await invoiceTarget(c, opts.invoice);
      const sale = await c.call('sales.keyed', { amount, card, ...(target ? { target } : {}) });
      c.print({ sale }, saleLine(sale));
      throw new CliExit(exitForSale(sale));
    });

  program
    .command('refund')
    .description('refund a sale, fully or partly')
    .argument('<sale-id>', 'sale number', idArg)
    .option('--amount <amount>', 'partial refund amount', amountArg)
    .action(async (saleId: number, opts: { amount?: number }) => {
      const c = ctx();
      const refund = await c.call('refunds.create', { saleId, ...(opts.amount ? { amount: opts.amount } : {}) });
      c.print({ refund }, operationLine(refund));
      throw new CliExit(refund.state === 'approved' ? EXIT.done : refund.state === 'declined' ? EXIT.refused : EXIT.unknown);
    });

  program
    .command('void')
    .description('void a sale within the void window')
    .argument('<sale-id>', 'sale number', idArg)
    .action(async (saleId: number) => {
      const c = ctx();
      const v = await c.call('refunds.void', { saleId });
      c.print({ void: v }, operationLine(v));
      throw new CliExit(v.state === 'approved' ? EXIT.done : v.state === 'declined' ? EXIT.refused : EXIT.unknown);
    });

  program
    .command('credit')
    .description('non-referenced credit to a card on the terminal (manager PIN on stdin or COUNTER_MANAGER_PIN)')
    .argument('<amount>', 'amount in major units', amountArg)
    .option('--terminal <serial>', 'terminal serial')
    .requiredOption('--reason <text>', 'why the credit is given')
    .action(async (amount: number, opts: { terminal?: string; reason: string }) => {
      const c = ctx();
      const managerPin = process.env.COUNTER_MANAGER_PIN ?? '';
      const credit = await c.call('refunds.credit', { amount, managerPin, reason: opts.reason, ...(opts.terminal ? { terminalSerial: opts.terminal } : {}) });
      c.print({ credit }, operationLine(credit));
      throw new CliExit(credit.state === 'approved' ? EXIT.done : credit.state === 'declined' ? EXIT.refused : EXIT.unknown);
    });

  program
    .command('sales')
    .description('list sales')
    .option('--since <date>', 'from this local day (YYYY-MM-DD)', dateArg)
    .action(async (opts: { since?: string }) => {
      const c = ctx();
      const since = opts.since ? new Date(`${opts.since}T00:00:00`).getTime() : undefined;
      const sales = await c.call('sales.list', { ...(since !== undefined ? { since } : {}), limit: 500 });
      c.print({ sales }, sales.length ? sales.map(saleLine) : 'No sales.');
    });

  program
    .command('recover')
    .description('resolve every sale, refund, void and credit whose outcome is unknown, by asking Clover')
    .action(async () => {
      const c = ctx();
      const till = await c.till();
      requireLedgerWritable(till);
      const report = await recoverUnknownOutcomes(till);
      const lines = [...report.sales.map(saleLine), ...report.operations.map(operationLine)];
      c.print({ resolved: report.sales, operations: report.operations, unresolved: report.unresolved }, lines.length ? lines : 'Nothing to resolve.');
      throw new CliExit(report.unresolved ? EXIT.unknown : EXIT.done);
    });

  program
    .command('totals')
    .description('end-of-day totals, compared with Clover; --store: every counter, Clover against Odoo')
    .option('--date <day>', 'local day (YYYY-MM-DD), default today', dateArg)
    .option('--store', "the whole store's day: Clover's payments of all counters, Odoo's Clover journal and this till")
    .action(async (opts: { date?: string; store?: boolean }) => {
      const c = ctx();
      if (opts.store) {
        const store = await c.call('totals.store', { date: opts.date ?? localDay() });
        c.print({ store }, storeLines(store));
        if (store.differences.length || !store.clover.checked || !store.odoo.checked) throw new CliExit(EXIT.refused);
        return;
      }
      const totals = await c.call('totals.day', { date: opts.date ?? localDay() });
      const lines = [`Totals ${totals.date} (${totals.currency})`];
      for (const b of totals.byBrand) {
        lines.push(`  ${b.brand.padEnd(9)} sales ${formatMinor(b.sales)} (${b.salesCount})  refunds ${formatMinor(b.refunds)} (${b.refundsCount})  voids ${formatMinor(b.voids)} (${b.voidsCount})  surcharge ${formatMinor(b.surcharge)}`);
      }
      lines.push(`  net ${formatMinor(totals.net)}`);
      lines.push(totals.clover.checked ? (totals.clover.differences.length ? `  ${totals.clover.differences.length} difference(s) with Clover:` : '  matches Clover') : `  not compared with Clover: ${totals.clover.message}`);
      for (const d of totals.clover.differences) lines.push(`    - ${d.what}`);
      const { seq, hash } = totals.auditHead;
      lines.push(seq === 0 ? '  audit log empty: nothing recorded yet' : `  audit log up to entry ${seq}:${hash} (keep it: \`counter audit --head\` checks against it)`);
      c.print({ totals }, lines);
    });
}

function storeLines(s: StoreDayView): string[] {
  const place = (p: { checked: boolean; message: string | null; count: number; total: number }) => (p.checked ? `${p.count} payment(s), ${formatMinor(p.total)}` : `not checked: ${p.message}`);
  const lines = [`Store ${s.date} (${s.currency})`, `  Clover (all counters)  ${place(s.clover)}`, `  Odoo (Clover journal)  ${place(s.odoo)}`, `  this till             ${s.till.count} payment(s), ${formatMinor(s.till.total)}`];
  for (const c of s.counters) lines.push(`    on ${c.terminal}: ${c.count} payment(s), ${formatMinor(c.total)}`);
  lines.push(s.differences.length ? `  ${s.differences.length} difference(s):` : s.clover.checked && s.odoo.checked ? '  Clover, Odoo and this till agree' : '');
  for (const d of s.differences) lines.push(`    - ${d.kind}${d.terminal ? ` (${d.terminal})` : ''}: ${d.what}. ${d.fix}`);
  return lines.filter(Boolean);
}
