// receipt <sale-id> [--pdf <file>] [--escpos tcp://host:port] [--copy]
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { receiptEscPos } from '../../till/receipts/receipt-escpos';
import { saleReceipt } from '../../till/receipts/receipt-from-ledger';
import { parsePrinterUrl, sendToNetworkPrinter } from '../../till/receipts/network-printer';
import { type CliContext, CliExit, EXIT } from '../cli-context';
import { idArg } from '../parse-args';

export function registerReceiptCommands(program: Command, ctx: () => CliContext): void {
  program
    .command('receipt')
    .description('print a receipt (default: the configured printer)')
    .argument('<sale-id>', 'sale number', idArg)
    .option('--pdf <file>', 'write an 80 mm PDF')
    .option('--escpos <url>', 'send ESC/POS to a network printer, tcp://host:9100')
    .option('--copy', 'a reprint, marked COPY')
    .action(async (saleId: number, opts: { pdf?: string; escpos?: string; copy?: boolean }) => {
      const c = ctx();
      if (opts.escpos) {
        try {
          parsePrinterUrl(opts.escpos);
        } catch (e) {
          throw new CliExit(EXIT.usage, { code: 'BAD_INPUT', message: (e as Error).message });
        }
      }
      const till = await c.till();
      const copy = Boolean(opts.copy);
      const done: string[] = [];
      if (opts.pdf || opts.escpos) {
        const receipt = (() => {
          try {
            return saleReceipt(till, saleId, copy);
          } catch (e) {
            throw new CliExit(EXIT.refused, { code: 'REFUSED', message: (e as Error).message });
          }
        })();
        if (opts.pdf) {
          const { receiptPdf } = await import('../../till/receipts/receipt-pdf'); // pdfkit is heavy: load it only here
          writeFileSync(opts.pdf, await receiptPdf(receipt));
          done.push(`PDF written to ${opts.pdf}`);
        }
        if (opts.escpos) {
          await sendToNetworkPrinter(opts.escpos, receiptEscPos(receipt)).catch((e: Error) => {
            throw new CliExit(EXIT.refused, { code: 'REFUSED', message: e.message });
          });
          done.push(`sent to ${opts.escpos}`);
        }
      } else {
        const job = await c.call('receipts.print', { saleId, copy });
        if (job.state === 'failed') throw new CliExit(EXIT.refused, { code: 'REFUSED', message: `printing failed: ${job.error}` });
        done.push('submitted to the printer');
      }
      c.print({ saleId, copy, done }, done.map((d) => `Receipt for sale #${saleId}: ${d}`));
    });
}
