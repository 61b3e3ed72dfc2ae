// Which credential the client uses for a merchant, in the precedence Clover observed (§4 "Auth
// precedence observed"): the OAuth pair if one is stored, else a legacy merchant REST API token
// from the dashboard, else the Ecommerce private key. Legacy credentials never expire and have
// no refresh: they live in the SecretStore (the keychain) as entered, one per merchant.
import type { SecretStore } from '../../shared/secret-store';
import { CloverInputError } from '../errors';
import type { TokenProvider } from '../oauth/token-provider';
import { checkCloverId } from '../validate';
import type { CredentialKind, LegacyCredentialKind } from './matrix';

/** SecretStore names: `clover.merchantToken.<merchantId>` and `clover.ecommerceKey.<merchantId>`. */
export const MERCHANT_TOKEN_SECRET_PREFIX = 'clover.merchantToken.';
export const ECOMMERCE_KEY_SECRET_PREFIX = 'clover.ecommerceKey.';

export function legacySecretKey(kind: LegacyCredentialKind, merchantId: string): string {
  return `${kind === 'merchant-token' ? MERCHANT_TOKEN_SECRET_PREFIX : ECOMMERCE_KEY_SECRET_PREFIX}${merchantId}`;
}

export type ResolvedCredential = { kind: 'oauth' } | { kind: LegacyCredentialKind; secret: string } | { kind: 'none' };

export interface CredentialResolver {
  resolve(merchantId: string): Promise<ResolvedCredential>;
  kind(merchantId: string): Promise<CredentialKind>;
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

  async function resolve(merchantId: string): Promise<ResolvedCredential> {
    if (await tokens.hasTokens(merchantId)) return { kind: 'oauth' };
    for (const kind of legacy) {
      const secret = await store.get(legacySecretKey(kind, merchantId));
      if (secret) return { kind, secret };
    }
    return { kind: 'none' };
  }

  return {
    resolve,
    kind: async (merchantId) => (await resolve(merchantId)).kind,
    async saveLegacy(kind, merchantId, value) {
      const mId = checkCloverId(merchantId, 'merchantId');
      if (!legacy.includes(kind)) throw new CloverInputError('kind', 'credential kind must be merchant-token or ecommerce-key');
      const clean = typeof value === 'string' ? value.trim() : '';
      if (!CREDENTIAL.test(clean)) throw new CloverInputError('credential', 'the credential must be 8-500 visible characters without spaces');
      await store.set(legacySecretKey(kind, mId), clean);
    },
    async forgetLegacy(merchantId, only) {
      for (const kind of legacy) if (!only || only === kind) await store.delete(legacySecretKey(kind, merchantId));
    },
    async tryLegacy(kind, merchantId, value, check) {
      const name = legacySecretKey(kind, checkCloverId(merchantId, 'merchantId'));
      const before = await store.get(name);
      await this.saveLegacy(kind, merchantId, value);
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
