// What this till can do with the Clover credential it holds (OAuth, a merchant API token or an
// Ecommerce private key; clover-api.md §4 "Auth precedence observed"). Features the credential
// cannot reach are refused here with NOT_SUPPORTED and a plain message BEFORE anything is
// journaled, instead of failing at the counter with a 401 from Clover.
import { notSupportedMessage, type CloverSurface } from '../clover';
import { CounterError } from '../shared/contract/result';
import type { CloverCapabilitiesView } from '../shared/contract/views';
import type { Till } from './create-till';

export const noCloverCapabilities = (): CloverCapabilitiesView => ({ credential: 'none', terminal: false, platform: 'none', ecommerce: false });

export type CloverFeature = 'terminal' | 'platform' | 'ecommerce';

export async function cloverCapabilities(till: Till): Promise<CloverCapabilitiesView> {
  const merchantId = till.merchantId();
  return merchantId ? till.clover.capabilities(merchantId) : noCloverCapabilities();
}

const SURFACE: Record<CloverFeature, CloverSurface> = { terminal: 'terminal', platform: 'platform', ecommerce: 'ecommerce' };

function allows(caps: CloverCapabilitiesView, feature: CloverFeature): boolean {
  return feature === 'platform' ? caps.platform === 'full' : caps[feature];
}

/**
 * Throws NOT_SUPPORTED when a legacy credential cannot do `feature`. Not connected at all is left
 * to `till.merchant()` (NOT_CONNECTED), as before.
 */
export async function requireCloverFeature(till: Till, feature: CloverFeature): Promise<void> {
  const caps = await cloverCapabilities(till);
  if (caps.credential === 'oauth' || caps.credential === 'none' || allows(caps, feature)) return;
  throw new CounterError('NOT_SUPPORTED', notSupportedMessage(caps.credential, SURFACE[feature]));
}

/** One plain line per feature the credential turns off (doctor, settings). */
export function disabledFeatures(caps: CloverCapabilitiesView): string[] {
  if (caps.credential === 'oauth' || caps.credential === 'none') return [];
  const credential = caps.credential;
  return (['terminal', 'ecommerce', 'platform'] as const).filter((f) => !allows(caps, f)).map((f) => notSupportedMessage(credential, SURFACE[f]));
}

/** How the credential is named to a person. */
export function credentialLabel(kind: CloverCapabilitiesView['credential']): string {
  return { oauth: 'OAuth', 'merchant-token': 'merchant API token', 'ecommerce-key': 'Ecommerce private key', none: 'no credential' }[kind];
}
