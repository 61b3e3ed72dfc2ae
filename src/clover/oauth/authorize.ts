// Builds the browser URL for `/oauth/v2/authorize` (on the web host, never the API host: D1)
// and reads the redirect Clover sends back.
import { timingSafeEqual } from 'node:crypto';
import { OAuthCallbackError } from '../errors';

export interface AuthorizeUrlParams {
  webBase: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
}

export function buildAuthorizeUrl(p: AuthorizeUrlParams): string {
  const url = new URL(`${p.webBase}/oauth/v2/authorize`);
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('code_challenge', p.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', p.state);
  return url.toString();
}

export interface AuthorizeCallback {
  code: string;
  merchantId: string;
  clientId: string | null;
}

/**
 * Parses `{redirect_uri}?merchant_id&client_id&code&state`. The state must match the one we
 * generated (compared in constant time) or the redirect is not ours.
 */
export function parseAuthorizeCallback(callbackUrl: string | URL, expectedState: string): AuthorizeCallback {
  const url = typeof callbackUrl === 'string' ? new URL(callbackUrl) : callbackUrl;
  const q = url.searchParams;
  const error = q.get('error');
  if (error) throw new OAuthCallbackError(`Clover refused the authorization: ${error.slice(0, 100)}`);
  const state = q.get('state');
  if (!state || !sameText(state, expectedState)) throw new OAuthCallbackError('OAuth state does not match this authorization attempt');
  const code = q.get('code');
  const merchantId = q.get('merchant_id');
  if (!code) throw new OAuthCallbackError('OAuth redirect carries no code');
  if (!merchantId) throw new OAuthCallbackError('OAuth redirect carries no merchant_id');
  return { code, merchantId, clientId: q.get('client_id') };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
