// receipt <sale-id> [--pdf <file>] [--escpos tcp://host:port] [--copy] [--email <address> | --sms <phone>]
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
    .option('--email <address>', 'have Clover email it from the terminal (instead of printing)')
    .option('--sms <phone>', 'have Clover text it from the terminal (instead of printing)')
    .action(async (saleId: number, opts: { pdf?: string; escpos?: string; copy?: boolean; email?: string; sms?: string }) => {
      const c = ctx();
      if (opts.email !== undefined && opts.sms !== undefined) throw new CliExit(EXIT.usage, { code: 'BAD_INPUT', message: 'choose --email or --sms, not both' });
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
      }
      if (opts.email !== undefined || opts.sms !== undefined) {
        const to = opts.email !== undefined ? { method: 'email' as const, email: opts.email } : { method: 'sms' as const, phone: opts.sms! };
        await c.call('receipts.send', { saleId, to });
        done.push(`sent by Clover as ${to.method === 'email' ? 'an email' : 'a text message'}`);
      } else if (!opts.pdf && !opts.escpos) {
        const job = await c.call('receipts.print', { saleId, copy });
        if (job.state === 'failed') throw new CliExit(EXIT.refused, { code: 'REFUSED', message: `printing failed: ${job.error}` });
        done.push('submitted to the printer');
      }
      c.print({ saleId, copy, done }, done.map((d) => `Receipt for sale #${saleId}: ${d}`));
    });
}
