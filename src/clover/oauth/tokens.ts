// The OAuth v2 token pair as Clover returns it and as we keep it: one JSON value per merchant
// in the SecretStore, so access and refresh token are always written together (rotation-safe).
import { z } from 'zod';
import type { SecretStore } from '../../shared/secret-store';

/** Expirations are epoch SECONDS, as Clover sends them (§1); never computed by us. */
export interface TokenPair {
  access_token: string;
  access_token_expiration: number;
  refresh_token?: string;
  refresh_token_expiration?: number;
}

const epochSeconds = z
  .number()
  .finite()
  .positive()
  // Defensive: a millisecond value would make a token look valid for 50 000 years.
  .transform((v) => (v > 1e11 ? Math.floor(v / 1000) : v));

export const tokenPairSchema = z.object({
  access_token: z.string().min(1),
  access_token_expiration: epochSeconds,
  refresh_token: z.string().min(1).optional(),
  refresh_token_expiration: epochSeconds.optional(),
});

export function parseTokenPair(json: unknown): TokenPair | null {
  const parsed = tokenPairSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function tokenStoreKey(appId: string, merchantId: string): string {
  return `clover:oauth:${appId}:${merchantId}`;
}

export class TokenStore {
  constructor(
    private readonly store: SecretStore,
    private readonly appId: string,
  ) {}

  async read(merchantId: string): Promise<TokenPair | null> {
    const raw = await this.store.get(tokenStoreKey(this.appId, merchantId));
    if (raw === null) return null;
    try {
      return parseTokenPair(JSON.parse(raw));
    } catch {
      return null; // corrupt value: treated as "not authorized"
    }
  }

  async write(merchantId: string, pair: TokenPair): Promise<void> {
    await this.store.set(tokenStoreKey(this.appId, merchantId), JSON.stringify(pair));
  }

  async delete(merchantId: string): Promise<void> {
    await this.store.delete(tokenStoreKey(this.appId, merchantId));
  }
}
