// POST /clover/webhook: Clover posts every merchant's events to one URL; each routed merchant's
// ERP gets the raw body. All forwards are awaited; if any fails the answer is 502, so Clover
// retries the delivery (ERPs must treat a repeat as a no-op: events carry object ids).
import { MERCHANT_ID } from './config';
import type { DispatcherContext } from './context';
import type { DispatchRequest } from './handler';
import { readCappedBody } from './body';
import { forwardWebhook, mapLimited, type ForwardResult } from './forward';
import { jsonResponse, methodNotAllowed, textResponse } from './responses';
import { parseWebhookBody } from './webhook-payload';

/** A route serving more merchants than this is reported (and logged) by count, plus the first few. */
const LISTED_MERCHANTS = 20;

interface RouteReport {
  /** The merchants this route serves, the first LISTED_MERCHANTS of them. */
  merchants: string[];
  /** Present when `merchants` is cut short: how many there are in all. */
  merchantCount?: number;
  ok: boolean;
  status?: number;
  error?: string;
}

export async function handleWebhook(request: DispatchRequest, ctx: DispatcherContext): Promise<Response> {
  // Clover (and humans) probe the URL with GET before sending anything.
  if (request.method === 'GET' || request.method === 'HEAD') return textResponse(200, 'ok');
  if (request.method !== 'POST') return methodNotAllowed('GET, HEAD, POST');

  const body = await readCappedBody(request, ctx.config.maxBodyBytes);
  if (!body.ok) {
    ctx.log.log('warn', 'webhook refused', { status: body.status, reason: body.reason });
    return textResponse(body.status, body.reason);
  }
  const parsed = parseWebhookBody(body.bytes);
  if (!parsed.ok) {
    ctx.log.log('warn', 'webhook refused', { status: 400, reason: parsed.reason });
    return textResponse(400, parsed.reason);
  }

  // url -> merchants it serves, so a body goes once to an ERP that serves several merchants.
  const targets = new Map<string, string[]>();
  const unknown: string[] = [];
  const payload = parsed.payload;
  if (payload.kind === 'verification') {
    // Someone is setting up the webhook in the Clover dashboard and needs this code now.
    ctx.log.log('warn', `*** CLOVER WEBHOOK VERIFICATION CODE: ${printable(payload.code)} *** paste it into the app's webhook settings`);
    for (const [merchant, urls] of ctx.config.routes) for (const url of urls) addTarget(targets, url, merchant);
  } else {
    for (const id of payload.merchantIds) {
      const urls = ctx.config.routes.get(id);
      if (urls) for (const url of urls) addTarget(targets, url, id);
      else unknown.push(id);
    }
  }
  if (unknown.length > 0) {
    const shown = unknown.filter((id) => MERCHANT_ID.test(id)).slice(0, LISTED_MERCHANTS);
    ctx.log.log('warn', 'webhook for unknown merchant(s), not forwarded', { count: unknown.length, merchants: shown });
  }

  const entries = [...targets];
  const send = (url: string): Promise<ForwardResult> => forwardWebhook(ctx.forward, url, body.bytes, request.headers, ctx.config.forwardTimeoutMs, ctx.now);
  // Most events concern one merchant: one forward, no need for the bounded fan-out.
  const results = entries.length === 1 ? [await send(entries[0]![0])] : await mapLimited(entries, ctx.config.forwardConcurrency, ([url]) => send(url));
  const forwarded = entries.map(([url, merchants], i) => report(ctx, url, merchants, results[i]!));
  const verification = payload.kind === 'verification';
  const status = forwarded.some((r) => !r.ok) ? 502 : forwarded.length === 0 && !verification ? 202 : 200;
  if (verification) return jsonResponse(status, { verification: true, forwarded });
  const unknownShown = unknown.filter((id) => MERCHANT_ID.test(id));
  return jsonResponse(status, unknownShown.length > LISTED_MERCHANTS
    ? { forwarded, unknown: unknownShown.slice(0, LISTED_MERCHANTS), unknownCount: unknownShown.length }
    : { forwarded, unknown: unknownShown });
}

function addTarget(targets: Map<string, string[]>, url: string, merchant: string): void {
  const list = targets.get(url);
  if (list) list.push(merchant);
  else targets.set(url, [merchant]);
}

/** Logs one forward by route origin only (a path may carry an ERP token) and reports it to Clover. */
function report(ctx: DispatcherContext, url: string, merchants: string[], r: ForwardResult): RouteReport {
  const many = merchants.length > LISTED_MERCHANTS;
  const fields = { merchants: many ? `${merchants.length} merchants` : merchants, route: ctx.config.routeOrigins.get(url) ?? new URL(url).origin, status: r.status, error: r.error, ms: r.ms };
  ctx.log.log(r.ok ? 'info' : 'warn', r.ok ? 'webhook forwarded' : 'webhook forward failed', fields);
  // Clover reads only the status; a person reading the answer gets a count, not 1,001 ids.
  const out: RouteReport = many ? { merchants: merchants.slice(0, LISTED_MERCHANTS), merchantCount: merchants.length, ok: r.ok } : { merchants, ok: r.ok };
  if (r.status !== undefined) out.status = r.status;
  if (r.error !== undefined) out.error = r.error;
  return out;
}

function printable(code: string): string {
  return /^[A-Za-z0-9-]{1,100}$/.test(code) ? code : '(unprintable code; see the forwarded body)';
}
