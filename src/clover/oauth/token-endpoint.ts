// `/oauth/v2/token` (PKCE code exchange, no client secret) and `/oauth/v2/refresh` on the API
// host. JSON only (D3). Tokens and codes never reach a log line or an error message.
import { retryOn429, type BackoffOptions } from '../http/backoff';
import { errorInfo } from '../http/response';
import type { HttpOutcome, Transport } from '../http/transport';
import { OAuthExchangeError, ReauthorizeRequiredError, TokenRefreshError } from '../errors';
import { parseTokenPair, type TokenPair } from './tokens';

export interface TokenEndpoint {
  exchangeCode(code: string, codeVerifier: string): Promise<TokenPair>;
  /** Throws ReauthorizeRequiredError on 400/401 (D21), TokenRefreshError otherwise. */
  refresh(merchantId: string, refreshToken: string): Promise<TokenPair>;
}

export interface TokenEndpointOptions {
  transport: Transport;
  clientId: string;
  deadlineMs?: number;
  backoff?: BackoffOptions;
}

export function createTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  const deadlineMs = options.deadlineMs ?? 20_000;
  const post = (path: string, body: Record<string, string>): Promise<HttpOutcome> =>
    retryOn429(() => options.transport.send({ role: 'api', method: 'POST', path, body, deadlineMs }), options.backoff);

  return {
    async exchangeCode(code, codeVerifier) {
      const out = await post('/oauth/v2/token', { client_id: options.clientId, code, code_verifier: codeVerifier });
      if (out.kind !== 'response') throw new OAuthExchangeError(`code exchange failed: ${out.cause} (${out.errorCode})`);
      const pair = out.status === 200 ? parseTokenPair(out.json) : null;
      if (pair) return pair;
      const why = out.status === 200 ? 'unreadable token response' : (errorInfo(out.json).message ?? `HTTP ${out.status}`);
      throw new OAuthExchangeError(`Clover refused the authorization code: ${why}`, out.status);
    },

    async refresh(merchantId, refreshToken) {
      const out = await post('/oauth/v2/refresh', { client_id: options.clientId, refresh_token: refreshToken });
      if (out.kind !== 'response') {
        throw new TokenRefreshError(merchantId, `token refresh failed: ${out.cause} (${out.errorCode})`, true);
      }
      if (out.status === 400 || out.status === 401) {
        const why = errorInfo(out.json).message ?? `HTTP ${out.status}`;
        throw new ReauthorizeRequiredError(merchantId, 'refresh-rejected', `Clover rejected the token refresh for merchant ${merchantId}: ${why}`);
      }
      const pair = out.status === 200 ? parseTokenPair(out.json) : null;
      if (!pair) {
        // A 200 we cannot read has still burnt the old refresh token.
        throw new TokenRefreshError(merchantId, `token refresh failed: HTTP ${out.status}`, out.status === 200 || out.status >= 500);
      }
      return pair;
    },
  };
}
