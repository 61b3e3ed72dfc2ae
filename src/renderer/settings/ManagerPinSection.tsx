// The manager PIN that non-referenced credits require. Write-only: the fields are uncontrolled
// and cleared as soon as they are sent; the till keeps only a scrypt hash and never returns it.
import { useRef, useState } from 'react';
import { counter } from '../api/counter';
import { refreshInfo } from '../hooks/use-bootstrap';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { ShortcutButton } from '../ui/ShortcutButton';
import { SettingsSection, type SectionResult } from './SettingsSection';

export function ManagerPinSection() {
  const { t } = useT();
  const pinSet = useAppStore((s) => s.info?.managerPinSet ?? false);
  const currentRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<SectionResult>(null);

  const [save, saving] = useGuarded(async () => {
    const currentPin = currentRef.current?.value ?? '';
    const newPin = newRef.current?.value ?? '';
    for (const input of [currentRef.current, newRef.current]) if (input) input.value = '';
    const r = await counter.settings.setManagerPin({ newPin, ...(currentPin ? { currentPin } : {}) });
    setResult(r.ok ? { text: t('settings.pinSaved'), tone: 'ok' } : { text: t('settings.saveFailed', { message: r.error.message }), tone: 'bad' });
    if (r.ok) void refreshInfo();
  });

  return (
    <SettingsSection id="manager-pin" title={t('settings.pin')} result={result}>
      <p className="hint">{pinSet ? t('settings.pinIsSet') : t('settings.pinNotSet')}</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {pinSet && (
          <label className="field">
            {t('settings.pinCurrent')}
            <input ref={currentRef} type="password" inputMode="numeric" autoComplete="off" maxLength={8} />
          </label>
        )}
        <label className="field">
          {t('settings.pinNew')}
          <input ref={newRef} type="password" inputMode="numeric" autoComplete="off" maxLength={8} />
        </label>
        <ShortcutButton type="submit" disabled={saving}>
          {t('settings.pinSave')}
        </ShortcutButton>
      </form>
    </SettingsSection>
  );
}
