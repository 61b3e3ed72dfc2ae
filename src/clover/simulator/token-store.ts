// OAuth state: authorization codes, access tokens, rotating refresh tokens (D20) and PAKMS keys,
// plus the legacy credentials a merchant copies from the dashboard (non-expiring, §4).
// In-memory maps only: the simulator never writes a credential anywhere.
import { createHash, randomUUID } from 'node:crypto';
import { b64url, secret } from './ids';
import type { IssuedTokens, LegacyCredentialKind } from './types';

interface CodeRecord {
  merchantId: string;
  challenge: string | null; // null: a legacy v1 code, which /oauth/v2/token rejects (§8)
  expiresAt: number;
}

interface TokenRecord {
  merchantId: string;
  expiresAt: number;
  seq: number;
}

export interface TokenStoreOptions {
  appId: string;
  now: () => number;
  accessLifetimeSec: number;
  refreshLifetimeSec: number;
}

const CODE_LIFETIME_MS = 5 * 60_000;
/** D20: live refresh tokens per app+merchant; issuing a sixth kills the oldest. */
export const REFRESH_TOKEN_CAP = 5;
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export class TokenStore {
  private readonly codes = new Map<string, CodeRecord>();
  private readonly access = new Map<string, TokenRecord>();
  private readonly refresh = new Map<string, TokenRecord>();
  private readonly apiKeys = new Map<string, string>(); // key -> merchantId
  private readonly legacy = new Map<string, { merchantId: string; kind: LegacyCredentialKind }>();
  private seq = 0;

  constructor(private readonly opts: TokenStoreOptions) {}

  createCode(merchantId: string, challenge: string | null): string {
    const code = secret(24);
    this.codes.set(code, { merchantId, challenge, expiresAt: this.opts.now() + CODE_LIFETIME_MS });
    return code;
  }

  /** PKCE exchange. Any attempt burns the code (single use), so a wrong verifier cannot be retried. */
  exchangeCode(clientId: unknown, code: unknown, verifier: unknown, withRefresh: boolean): IssuedTokens | Omit<IssuedTokens, 'refresh_token' | 'refresh_token_expiration'> | undefined {
    if (typeof code !== 'string') return undefined;
    const rec = this.codes.get(code);
    this.codes.delete(code);
    if (!rec || rec.challenge === null || rec.expiresAt < this.opts.now()) return undefined;
    if (clientId !== this.opts.appId || typeof verifier !== 'string' || !VERIFIER.test(verifier)) return undefined;
    const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url');
    if (computed !== rec.challenge) return undefined;
    return withRefresh ? this.issue(rec.merchantId) : this.issueAccess(rec.merchantId);
  }

  /** Rotating refresh: the presented token dies at once, whatever happens next. */
  refreshTokens(clientId: unknown, refreshToken: unknown): IssuedTokens | undefined {
    if (typeof refreshToken !== 'string') return undefined;
    const rec = this.refresh.get(refreshToken);
    if (!rec || clientId !== this.opts.appId) return undefined;
    this.refresh.delete(refreshToken);
    if (rec.expiresAt < this.opts.now()) return undefined;
    return this.issue(rec.merchantId);
  }

  issue(merchantId: string): IssuedTokens {
    const access = this.issueAccess(merchantId);
    const now = this.opts.now();
    const token = secret(32);
    const expiresAt = now + this.opts.refreshLifetimeSec * 1000;
    this.refresh.set(token, { merchantId, expiresAt, seq: ++this.seq });
    this.enforceRefreshCap(merchantId);
    return { ...access, refresh_token: token, refresh_token_expiration: Math.floor(expiresAt / 1000) };
  }

  /** Merchant id of a live access token, or undefined (unknown, expired or revoked). */
  authenticate(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const rec = this.access.get(token);
    if (!rec) return undefined;
    if (rec.expiresAt <= this.opts.now()) {
      this.access.delete(token);
      return undefined;
    }
    return rec.merchantId;
  }

  /** A merchant API token or Ecommerce private key: opaque, never expires, no refresh. */
  issueLegacy(kind: LegacyCredentialKind, merchantId: string): string {
    const token = randomUUID();
    this.legacy.set(token, { merchantId, kind });
    return token;
  }

  /** Who presents `token` and with what: an OAuth access token or a legacy credential. */
  identify(token: string | undefined): { merchantId: string; kind: 'oauth' | LegacyCredentialKind } | undefined {
    const oauth = this.authenticate(token);
    if (oauth) return { merchantId: oauth, kind: 'oauth' };
    const rec = token ? this.legacy.get(token) : undefined;
    return rec ? { ...rec } : undefined;
  }

  /** Kills the merchant's OAuth tokens and its legacy credentials (a rotated dashboard token). */
  revoke(merchantId: string): void {
    for (const map of [this.access, this.refresh, this.legacy]) {
      for (const [token, rec] of map) if (rec.merchantId === merchantId) map.delete(token);
    }
  }

  /** PAKMS key: one per merchant+app, never expires (§5.1). */
  apiKeyFor(merchantId: string): string {
    for (const [key, mId] of this.apiKeys) if (mId === merchantId) return key;
    const key = secret(16).replace(/[-_]/g, 'x');
    this.apiKeys.set(key, merchantId);
    return key;
  }

  merchantForApiKey(key: string | undefined): string | undefined {
    return key ? this.apiKeys.get(key) : undefined;
  }

  liveRefreshTokens(merchantId: string): number {
    const now = this.opts.now();
    return [...this.refresh.values()].filter((r) => r.merchantId === merchantId && r.expiresAt >= now).length;
  }

  private issueAccess(merchantId: string): { access_token: string; access_token_expiration: number } {
    const now = this.opts.now();
    const expiresAt = now + this.opts.accessLifetimeSec * 1000;
    const exp = Math.floor(expiresAt / 1000);
    // JWT-shaped like the sandbox's (§2.2); clients must treat it as opaque.
    const token = [
      b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
      b64url(JSON.stringify({ iss: 'clover-simulator', sub: merchantId, aud: this.opts.appId, exp, jti: secret(8) })),
      secret(32),
    ].join('.');
    this.access.set(token, { merchantId, expiresAt, seq: ++this.seq });
    return { access_token: token, access_token_expiration: exp };
  }

  private enforceRefreshCap(merchantId: string): void {
    const mine = [...this.refresh.entries()].filter(([, r]) => r.merchantId === merchantId).sort((a, b) => a[1].seq - b[1].seq);
    while (mine.length > REFRESH_TOKEN_CAP) {
      const oldest = mine.shift();
      if (oldest) this.refresh.delete(oldest[0]);
    }
  }
}
