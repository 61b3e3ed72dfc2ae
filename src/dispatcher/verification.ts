// Clover's webhook verification challenge: while someone sets up the webhook URL in the
// Clover dashboard, Clover posts `{"verificationCode":"<uuid>"}` once, unsigned, and that
// person must paste the code back. So it is accepted without X-Clover-Auth-Code and written to
// the log where the operator reads it, as the original Worker did. Anyone can send one, so:
// - each source gets VERIFICATION_LIMIT_PER_MINUTE of them; more are refused (429);
// - it goes to an ERP only when VERIFICATION_FORWARD_URL names one route (off by default),
//   never to every route;
// - its log lines have fixed texts, the code and source are fields: the flood guard counts
//   lines by text, so a flood of codes is one counted message instead of thousands of distinct
//   texts that each pass the guard (and push every other message's count out of its table),
//   and refusals are counted apart from the accepted codes the operator is looking for.
import type { DispatcherContext } from './context';
import { forwardWebhook } from './forward';
import type { DispatchRequest } from './handler';
import { webhookAccepted, webhookRefused } from './responses';

export const VERIFICATION_LOG_LINE = '*** CLOVER WEBHOOK VERIFICATION CODE *** paste verificationCode into the webhook settings of the Clover app';
export const VERIFICATION_LIMITED_LOG_LINE = 'webhook verification refused: too many from this source';

export async function handleVerification(code: string, body: Uint8Array<ArrayBuffer>, request: DispatchRequest, ctx: DispatcherContext): Promise<Response> {
  const source = ctx.sourceOf(request);
  if (!(await ctx.verificationLimiter.allow(source))) {
    ctx.log.log('warn', VERIFICATION_LIMITED_LOG_LINE, { source });
    return webhookRefused(429, { 'retry-after': '60' });
  }
  ctx.log.log('warn', VERIFICATION_LOG_LINE, { verificationCode: printable(code), source });

  const url = ctx.config.verificationForwardUrl;
  if (url !== null) {
    const r = await forwardWebhook(ctx.forward, url, body, request.headers, ctx.config.forwardTimeoutMs, ctx.now);
    const fields = { route: ctx.config.routeOrigins.get(url), status: r.status, error: r.error, ms: r.ms };
    ctx.log.log(r.ok ? 'info' : 'warn', r.ok ? 'webhook verification forwarded' : 'webhook verification forward failed', fields);
  }
  // The code is in the log whatever the ERP said; Clover sends it once and does not retry.
  return webhookAccepted();
}

function printable(code: string): string {
  return /^[A-Za-z0-9-]{1,100}$/.test(code) ? code : '(unprintable code)';
}
