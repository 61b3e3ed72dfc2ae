// Why Pay is off right now, in one message, or null when a card sale may start. Pure.
import type { AppInfoView, TerminalView } from '../../shared/contract/views';
import type { MessageKey } from '../i18n/en';
import { legacyTurnsOff } from '../settings/credential-limits';

export interface PayBlock {
  key: MessageKey;
  vars?: Record<string, string | number>;
}

export function payBlock(args: { amount: number | null; mode: 'terminal' | 'keyed'; terminal: TerminalView | null; info: AppInfoView | null; keyedAllowed?: boolean }): PayBlock | null {
  const { amount, mode, terminal, info } = args;
  if (info && !info.ledgerOk) return { key: 'sale.blockedLedger' };
  if (info && !info.connected) return { key: 'sale.blockedClover' };
  // A dashboard token or Ecommerce key cannot do everything OAuth can: say so before the
  // cashier starts, not as a refusal after Pay. OAuth can do all; 'none' is "not connected".
  if (mode === 'terminal' && legacyTurnsOff(info?.capabilities, 'terminal')) return { key: 'sale.blockedCredentialTerminal' };
  if (mode === 'keyed' && legacyTurnsOff(info?.capabilities, 'ecommerce')) return { key: 'sale.blockedCredentialKeyed' };
  if (mode === 'keyed' && args.keyedAllowed === false) return { key: 'keyed.disabled' };
  if (amount === null) return { key: 'sale.blockedNoAmount' };
  if (mode === 'keyed') return args.keyedAllowed === false ? { key: 'keyed.disabled' } : null;
  if (!terminal) return { key: 'sale.blockedNoTerminal' };
  if (terminal.blockedBySaleId !== null) return { key: 'sale.blockedUnresolved', vars: { id: terminal.blockedBySaleId } };
  // Card sales stop visibly on a disconnected terminal; "not checked yet" (null) may go: the
  // till pings before it charges.
  if (terminal.connected === false) return { key: 'sale.blockedTerminalDown' };
  return null;
}
