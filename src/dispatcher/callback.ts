// GET /clover/callback: the app's one Site URL. Clover sends every merchant's browser here;
// the signed state says which till or ERP started the flow, and the browser goes on there
// with every query parameter (code, merchant_id, client_id, state) untouched. A state is good
// once: its nonce is remembered until the state expires.
import { STATE_MAX_AGE_SEC } from '../shared/signed-state';
import { checkCallbackState } from './callback-state';
import type { DispatcherContext } from './context';
import { redirectResponse, textResponse } from './responses';

export async function handleCallback(url: URL, ctx: DispatcherContext): Promise<Response> {
  const merchantId = url.searchParams.get('merchant_id');
  const checked = await checkCallbackState(url.searchParams.get('state'), merchantId, ctx);
  if (!checked.ok) return refuse(ctx, 403, checked.reason);

  const { payload, signer, target } = checked;
  const nowSec = Math.floor(ctx.now() / 1000);
  const claim = await ctx.nonces.claim(payload.nonce, payload.iat + STATE_MAX_AGE_SEC + 1, nowSec);
  if (claim === 'replayed') return refuse(ctx, 403, 'state already used');
  if (claim === 'full') return refuse(ctx, 503, 'too many sign-ins in the last hour; try again later');

  for (const [name, value] of url.searchParams) target.searchParams.append(name, value);
  ctx.log.log('info', 'oauth callback redirected', {
    to: target.host,
    till: signer.kind === 'till' ? signer.tillId : undefined,
    customer: signer.kind === 'dispatcher' ? payload.customer : undefined,
    merchant_id: merchantId,
    previous_secret: (signer.kind === 'dispatcher' && signer.previousSecret) || undefined,
  });
  return redirectResponse(target.href);
}

function refuse(ctx: DispatcherContext, status: 403 | 503, reason: string): Response {
  ctx.log.log('warn', 'oauth callback refused', { reason });
  return textResponse(status, status === 403 ? `forbidden: ${reason}` : reason);
}
