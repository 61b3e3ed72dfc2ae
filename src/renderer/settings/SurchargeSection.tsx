// Card surcharge: on/off, the default rate and an optional cap (per-brand rates are kept as
// they are). The till computes every quote from these; the screen only edits them. A change is
// a manager's: the form asks for the PIN.
import { useRef, useState } from 'react';
import { bpsToInput, parseAmount, parseRateBps } from '../i18n/format';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { ManagerPinField, takeManagerPin } from '../ui/ManagerPinField';
import { ShortcutButton } from '../ui/ShortcutButton';
import { saveSettings } from './save-settings';
import { SettingsSection, type SectionResult } from './SettingsSection';

export function SurchargeSection() {
  const { t, locale, amountInput } = useT();
  const current = useAppStore((s) => s.settings?.surcharge);
  const [enabled, setEnabled] = useState(current?.enabled ?? false);
  const [rate, setRate] = useState(bpsToInput(current?.defaultRateBps ?? 0, locale));
  const [cap, setCap] = useState(current?.capMinor ? amountInput(current.capMinor) : '');
  const [result, setResult] = useState<SectionResult>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const bps = parseRateBps(rate);
  const capMinor = cap.trim() === '' ? undefined : parseAmount(cap);
  const valid = bps !== null && bps <= 400 && capMinor !== null;

  const [save, saving] = useGuarded(async () => {
    if (!valid || bps === null || capMinor === null) return setResult({ text: t('settings.surchargeInvalid'), tone: 'bad' });
    const surcharge = { enabled, ratesBps: current?.ratesBps ?? {}, defaultRateBps: bps, ...(capMinor ? { capMinor } : {}) };
    const error = await saveSettings({ surcharge }, takeManagerPin(pinRef));
    setResult(error ? { text: t('settings.saveFailed', { message: error }), tone: 'bad' } : { text: t('settings.saved'), tone: 'ok' });
  });

  return (
    <SettingsSection id="surcharge" title={t('settings.surcharge')} result={result}>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t('settings.surchargeEnabled')}
        </label>
        <label className="field">
          {t('settings.surchargeRate')}
          <input value={rate} onChange={(e) => setRate(e.target.value)} inputMode="decimal" aria-invalid={bps === null || bps > 400} size={6} />
        </label>
        <label className="field">
          {t('settings.surchargeCap')}
          <input value={cap} onChange={(e) => setCap(e.target.value)} inputMode="decimal" aria-invalid={capMinor === null} size={8} />
        </label>
        <ManagerPinField inputRef={pinRef} />
        <ShortcutButton type="submit" variant="primary" disabled={saving || !valid}>
          {t('settings.save')}
        </ShortcutButton>
      </form>
    </SettingsSection>
  );
}
