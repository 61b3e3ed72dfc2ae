// Connect / disconnect Clover. Connecting gives an authorize address to open in a browser
// (the till listens for the OAuth answer); the merchant's name comes from app.info. Without
// OAuth a dashboard token or Ecommerce key may be entered instead; what it turns off is listed.
// Everything here is a manager's (whom the till trusts, where card data goes): one PIN field
// serves connect, disconnect, keyed entry and the credential form.
import { useEffect, useRef, useState } from 'react';
import { counter } from '../api/counter';
import { refreshInfo } from '../hooks/use-bootstrap';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { ConfirmBox } from '../ui/ConfirmBox';
import { ManagerPinField, takeManagerPin } from '../ui/ManagerPinField';
import { ShortcutButton } from '../ui/ShortcutButton';
import { credentialLimits, credentialNameKey } from './credential-limits';
import { LegacyCredentialForm } from './LegacyCredentialForm';
import { saveSettings } from './save-settings';
import { SettingsSection, type SectionResult } from './SettingsSection';

export function CloverSection() {
  const { t } = useT();
  const info = useAppStore((s) => s.info);
  const clover = useAppStore((s) => s.settings?.clover);
  const [keyed, setKeyedBox] = useState(clover?.keyedEntry === 'app'); // optimistic, like every checkbox here
  useEffect(() => setKeyedBox(clover?.keyedEntry === 'app'), [clover?.keyedEntry]);
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<SectionResult>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const pin = () => {
    const managerPin = takeManagerPin(pinRef);
    return managerPin ? { managerPin } : {};
  };
  const credential = info?.capabilities.credential ?? 'none';
  const limits = info ? credentialLimits(info.capabilities) : [];

  const [connect, connecting] = useGuarded(async () => {
    const r = await counter.clover.connect(pin());
    if (r.ok) setUrl(r.value.authorizeUrl);
    else setResult({ text: r.error.message, tone: 'bad' });
    await refreshInfo();
  });
  const [disconnect, disconnecting] = useGuarded(async () => {
    const r = await counter.clover.disconnect(pin());
    setConfirming(false);
    setResult(r.ok ? { text: t('settings.saved'), tone: 'ok' } : { text: r.error.message, tone: 'bad' });
    await refreshInfo();
  });

  // Keying in the app puts a card number on this computer: off by default, terminal preferred.
  const [setKeyed, savingKeyed] = useGuarded(async (allowed: boolean) => {
    if (!clover) return;
    setKeyedBox(allowed);
    const error = await saveSettings({ clover: { ...clover, keyedEntry: allowed ? 'app' : 'terminal' } }, pin().managerPin);
    if (error) setKeyedBox(!allowed);
    setResult(error ? { text: t('settings.saveFailed', { message: error }), tone: 'bad' } : { text: t('settings.saved'), tone: 'ok' });
  });

  return (
    <SettingsSection id="clover" title={t('settings.clover')} result={result}>
      <dl className="facts">
        <div>
          <dt>{t('settings.merchant')}</dt>
          <dd>{info?.connected ? (info.merchantName ?? '—') : t('settings.notConnected')}</dd>
        </div>
        <div>
          <dt>{t('settings.environment')}</dt>
          <dd>{info?.cloverEnvironment ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('settings.credential')}</dt>
          <dd>{t(credentialNameKey(credential))}</dd>
        </div>
      </dl>
      {limits.length > 0 && (
        <ul className="credential-limits" aria-label={t('settings.credentialLimits')}>
          {limits.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      )}
      {url && (
        <p className="authorize">
          {t('settings.authorizeOpen')}{' '}
          <a href={url} target="_blank" rel="noreferrer noopener">
            {url}
          </a>
        </p>
      )}
      <div className="form-grid">
        <ManagerPinField inputRef={pinRef} />
      </div>
      <label className="check">
        <input type="checkbox" checked={keyed} disabled={savingKeyed || !clover} onChange={(e) => setKeyed(e.target.checked)} />
        {t('settings.keyedEntry')}
      </label>
      {confirming ? (
        <ConfirmBox id="disconnect" question={t('settings.confirmDisconnect')} confirmLabel={t('settings.disconnect')} busy={disconnecting} onConfirm={disconnect} onBack={() => setConfirming(false)} />
      ) : (
        <div className="actions">
          {info?.connected ? (
            <ShortcutButton onClick={() => setConfirming(true)}>{t('settings.disconnect')}</ShortcutButton>
          ) : (
            <ShortcutButton variant="primary" onClick={connect} disabled={connecting} aria-busy={connecting}>
              {t('settings.connect')}
            </ShortcutButton>
          )}
        </div>
      )}
      {info && credential !== 'oauth' && <LegacyCredentialForm onResult={setResult} managerPin={pin} />}
    </SettingsSection>
  );
}
