// How the Clover credential in use is named, and one line per feature it turns off. Pure, so
// the settings page and its tests read the same rule. OAuth turns nothing off; with no
// credential the whole till says "not connected" instead.
import type { CloverCapabilitiesView } from '../../shared/contract/views';
import type { MessageKey } from '../i18n/en';

export function credentialNameKey(credential: CloverCapabilitiesView['credential']): MessageKey {
  return ({
    oauth: 'settings.credentialOauth',
    'merchant-token': 'settings.credentialMerchantToken',
    'ecommerce-key': 'settings.credentialEcommerceKey',
    none: 'settings.credentialNone',
  } as const)[credential];
}

/** A dashboard token or Ecommerce key is in use and cannot do `feature` (OAuth can do all; none is "not connected"). */
export function legacyTurnsOff(caps: CloverCapabilitiesView | undefined, feature: 'terminal' | 'ecommerce'): boolean {
  if (!caps || caps.credential === 'oauth' || caps.credential === 'none') return false;
  return !caps[feature];
}

export function credentialLimits(caps: CloverCapabilitiesView): MessageKey[] {
  if (caps.credential === 'oauth' || caps.credential === 'none') return [];
  const off: MessageKey[] = [];
  if (!caps.terminal) off.push('settings.credentialOffTerminal');
  if (!caps.ecommerce) off.push('settings.credentialOffKeyed');
  if (caps.platform !== 'full') off.push('settings.credentialOffPlatform');
  return off;
}
