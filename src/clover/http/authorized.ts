// Bearer requests for one merchant: fresh token, rate limiter, 429 backoff, and the 401 rule
// (refresh once, retry once, never again: §2.3, §8 "401 loop guard"). The retry reuses the
// identical request, so a money call keeps its caller-supplied Idempotency-Key.
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
  limiter: RateLimiter;
  backoff?: BackoffOptions;
}

export function createAuthorizedRequester(options: AuthorizedRequesterOptions): AuthorizedRequester {
  const { transport, tokens, limiter } = options;

  function sendLimited(merchantId: string, req: HttpRequest): Promise<HttpOutcome> {
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
    sendLimited,
    async send(merchantId, req) {
      const token = await tokens.getAccessToken(merchantId);
      const first = await sendLimited(merchantId, withBearer(req, token));
      if (first.kind !== 'response' || first.status !== 401) return first;
      const renewed = await tokens.refreshAfterUnauthorized(merchantId, token);
      return sendLimited(merchantId, withBearer(req, renewed));
    },
  };
}
