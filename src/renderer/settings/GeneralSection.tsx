// Training mode and language. Both apply at once: the banner appears, the words change.
// Turning training on is anyone's; turning it off (real money again) takes the manager PIN.
import { useEffect, useRef, useState } from 'react';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n/translate';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { ManagerPinField, takeManagerPin } from '../ui/ManagerPinField';
import { saveSettings } from './save-settings';
import { SettingsSection, type SectionResult } from './SettingsSection';

export function GeneralSection() {
  const { t, language } = useT();
  const saved = useAppStore((s) => s.settings?.training ?? false);
  // Optimistic: the box shows the cashier's click at once; a refused save puts it back.
  const [training, setTraining] = useState(saved);
  useEffect(() => setTraining(saved), [saved]);
  const [result, setResult] = useState<SectionResult>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);

  const apply = async (patch: { training?: boolean; language?: Language }) => {
    setBusy(true);
    if (patch.language) useAppStore.getState().setLanguage(patch.language); // live, before the till answers
    if (patch.training !== undefined) setTraining(patch.training);
    const error = await saveSettings(patch, patch.training === false ? takeManagerPin(pinRef) : undefined);
    setBusy(false);
    if (error) {
      useAppStore.getState().setLanguage(language);
      setTraining(saved);
      setResult({ text: t('settings.saveFailed', { message: error }), tone: 'bad' });
    } else setResult(null);
  };

  return (
    <SettingsSection id="general" title={t('settings.general')} result={result}>
      <div className="form-grid">
        <label className="check">
          <input type="checkbox" checked={training} disabled={busy} onChange={(e) => void apply({ training: e.target.checked })} />
          {t('settings.training')}
        </label>
        {saved && <ManagerPinField inputRef={pinRef} />}
        <div className="field">
          <label htmlFor="language">{t('settings.language')}</label>
          <select id="language" value={language} disabled={busy} onChange={(e) => void apply({ language: e.target.value as Language })}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </SettingsSection>
  );
}
