// Which terminal to charge on, with its live status in words (not only colour). Pings on
// show and every minute while the sale screen is idle: a cached "online" lies (field-lessons §4).
import { useEffect, useRef } from 'react';
import type { TerminalView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import type { MessageKey } from '../i18n/en';
import { useGuarded } from '../hooks/use-guarded';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { legacyTurnsOff } from '../settings/credential-limits';
import { useAppStore } from '../stores/app-store';
import { selectedTerminal, useTerminalStore } from '../stores/terminal-store';
import { ShortcutButton } from '../ui/ShortcutButton';

const PING_EVERY_MS = 60_000;

export function terminalStatusKey(t: TerminalView): { key: MessageKey; tone: 'ok' | 'bad' | 'warn' | 'info' } {
  if (t.blockedBySaleId !== null) return { key: 'terminal.blocked', tone: 'bad' };
  if (t.busy) return { key: 'terminal.busy', tone: 'warn' };
  if (t.connected === true) return { key: 'terminal.connected', tone: 'ok' };
  if (t.connected === false) return { key: 'terminal.disconnected', tone: 'bad' };
  return { key: 'terminal.unchecked', tone: 'info' };
}

export async function pingTerminal(serial: string): Promise<void> {
  const r = await counter.terminals.ping({ serial });
  if (r.ok) useTerminalStore.getState().upsert(r.value);
}

export function TerminalStatus({ terminal }: { terminal: TerminalView }) {
  const { t } = useT();
  const { key, tone } = terminalStatusKey(terminal);
  const symbol = { ok: '●', bad: '✕', warn: '◐', info: '○' }[tone];
  return (
    <span className={`pill tone-${tone}`}>
      <span aria-hidden="true">{symbol} </span>
      {t(key, { id: terminal.blockedBySaleId ?? '' })}
    </span>
  );
}

export function TerminalPicker() {
  const { t } = useT();
  const terminals = useTerminalStore((s) => s.terminals);
  const selected = useTerminalStore((s) => s.selected);
  const select = useTerminalStore((s) => s.select);
  const current = useTerminalStore(selectedTerminal);
  // A dashboard token or Ecommerce key cannot reach the terminal: no pings (each would be
  // refused), and no last-known "Connected" that suggests otherwise.
  const terminalOff = useAppStore((s) => legacyTurnsOff(s.info?.capabilities, 'terminal'));
  const selectRef = useRef<HTMLSelectElement>(null);
  const [ping, pinging] = useGuarded(async () => {
    if (selected) await pingTerminal(selected);
  });
  useShortcut('F9', () => selectRef.current?.focus());

  useEffect(() => {
    if (!selected || terminalOff) return;
    void pingTerminal(selected);
    const timer = setInterval(() => void pingTerminal(selected), PING_EVERY_MS);
    return () => clearInterval(timer);
  }, [selected, terminalOff]);

  return (
    <div className="terminal-picker">
      <div className="label-row">
        <label htmlFor="terminal">{t('terminal.label')}</label>
        <kbd aria-hidden="true">F9</kbd>
      </div>
      <div className="row">
        <select ref={selectRef} id="terminal" value={selected ?? ''} onChange={(e) => select(e.target.value)} disabled={terminals.length === 0} aria-keyshortcuts="F9" aria-describedby="terminal-status">
          {terminals.length === 0 && <option value="">{t('terminal.none')}</option>}
          {terminals.map((term) => (
            <option key={term.serial} value={term.serial}>
              {term.name}
              {term.isDefault ? ` (${t('terminal.default')})` : ''}
            </option>
          ))}
        </select>
        <span id="terminal-status" role="status">
          {terminalOff ? <span className="pill tone-info">{t('terminal.offCredential')}</span> : current && <TerminalStatus terminal={current} />}
        </span>
        <ShortcutButton onClick={ping} disabled={!selected || pinging || terminalOff} aria-busy={pinging}>
          {t('terminal.ping')}
        </ShortcutButton>
      </div>
    </div>
  );
}
