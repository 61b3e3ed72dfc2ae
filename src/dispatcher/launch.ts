// GET /clover/launch?merchant_id=X: the app's Alternate Launch Path (App Market "Connect").
// Mints a fresh state for merchant X pointing at X's Odoo callback and sends the browser to
// Clover's authorize page. The ERP is a high-trust client (it exchanges the code with the
// app secret), so no PKCE challenge here; tills start their own PKCE flow instead.
// redirect_uri is DISPATCHER_PUBLIC_URL's callback, never built from the request's Host header
// (which the caller chooses); without that URL the path refuses.
import { MERCHANT_ID } from './config';
import type { DispatcherContext } from './context';
import { signLaunchState } from './launch-state';
import { redirectResponse, textResponse } from './responses';

export const CALLBACK_PATH = '/clover/callback';

export async function handleLaunch(url: URL, ctx: DispatcherContext): Promise<Response> {
  const publicUrl = ctx.config.publicUrl;
  if (publicUrl === null) {
    ctx.log.log('warn', 'launch refused: DISPATCHER_PUBLIC_URL is not set');
    return textResponse(503, 'launch path not configured: DISPATCHER_PUBLIC_URL (this dispatcher\'s public https URL) is not set');
  }
  const merchant = url.searchParams.get('merchant_id') ?? '';
  if (!MERCHANT_ID.test(merchant)) return textResponse(400, 'merchant_id missing or invalid');
  const base = ctx.config.odooBases.get(merchant);
  if (!base) {
    ctx.log.log('warn', 'launch for unknown merchant', { merchant_id: merchant });
    return textResponse(404, 'unknown merchant');
  }

  const state = await signLaunchState(`${base}${ctx.config.merchantCallbackPath}`, merchant, ctx.config.secrets[0]!, ctx.now(), ctx.hmac);
  const authorize = new URL(`${ctx.config.authorizeBase}/oauth/v2/authorize`);
  authorize.searchParams.set('client_id', ctx.config.cloverAppId);
  authorize.searchParams.set('merchant_id', merchant);
  authorize.searchParams.set('redirect_uri', `${publicUrl}${CALLBACK_PATH}`);
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('state', state);
  ctx.log.log('info', 'launch redirected to Clover authorize', { merchant_id: merchant });
  return redirectResponse(authorize.href);
}
