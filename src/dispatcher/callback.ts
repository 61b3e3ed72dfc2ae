// GET /clover/callback: the app's one Site URL. Clover sends every merchant's browser here;
// the signed state says which till or ERP started the flow, and the browser goes on there
// with every query parameter (code, merchant_id, client_id, state) untouched.
import { verifySignedState, type StateFailureReason } from '../shared/signed-state';
import type { DispatcherContext } from './context';
import { checkRedirect } from './redirect-policy';
import { redirectResponse, textResponse } from './responses';

const REASONS: Record<StateFailureReason, string> = {
  malformed: 'malformed state',
  forged: 'invalid state signature',
  expired: 'expired state',
  not_yet_valid: 'state issued in the future',
};

export async function handleCallback(url: URL, ctx: DispatcherContext): Promise<Response> {
  const verified = await verifySignedState(url.searchParams.get('state'), ctx.config.secrets, { now: ctx.now(), hmac: ctx.hmac });
  if (!verified.ok) return refuse(ctx, REASONS[verified.reason]);

  const target = checkRedirect(verified.payload.redirect_to, ctx.config.redirectPolicy);
  if (!target.ok) return refuse(ctx, target.reason);

  const location = target.url;
  for (const [name, value] of url.searchParams) location.searchParams.append(name, value);
  ctx.log.log('info', 'oauth callback redirected', {
    to: location.host,
    customer: verified.payload.customer,
    merchant_id: url.searchParams.get('merchant_id'),
    previous_secret: verified.secretIndex > 0 || undefined,
  });
  return redirectResponse(location.href);
}

function refuse(ctx: DispatcherContext, reason: string): Response {
  ctx.log.log('warn', 'oauth callback refused', { reason });
  return textResponse(403, `forbidden: ${reason}`);
}
