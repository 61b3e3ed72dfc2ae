// Terminals: fetch them from Clover, rename, choose the default, check each one.
import { useState } from 'react';
import type { TerminalView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { TerminalStatus, pingTerminal } from '../sale/TerminalPicker';
import { useTerminalStore } from '../stores/terminal-store';
import { ShortcutButton } from '../ui/ShortcutButton';
import { SettingsSection, type SectionResult } from './SettingsSection';

function TerminalRow({ terminal, say }: { terminal: TerminalView; say(r: SectionResult): void }) {
  const { t } = useT();
  const [name, setName] = useState(terminal.name);
  const apply = (r: Awaited<ReturnType<typeof counter.terminals.rename>>) => {
    if (r.ok) useTerminalStore.getState().setAll(r.value);
    say(r.ok ? { text: t('settings.saved'), tone: 'ok' } : { text: r.error.message, tone: 'bad' });
  };
  const [rename, renaming] = useGuarded(async () => apply(await counter.terminals.rename({ serial: terminal.serial, name: name.trim() })));
  const [makeDefault, defaulting] = useGuarded(async () => apply(await counter.terminals.setDefault({ serial: terminal.serial })));
  const [ping, pinging] = useGuarded(() => pingTerminal(terminal.serial));
  return (
    <li className="terminal-row">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          rename();
        }}
      >
        <label className="field">
          {t('settings.rename', { serial: terminal.serial })}
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />
        </label>
        <ShortcutButton type="submit" disabled={renaming || !name.trim() || name.trim() === terminal.name}>
          {t('settings.renameSave')}
        </ShortcutButton>
      </form>
      <div className="row">
        <TerminalStatus terminal={terminal} />
        {terminal.isDefault ? (
          <span className="tag">{t('terminal.default')}</span>
        ) : (
          <ShortcutButton onClick={makeDefault} disabled={defaulting}>
            {t('settings.setDefault')}
          </ShortcutButton>
        )}
        <ShortcutButton onClick={ping} disabled={pinging} aria-label={`${t('terminal.ping')} ${terminal.name}`}>
          {t('terminal.ping')}
        </ShortcutButton>
      </div>
    </li>
  );
}

export function TerminalsSection() {
  const { t } = useT();
  const terminals = useTerminalStore((s) => s.terminals);
  const [result, setResult] = useState<SectionResult>(null);
  const [sync, syncing] = useGuarded(async () => {
    const r = await counter.terminals.sync();
    if (r.ok) useTerminalStore.getState().setAll(r.value);
    setResult(r.ok ? { text: t('settings.saved'), tone: 'ok' } : { text: r.error.message, tone: 'bad' });
  });
  return (
    <SettingsSection id="terminals" title={t('settings.terminals')} result={result}>
      <ShortcutButton onClick={sync} disabled={syncing} aria-busy={syncing}>
        {t('settings.syncTerminals')}
      </ShortcutButton>
      {terminals.length === 0 ? (
        <p className="empty">{t('terminal.none')}</p>
      ) : (
        <ul className="terminal-list">
          {terminals.map((term) => (
            <TerminalRow key={`${term.serial}-${term.name}`} terminal={term} say={setResult} />
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}
