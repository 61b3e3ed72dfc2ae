// GET /clover/launch?merchant_id=X: the app's Alternate Launch Path (App Market "Connect").
// Mints a fresh state pointing at that merchant's Odoo callback and sends the browser to
// Clover's authorize page. The ERP is a high-trust client (it exchanges the code with the
// app secret), so no PKCE challenge here; tills start their own PKCE flow instead.
import { signState } from '../shared/signed-state';
import { MERCHANT_ID } from './config';
import type { DispatcherContext } from './context';
import { redirectResponse, textResponse } from './responses';

export const CALLBACK_PATH = '/clover/callback';

export async function handleLaunch(url: URL, ctx: DispatcherContext): Promise<Response> {
  const merchant = url.searchParams.get('merchant_id') ?? '';
  if (!MERCHANT_ID.test(merchant)) return textResponse(400, 'merchant_id missing or invalid');
  const base = ctx.config.odooBases.get(merchant);
  if (!base) {
    ctx.log.log('warn', 'launch for unknown merchant', { merchant_id: merchant });
    return textResponse(404, 'unknown merchant');
  }

  const state = await signState({ redirect_to: `${base}${ctx.config.merchantCallbackPath}`, customer: merchant }, ctx.config.secrets[0]!, ctx.now(), ctx.hmac);
  const authorize = new URL(`${ctx.config.authorizeBase}/oauth/v2/authorize`);
  authorize.searchParams.set('client_id', ctx.config.cloverAppId);
  authorize.searchParams.set('merchant_id', merchant);
  authorize.searchParams.set('redirect_uri', `${ctx.config.publicUrl ?? url.origin}${CALLBACK_PATH}`);
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('state', state);
  ctx.log.log('info', 'launch redirected to Clover authorize', { merchant_id: merchant });
  return redirectResponse(authorize.href);
}
