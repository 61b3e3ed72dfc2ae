// Which Clover surface each kind of credential can reach (clover-api.md §2.3, §3.1, §4 "Auth
// precedence observed", §5, §8 rows "REST Pay auth", "Ecommerce auth", "PAKMS host"). Checked
// BEFORE a request goes out, so a call Clover would refuse with 401 is refused here with a plain
// message instead, and nothing is sent.
import { CloverNotSupportedError } from '../errors';
import type { HttpRequest } from '../http/transport';

/** `none`: nothing stored for the merchant (the OAuth path then asks to connect). */
export type CredentialKind = 'oauth' | 'merchant-token' | 'ecommerce-key' | 'none';
export type LegacyCredentialKind = Exclude<CredentialKind, 'oauth' | 'none'>;

/**
 * terminal: REST Pay Display `/connect/v1/...`; platform-merchant: `GET /v3/merchants/{mId}`;
 * platform: every other v3 call; ecommerce: PAKMS, tokenization and charges/refunds (scl host).
 */
export type CloverSurface = 'terminal' | 'platform-merchant' | 'platform' | 'ecommerce';

export interface CloverCapabilities {
  credential: CredentialKind;
  /** REST Pay Display: payments, refunds, voids, credits, ping, cancel. */
  terminal: boolean;
  /** Platform v3: everything, only the merchant record, or nothing. */
  platform: 'full' | 'merchant-only' | 'none';
  /** Keyed cards: PAKMS key, tokenization, Ecommerce charges and refunds. */
  ecommerce: boolean;
}

const ALLOWED: Record<Exclude<CredentialKind, 'none'>, Record<CloverSurface, boolean>> = {
  // §2.3 "One token": the OAuth access token works for Platform v3, REST Pay, PAKMS and Ecommerce.
  oauth: { terminal: true, 'platform-merchant': true, platform: true, ecommerce: true },
  // §4: the legacy dashboard token works for Platform v3. §3.1/§8: REST Pay takes OAuth tokens
  // only. Ecommerce/PAKMS with it are not documented anywhere, so not allowed.
  'merchant-token': { terminal: false, 'platform-merchant': true, platform: true, ecommerce: false },
  // §4: the Ecommerce private key works only for GET /v3/merchants/{mId}; 401 on REST Pay (§3.1,
  // §8). §5: charges/refunds take `Bearer {private key}`, and PAKMS answers it on the scl host.
  'ecommerce-key': { terminal: false, 'platform-merchant': true, platform: false, ecommerce: true },
};

export function capabilitiesOf(credential: CredentialKind): CloverCapabilities {
  if (credential === 'none') return { credential, terminal: false, platform: 'none', ecommerce: false };
  const a = ALLOWED[credential];
  return { credential, terminal: a.terminal, platform: a.platform ? 'full' : a['platform-merchant'] ? 'merchant-only' : 'none', ecommerce: a.ecommerce };
}

export function canReach(credential: Exclude<CredentialKind, 'none'>, surface: CloverSurface): boolean {
  return ALLOWED[credential][surface];
}

/** The surface a request belongs to, from its host role and path: one place, nothing unclassified. */
export function surfaceOf(req: Pick<HttpRequest, 'role' | 'method' | 'path'>): CloverSurface {
  if (req.role === 'ecommerce' || req.role === 'token') return 'ecommerce';
  if (req.path.startsWith('/connect/')) return 'terminal';
  if (req.method === 'GET' && /^\/v3\/merchants\/[^/]+$/.test(req.path)) return 'platform-merchant';
  return 'platform';
}

const CREDENTIAL_NAME: Record<LegacyCredentialKind, string> = {
  'merchant-token': 'a merchant API token',
  'ecommerce-key': 'an Ecommerce private key',
};

/** What the cashier or manager reads when a feature is off for the credential in use. */
export function notSupportedMessage(credential: LegacyCredentialKind, surface: CloverSurface): string {
  const name = CREDENTIAL_NAME[credential];
  switch (surface) {
    case 'terminal':
      return `Terminal payments need Clover connected with OAuth (Settings → Connect Clover); ${name} cannot drive the terminal.`;
    case 'ecommerce':
      return `Keyed card payments need Clover connected with OAuth or an Ecommerce private key (Settings → Connect Clover); ${name} cannot reach Clover Ecommerce.`;
    default:
      return `Reading terminals and payments from Clover needs Clover connected with OAuth or a merchant API token (Settings → Connect Clover); ${name} only reaches the merchant record.`;
  }
}

/** Throws the plain refusal when `credential` cannot reach `surface`; nothing was sent. */
export function requireSurface(credential: Exclude<CredentialKind, 'none'>, surface: CloverSurface): void {
  if (credential !== 'oauth' && !canReach(credential, surface)) throw new CloverNotSupportedError(notSupportedMessage(credential, surface));
}
