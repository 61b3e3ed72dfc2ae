// Connecting without OAuth: a merchant REST API token or an Ecommerce private key from the
// Clover dashboard. Write-only like the Odoo key: the secret field is uncontrolled (never in
// React state or a store) and cleared as soon as it is sent; the till keeps it in the keychain.
import { useRef, useState } from 'react';
import { counter } from '../api/counter';
import { refreshInfo } from '../hooks/use-bootstrap';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { ShortcutButton } from '../ui/ShortcutButton';
import { credentialNameKey } from './credential-limits';
import type { SectionResult } from './SettingsSection';

type Kind = 'merchant-token' | 'ecommerce-key';
const KINDS: Kind[] = ['merchant-token', 'ecommerce-key'];

// The till checks the same; asking here first keeps a typo from costing a re-paste.
const looksValid = (merchantId: string, secret: string) => /^[A-Za-z0-9]{13}$/.test(merchantId) && /^\S{8,500}$/.test(secret);

/** `managerPin` takes the PIN from the Clover section's field (read once, then cleared). */
export function LegacyCredentialForm({ onResult, managerPin }: { onResult: (result: SectionResult) => void; managerPin: () => { managerPin?: string } }) {
  const { t } = useT();
  const knownMerchant = useAppStore((s) => s.settings?.clover.merchantId ?? '');
  const [kind, setKind] = useState<Kind>('merchant-token');
  const [merchantId, setMerchantId] = useState(knownMerchant);
  const secretRef = useRef<HTMLInputElement>(null);

  const [save, saving] = useGuarded(async () => {
    const input = secretRef.current;
    const secret = input?.value.trim() ?? '';
    const id = merchantId.trim();
    if (!looksValid(id, secret)) return onResult({ text: t('settings.legacyInvalid'), tone: 'bad' });
    if (input) input.value = '';
    const r = await counter.clover.setLegacyCredential({ kind, merchantId: id, secret, ...managerPin() });
    if (!r.ok) return onResult({ text: t('settings.saveFailed', { message: r.error.message }), tone: 'bad' });
    setMerchantId(r.value.merchantId);
    const merchant = r.value.merchantName ? `${r.value.merchantName} (${r.value.merchantId})` : r.value.merchantId;
    onResult({ text: t('settings.legacySaved', { merchant }), tone: 'ok' });
    await refreshInfo();
  });

  return (
    <>
      <h3 id="legacy-credential-title">{t('settings.legacyHeading')}</h3>
      <form
        className="form-grid"
        aria-labelledby="legacy-credential-title"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <fieldset className="field wide">
          <legend>{t('settings.legacyKind')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="radio">
              <input type="radio" name="legacy-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(credentialNameKey(k))}
            </label>
          ))}
        </fieldset>
        <label className="field">
          {t('settings.legacyMerchantId')}
          <input value={merchantId} onChange={(e) => setMerchantId(e.target.value)} autoComplete="off" spellCheck={false} autoCapitalize="characters" maxLength={20} />
        </label>
        <label className="field">
          {t('settings.legacySecret')}
          <input ref={secretRef} type="password" autoComplete="off" spellCheck={false} maxLength={500} aria-describedby="legacy-secret-hint" />
        </label>
        <ShortcutButton type="submit" variant="primary" disabled={saving} aria-busy={saving}>
          {t('settings.legacySave')}
        </ShortcutButton>
        <p id="legacy-secret-hint" className="hint">
          {t('settings.legacyHint')}
        </p>
      </form>
    </>
  );
}
