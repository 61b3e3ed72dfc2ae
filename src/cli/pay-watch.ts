// `counter pay` while the customer is at the terminal: says what it waits for, and turns Ctrl-C
// into a cancel on the terminal. The outcome still comes from the waiting request, so a customer
// who had already paid stays paid. A second Ctrl-C leaves at once; the outcome is then unknown.
import type { SaleView } from '../shared/contract/views';
import { formatMinor } from '../shared/money';
import type { Till } from '../till/create-till';
import { WaitingLine } from './waiting-line';

// A cancel wanted before the sale left waits this long after, so that it reaches the terminal
// behind the sale (a cancel to an idle terminal does nothing); it is sent again while nothing
// comes back, for the same reason.
const BEHIND_SALE_MS = 1_000;
const RESEND_MS = 5_000;

export interface PayWatchOptions {
  /** Asks the terminal to cancel this sale (the till's sales.cancel). */
  cancel(saleId: number): Promise<{ requested: boolean; message: string }>;
  /** The second Ctrl-C: report the outcome as unknown and exit now. */
  abandon(saleId: number | null): void;
}

export function watchPayment(till: Till, options: PayWatchOptions): { stop(): void } {
  const line = new WaitingLine();
  const timers: NodeJS.Timeout[] = [];
  let saleId: number | null = null;
  let sent = false;
  let interrupts = 0;
  let stopped = false;

  const sendCancel = (quiet = false) => {
    if (saleId === null) return;
    const tell = (message: string) => !quiet && !stopped && line.say(message);
    options.cancel(saleId).then(
      (r) => tell(r.requested ? `${r.message} Waiting for the terminal's answer…` : r.message),
      (error: unknown) => tell(`The cancel did not reach the terminal: ${(error as Error).message}`),
    );
  };
  const cancelFromNow = (delayMs: number) => {
    timers.push(setTimeout(() => sendCancel(), delayMs));
    timers.push(setInterval(() => sendCancel(true), RESEND_MS));
  };

  const stopListening = till.events.on((event, payload) => {
    if (event !== 'sale.updated') return;
    const sale = payload as SaleView;
    saleId ??= sale.id; // this process starts one sale: the first one it hears of
    if (sale.id !== saleId || sale.state !== 'sent' || sent) return;
    sent = true;
    const terminal = till.settings().terminals.find((t) => t.serial === sale.terminalSerial);
    line.show(`Sale #${sale.id}: ${formatMinor(sale.total)} ${sale.currency} on ${terminal ? `${terminal.name} (${sale.terminalSerial})` : sale.terminalSerial}: waiting for the customer… Ctrl-C cancels`);
    if (interrupts > 0) cancelFromNow(BEHIND_SALE_MS);
  });

  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) {
      line.stop();
      options.abandon(saleId);
      return;
    }
    line.say(sent ? `Cancelling sale #${saleId} on the terminal… (Ctrl-C again leaves without its outcome)` : 'Cancelling as soon as the sale reaches the terminal… (Ctrl-C again leaves without its outcome)');
    if (sent) cancelFromNow(0);
  };
  process.on('SIGINT', onInterrupt);

  return {
    stop() {
      stopped = true;
      process.off('SIGINT', onInterrupt);
      stopListening();
      for (const timer of timers) clearTimeout(timer);
      line.stop();
    },
  };
}
