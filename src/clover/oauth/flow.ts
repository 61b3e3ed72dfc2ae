// The desktop authorization flow in two calls: `begin` gives the URL to open in the system
// browser (keep the returned attempt in memory), `complete` takes the redirect URL, checks
// state, exchanges the code with the PKCE verifier and stores the pair before returning.
import { CloverInputError } from '../errors';
import { buildAuthorizeUrl, parseAuthorizeCallback } from './authorize';
import { createPkcePair, createState } from './pkce';
import type { TokenEndpoint } from './token-endpoint';
import type { TokenProvider } from './token-provider';

export interface AuthorizationAttempt {
  /** Open this in the system browser. */
  url: string;
  state: string;
  /** Secret: keep in memory only, never log. */
  codeVerifier: string;
  redirectUri: string;
}

export interface OAuthFlow {
  begin(options: { redirectUri: string; state?: string }): AuthorizationAttempt;
  complete(attempt: AuthorizationAttempt, callbackUrl: string | URL): Promise<{ merchantId: string }>;
}

export interface OAuthFlowOptions {
  webBase: string;
  clientId: string;
  endpoint: TokenEndpoint;
  tokens: TokenProvider;
}

export function createOAuthFlow(options: OAuthFlowOptions): OAuthFlow {
  return {
    begin({ redirectUri, state }) {
      try {
        new URL(redirectUri);
      } catch {
        throw new CloverInputError('redirectUri', 'redirectUri must be an absolute URL');
      }
      const pkce = createPkcePair();
      const chosenState = state ?? createState();
      const url = buildAuthorizeUrl({
        webBase: options.webBase,
        clientId: options.clientId,
        redirectUri,
        codeChallenge: pkce.challenge,
        state: chosenState,
      });
      return { url, state: chosenState, codeVerifier: pkce.verifier, redirectUri };
    },

    async complete(attempt, callbackUrl) {
      const callback = parseAuthorizeCallback(callbackUrl, attempt.state);
      const pair = await options.endpoint.exchangeCode(callback.code, attempt.codeVerifier);
      await options.tokens.save(callback.merchantId, pair);
      return { merchantId: callback.merchantId };
    },
  };
}
