// Human output of the `counter` command: one line per thing, money always with its currency.
import type { OperationView, SaleView, TerminalView } from '../shared/contract/views';
import { formatMinor } from '../shared/money';

const MONEY: Record<SaleView['moneyMoved'], string> = { yes: 'money taken', no: 'no money taken', unknown: 'OUTCOME UNKNOWN: resolve with `counter recover`' };

export function saleLine(s: SaleView): string {
  const card = s.cardLast4 ? ` ${s.cardBrand ?? 'card'} ****${s.cardLast4}` : '';
  const surcharge = s.surcharge ? ` (incl. surcharge ${formatMinor(s.surcharge)})` : '';
  const extra = s.remainder ? `; ${formatMinor(s.remainder)} ${s.currency} still to collect` : s.refunded ? `; refunded ${formatMinor(s.refunded)}` : '';
  const note = s.message && s.moneyMoved !== 'yes' ? ` - ${s.message}` : '';
  return `Sale #${s.id} ${s.state.toUpperCase()} ${formatMinor(s.total)} ${s.currency}${surcharge}${card}: ${s.inProgress ? inProgress(s.inProgress) : MONEY[s.moneyMoved]}${extra}${note}${problem(s)}`;
}

/** Another process (or window) waits for Clover's answer: nothing else may settle it now. */
function inProgress(p: NonNullable<SaleView['inProgress']>): string {
  const until = p.until ? ` until ${new Date(p.until).toTimeString().slice(0, 5)}` : '';
  return `IN PROGRESS on ${p.terminal}${until} (another window or process waits for the customer)`;
}

const problem = (r: { problem: string | null }) => (r.problem ? `\n    ! ${r.problem} (acknowledge it in Needs attention)` : '');

export function operationLine(o: OperationView): string {
  const live = o.inProgress ? ` - ${inProgress(o.inProgress)}` : o.message ? ` - ${o.message}` : '';
  return `${o.kind[0]!.toUpperCase()}${o.kind.slice(1)} #${o.id} ${o.state.toUpperCase()} ${formatMinor(o.amount)} ${o.currency}${o.cloverId ? ` (Clover ${o.cloverId})` : ''}${live}${problem(o)}`;
}

export function terminalLine(t: TerminalView): string {
  const status = t.connected === null ? 'not pinged' : t.connected ? (t.busy ? 'busy' : 'connected') : 'NOT CONNECTED';
  return `${t.isDefault ? '*' : ' '} ${t.serial}  ${t.name}${t.model ? ` (${t.model})` : ''}  ${status}${t.blockedBySaleId ? `  blocked by unresolved sale #${t.blockedBySaleId}` : ''}`;
}
