// A visible print queue: every job with its real state and failure reason. "submitted" means
// the printer (or the OS spooler) took the job, not that paper came out (field-lessons §8).
import type { PrintJobView } from '../../shared/contract/views';
import type { Till } from '../create-till';
import { receiptEscPos } from './receipt-escpos';
import { saleReceipt } from './receipt-from-ledger';
import { receiptHtml } from './receipt-html';
import { sendToNetworkPrinter } from './network-printer';

/** System printers exist only in the desktop app (webContents.print with an 80 mm page). */
export type SystemPrinter = (html: string, printerName: string) => Promise<void>;

const MAX_JOBS = 50;

export class PrintQueue {
  private readonly jobs: PrintJobView[] = [];
  private nextId = 1;

  constructor(
    private readonly till: Till,
    private readonly systemPrinter: SystemPrinter | null = null,
  ) {}

  list(): PrintJobView[] {
    return [...this.jobs].reverse();
  }

  async print(saleId: number, copy: boolean): Promise<PrintJobView> {
    const receipt = saleReceipt(this.till, saleId, copy); // throws before a job exists
    const job: PrintJobView = { id: this.nextId++, saleId, copy, state: 'queued', error: null };
    this.jobs.push(job);
    if (this.jobs.length > MAX_JOBS) this.jobs.shift();
    const printer = this.till.settings().printer;
    try {
      if (printer.type === 'network') await sendToNetworkPrinter(printer.url, receiptEscPos(receipt));
      else if (printer.type === 'system') {
        if (!this.systemPrinter) throw new Error('system printers print only from the desktop app');
        await this.systemPrinter(receiptHtml(receipt), printer.name);
      } else throw new Error('no printer is set up (Settings → Printer)');
      job.state = 'submitted';
    } catch (error) {
      job.state = 'failed';
      job.error = (error as Error).message;
    }
    return { ...job };
  }
}
