// Odoo: address, database and journal (settings), the API key (keychain, write-only: the
// field is uncontrolled and cleared once sent) and a connection test. Saving either is a
// manager's: one PIN field serves both.
import { useRef, useState } from 'react';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { useSyncStore } from '../stores/sync-store';
import { ManagerPinField, takeManagerPin } from '../ui/ManagerPinField';
import { ShortcutButton } from '../ui/ShortcutButton';
import { saveSettings } from './save-settings';
import { SettingsSection, type SectionResult } from './SettingsSection';

export function OdooSection() {
  const { t } = useT();
  const odoo = useAppStore((s) => s.settings?.odoo);
  const [url, setUrl] = useState(odoo?.url ?? '');
  const [db, setDb] = useState(odoo?.db ?? '');
  const [journal, setJournal] = useState(odoo?.journal ?? 'Clover');
  const keyRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<SectionResult>(null);

  const [save, saving] = useGuarded(async () => {
    const next = { url: url.trim() || undefined, db: db.trim() || undefined, journal: journal.trim() || 'Clover', walkInPartner: odoo?.walkInPartner ?? 'WALKIN' };
    const error = await saveSettings({ odoo: next }, takeManagerPin(pinRef));
    setResult(error ? { text: t('settings.saveFailed', { message: error }), tone: 'bad' } : { text: t('settings.saved'), tone: 'ok' });
  });
  const [saveKey, savingKey] = useGuarded(async () => {
    const input = keyRef.current;
    const key = input?.value.trim() ?? '';
    if (input) input.value = '';
    const managerPin = takeManagerPin(pinRef);
    if (!key) return;
    const r = await counter.settings.setOdooKey({ key, ...(managerPin ? { managerPin } : {}) });
    setResult(r.ok ? { text: t('settings.odooKeySaved'), tone: 'ok' } : { text: t('settings.saveFailed', { message: r.error.message }), tone: 'bad' });
  });
  const [test, testing] = useGuarded(async () => {
    const r = await counter.erp.status();
    if (!r.ok) return setResult({ text: t('settings.odooBad', { message: r.error.message }), tone: 'bad' });
    useSyncStore.getState().setErp(r.value);
    const good = r.value.configured && r.value.reachable && r.value.keyValid;
    setResult(good ? { text: t('settings.odooOk'), tone: 'ok' } : { text: t('settings.odooBad', { message: r.value.message ?? '' }), tone: 'bad' });
  });

  return (
    <SettingsSection id="odoo" title={t('settings.odoo')} result={result}>
      <div className="form-grid">
        <ManagerPinField inputRef={pinRef} />
      </div>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="field wide">
          {t('settings.odooUrl')}
          <input value={url} onChange={(e) => setUrl(e.target.value)} type="url" autoComplete="off" placeholder="https://odoo.example.com" />
        </label>
        <label className="field">
          {t('settings.odooDb')}
          <input value={db} onChange={(e) => setDb(e.target.value)} autoComplete="off" />
        </label>
        <label className="field">
          {t('settings.odooJournal')}
          <input value={journal} onChange={(e) => setJournal(e.target.value)} autoComplete="off" />
        </label>
        <ShortcutButton type="submit" variant="primary" disabled={saving}>
          {t('settings.save')}
        </ShortcutButton>
      </form>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          saveKey();
        }}
      >
        <label className="field wide">
          {t('settings.odooKey')}
          <input ref={keyRef} type="password" autoComplete="off" aria-describedby="odoo-key-hint" />
        </label>
        <ShortcutButton type="submit" disabled={savingKey}>
          {t('settings.odooKeySave')}
        </ShortcutButton>
        <p id="odoo-key-hint" className="hint">
          {t('settings.odooKeyHint')}
        </p>
      </form>
      <ShortcutButton onClick={test} disabled={testing} aria-busy={testing}>
        {t('settings.odooTest')}
      </ShortcutButton>
    </SettingsSection>
  );
}
