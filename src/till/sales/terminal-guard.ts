// Before any card sale: the ledger can record it, the terminal is known, and no earlier sale
// on that terminal is still unresolved (an unknown outcome is resolved before new money).
import { CounterError } from '../../shared/contract/result';
import type { TerminalSetting } from '../../shared/settings';
import type { Till } from '../create-till';

export function requireLedgerWritable(till: Till): void {
  const health = till.ledger.health();
  if (!health.ok) throw new CounterError('LEDGER_UNAVAILABLE', `${health.message} Card payments are stopped until it is fixed.`);
}

export function pickTerminal(till: Till, serial?: string): TerminalSetting {
  const settings = till.settings();
  const chosen = serial ?? settings.defaultTerminal ?? settings.terminals[0]?.serial;
  if (!chosen) throw new CounterError('REFUSED', 'No terminal is set up: sync terminals from Clover first (`counter terminals sync`).');
  const terminal = settings.terminals.find((t) => t.serial === chosen);
  if (!terminal) throw new CounterError('BAD_INPUT', `Unknown terminal ${chosen}: sync terminals from Clover first.`);
  return terminal;
}

/** The first unresolved sale on this terminal, if any. */
export function unresolvedOn(till: Till, serial: string) {
  return till.ledger.sales.unresolved().find((s) => s.terminalSerial === serial);
}

export function requireTerminalFree(till: Till, serial: string): void {
  const blocking = unresolvedOn(till, serial);
  if (blocking) {
    throw new CounterError('REFUSED', `Sale #${blocking.id} on this terminal has an unknown outcome. Resolve it (Needs attention / \`counter recover\`) before taking a new card payment.`);
  }
}
