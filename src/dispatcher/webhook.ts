// POST /clover/webhook: Clover posts every merchant's events to one URL; each routed merchant's
// ERP gets the raw body. All forwards are awaited; if any fails the answer is 502, so Clover
// retries the delivery (ERPs must treat a repeat as a no-op: events carry object ids). The
// caller is told only accepted or refused (responses.ts); the log has the rest.
import { MERCHANT_ID } from './config';
import type { DispatcherContext } from './context';
import type { DispatchRequest } from './handler';
import { readCappedBody } from './body';
import { forwardWebhook, mapLimited, type ForwardResult } from './forward';
import { methodNotAllowed, textResponse, webhookAccepted, webhookRefused } from './responses';
import { handleVerification } from './verification';
import { parseWebhookBody } from './webhook-payload';

/** A route serving more merchants than this is logged by count, plus the first few. */
const LISTED_MERCHANTS = 20;

export async function handleWebhook(request: DispatchRequest, ctx: DispatcherContext): Promise<Response> {
  // Clover (and humans) probe the URL with GET before sending anything.
  if (request.method === 'GET' || request.method === 'HEAD') return textResponse(200, 'ok');
  if (request.method !== 'POST') return methodNotAllowed('GET, HEAD, POST');

  const body = await readCappedBody(request, ctx.config.maxBodyBytes);
  if (!body.ok) {
    ctx.log.log('warn', 'webhook refused', { status: body.status, reason: body.reason });
    return webhookRefused(body.status);
  }
  const parsed = parseWebhookBody(body.bytes);
  if (!parsed.ok) {
    ctx.log.log('warn', 'webhook refused', { status: 400, reason: parsed.reason });
    return webhookRefused(400);
  }
  const payload = parsed.payload;
  if (payload.kind === 'verification') return handleVerification(payload.code, body.bytes, request, ctx);

  // url -> merchants it serves, so a body goes once to an ERP that serves several merchants.
  const targets = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const id of payload.merchantIds) {
    const urls = ctx.config.routes.get(id);
    if (urls) for (const url of urls) addTarget(targets, url, id);
    else unknown.push(id);
  }
  if (unknown.length > 0) {
    const shown = unknown.filter((id) => MERCHANT_ID.test(id)).slice(0, LISTED_MERCHANTS);
    ctx.log.log('warn', 'webhook for unknown merchant(s), not forwarded', { count: unknown.length, merchants: shown });
  }

  const entries = [...targets];
  const send = (url: string): Promise<ForwardResult> => forwardWebhook(ctx.forward, url, body.bytes, request.headers, ctx.config.forwardTimeoutMs, ctx.now);
  // Most events concern one merchant: one forward, no need for the bounded fan-out.
  const results = entries.length === 1 ? [await send(entries[0]![0])] : await mapLimited(entries, ctx.config.forwardConcurrency, ([url]) => send(url));
  let failed = false;
  entries.forEach(([url, merchants], i) => {
    const r = results[i]!;
    failed ||= !r.ok;
    logForward(ctx, url, merchants, r);
  });
  // An unknown merchant is answered like a known one (no way to probe which ids are routed);
  // a retry would not help it.
  return failed ? webhookRefused(502) : webhookAccepted();
}

function addTarget(targets: Map<string, string[]>, url: string, merchant: string): void {
  const list = targets.get(url);
  if (list) list.push(merchant);
  else targets.set(url, [merchant]);
}

/** Logs one forward by route origin only (a path may carry an ERP token). */
function logForward(ctx: DispatcherContext, url: string, merchants: string[], r: ForwardResult): void {
  const many = merchants.length > LISTED_MERCHANTS;
  const fields = { merchants: many ? `${merchants.length} merchants` : merchants, route: ctx.config.routeOrigins.get(url) ?? new URL(url).origin, status: r.status, error: r.error, ms: r.ms };
  ctx.log.log(r.ok ? 'info' : 'warn', r.ok ? 'webhook forwarded' : 'webhook forward failed', fields);
}
