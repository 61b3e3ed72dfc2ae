// Which credential the client uses for a merchant, in the precedence Clover observed (§4 "Auth
// precedence observed"): the OAuth pair if one is stored, else a legacy merchant REST API token
// from the dashboard, else the Ecommerce private key. For one surface it is the first of those
// that can reach it, so a store holding both legacy credentials reads Platform with the token
// and charges keyed cards with the key. Legacy credentials never expire and have no refresh:
// they live in the SecretStore (the keychain) as entered, one of each kind per merchant.
import type { SecretStore } from '../../shared/secret-store';
import { CloverInputError } from '../errors';
import type { TokenProvider } from '../oauth/token-provider';
import { checkCloverId } from '../validate';
import { canReach, capabilitiesOf, type CloverCapabilities, type CloverSurface, type CredentialKind, type LegacyCredentialKind } from './matrix';

/** SecretStore names: `clover.merchantToken.<merchantId>` and `clover.ecommerceKey.<merchantId>`. */
export const MERCHANT_TOKEN_SECRET_PREFIX = 'clover.merchantToken.';
export const ECOMMERCE_KEY_SECRET_PREFIX = 'clover.ecommerceKey.';

export function legacySecretKey(kind: LegacyCredentialKind, merchantId: string): string {
  return `${kind === 'merchant-token' ? MERCHANT_TOKEN_SECRET_PREFIX : ECOMMERCE_KEY_SECRET_PREFIX}${merchantId}`;
}

export type ResolvedCredential = { kind: 'oauth' } | { kind: LegacyCredentialKind; secret: string } | { kind: 'none' };

export interface CredentialResolver {
  /**
   * The credential for a call to `surface` (or, without one, the first in precedence). When
   * legacy credentials are stored but none reaches the surface, the first of them comes back,
   * so the caller's surface check refuses it with a plain message.
   */
  resolve(merchantId: string, surface?: CloverSurface): Promise<ResolvedCredential>;
  /** The first credential in precedence (what a person is told the till uses). */
  kind(merchantId: string): Promise<CredentialKind>;
  /** What the stored credentials reach together. */
  capabilities(merchantId: string): Promise<CloverCapabilities>;
  /** Stores a merchant API token or Ecommerce private key as entered by the merchant. */
  saveLegacy(kind: LegacyCredentialKind, merchantId: string, value: string): Promise<void>;
  /** Removes the merchant's legacy credential of `kind`, or both (disconnect). */
  forgetLegacy(merchantId: string, kind?: LegacyCredentialKind): Promise<void>;
  /**
   * Stores `value` and runs `check` with it in place. If `check` throws, whatever was stored
   * before (a working credential, or nothing) is put back, so a mistyped key never replaces a
   * good one; the error is rethrown.
   */
  tryLegacy<T>(kind: LegacyCredentialKind, merchantId: string, value: string, check: () => Promise<T>): Promise<T>;
}

// Visible ASCII only: the value becomes an Authorization header.
const CREDENTIAL = /^[\x21-\x7e]{8,500}$/;

export function createCredentialResolver(options: { tokens: TokenProvider; store: SecretStore }): CredentialResolver {
  const { tokens, store } = options;
  const legacy: LegacyCredentialKind[] = ['merchant-token', 'ecommerce-key'];

  /** The stored legacy credentials, in precedence order. */
  async function storedLegacy(merchantId: string): Promise<Array<{ kind: LegacyCredentialKind; secret: string }>> {
    const found: Array<{ kind: LegacyCredentialKind; secret: string }> = [];
    for (const kind of legacy) {
      const secret = await store.get(legacySecretKey(kind, merchantId));
      if (secret) found.push({ kind, secret });
    }
    return found;
  }

  async function resolve(merchantId: string, surface?: CloverSurface): Promise<ResolvedCredential> {
    if (await tokens.hasTokens(merchantId)) return { kind: 'oauth' };
    const stored = await storedLegacy(merchantId);
    return stored.find((c) => !surface || canReach(c.kind, surface)) ?? stored[0] ?? { kind: 'none' };
  }

  async function saveLegacy(kind: LegacyCredentialKind, merchantId: string, value: string): Promise<void> {
    const mId = checkCloverId(merchantId, 'merchantId');
    if (!legacy.includes(kind)) throw new CloverInputError('kind', 'credential kind must be merchant-token or ecommerce-key');
    const clean = typeof value === 'string' ? value.trim() : '';
    if (!CREDENTIAL.test(clean)) throw new CloverInputError('credential', 'the credential must be 8-500 visible characters without spaces');
    await store.set(legacySecretKey(kind, mId), clean);
  }

  return {
    resolve,
    saveLegacy,
    kind: async (merchantId) => (await resolve(merchantId)).kind,
    async capabilities(merchantId) {
      if (await tokens.hasTokens(merchantId)) return capabilitiesOf('oauth');
      const stored = (await storedLegacy(merchantId)).map((c) => capabilitiesOf(c.kind));
      if (stored.length === 0) return capabilitiesOf('none');
      const platform = stored.some((c) => c.platform === 'full') ? 'full' : stored.some((c) => c.platform === 'merchant-only') ? 'merchant-only' : 'none';
      return { credential: stored[0]!.credential, terminal: stored.some((c) => c.terminal), platform, ecommerce: stored.some((c) => c.ecommerce) };
    },
    async forgetLegacy(merchantId, only) {
      for (const kind of legacy) if (!only || only === kind) await store.delete(legacySecretKey(kind, merchantId));
    },
    async tryLegacy(kind, merchantId, value, check) {
      const name = legacySecretKey(kind, checkCloverId(merchantId, 'merchantId'));
      const before = await store.get(name);
      await saveLegacy(kind, merchantId, value);
      try {
        return await check();
      } catch (error) {
        if (before) await store.set(name, before);
        else await store.delete(name);
        throw error;
      }
    },
  };
}
