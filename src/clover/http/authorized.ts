// Bearer requests for one merchant: fresh token, rate limiter, 429 backoff, and the 401 rule
// (refresh once, retry once, never again: §2.3, §8 "401 loop guard"). The retry reuses the
// identical request, so a money call keeps its caller-supplied Idempotency-Key.
// Legacy credentials (merchant API token, Ecommerce private key) are checked against the
// surface first (credentials/matrix.ts) and never refreshed: their 401 is final.
import type { CredentialResolver } from '../credentials/resolver';
import { requireSurface, surfaceOf } from '../credentials/matrix';
import { CredentialRejectedError } from '../errors';
import type { TokenProvider } from '../oauth/token-provider';
import { retryOn429, type BackoffOptions } from './backoff';
import type { RateLimiter } from './rate-limiter';
import type { HttpOutcome, HttpRequest, Transport } from './transport';

export interface AuthorizedRequester {
  /** Throws only for token problems (nothing was processed); HTTP outcomes are returned. */
  send(merchantId: string, req: HttpRequest): Promise<HttpOutcome>;
  /** Rate-limited and 429-aware, with caller-supplied credentials (tokenization). */
  sendLimited(merchantId: string, req: HttpRequest): Promise<HttpOutcome>;
}

export interface AuthorizedRequesterOptions {
  transport: Transport;
  tokens: TokenProvider;
  /** Without it only OAuth pairs are used (as before legacy credentials existed). */
  credentials?: CredentialResolver;
  limiter: RateLimiter;
  backoff?: BackoffOptions;
}

export function createAuthorizedRequester(options: AuthorizedRequesterOptions): AuthorizedRequester {
  const { transport, tokens, limiter } = options;

  function limited(merchantId: string, req: HttpRequest): Promise<HttpOutcome> {
    return retryOn429(async () => {
      const release = await limiter.acquire(merchantId);
      try {
        return await transport.send(req);
      } finally {
        release();
      }
    }, options.backoff);
  }

  const withBearer = (req: HttpRequest, token: string): HttpRequest => ({
    ...req,
    headers: { ...req.headers, authorization: `Bearer ${token}` },
  });

  return {
    async sendLimited(merchantId, req) {
      // Tokenization carries its own apikey, but it only makes sense where charges are allowed.
      const credential = await options.credentials?.resolve(merchantId, surfaceOf(req));
      if (credential && credential.kind !== 'none') requireSurface(credential.kind, surfaceOf(req));
      return limited(merchantId, req);
    },
    async send(merchantId, req) {
      const credential = (await options.credentials?.resolve(merchantId, surfaceOf(req))) ?? { kind: 'oauth' as const };
      if (credential.kind === 'merchant-token' || credential.kind === 'ecommerce-key') {
        requireSurface(credential.kind, surfaceOf(req));
        const out = await limited(merchantId, withBearer(req, credential.secret));
        if (out.kind === 'response' && out.status === 401) throw new CredentialRejectedError(merchantId, credential.kind);
        return out;
      }
      // OAuth (or nothing stored: getAccessToken then asks to connect).
      const token = await tokens.getAccessToken(merchantId);
      const first = await limited(merchantId, withBearer(req, token));
      if (first.kind !== 'response' || first.status !== 401) return first;
      const renewed = await tokens.refreshAfterUnauthorized(merchantId, token);
      return limited(merchantId, withBearer(req, renewed));
    },
  };
}
