// Response helpers. Nothing the dispatcher answers may be cached: states and codes are one-shot.

const COMMON = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

// The text each helper put in its Response. A Response body can only be read back through a
// stream, which cost the Node server as much as building the Response; it sends this instead.
// (A body cannot be replaced after construction, so the entry stays true.)
const texts = new WeakMap<Response, string>();

/** The body a helper below gave `response`, or undefined (then read response.body). */
export function knownBodyText(response: Response): string | undefined {
  return texts.get(response);
}

function withText(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  texts.set(response, text);
  return response;
}

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return withText(`${text}\n`, { status, headers: { ...COMMON, 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

export function jsonResponse(status: number, value: unknown): Response {
  return withText(JSON.stringify(value), { status, headers: { ...COMMON, 'content-type': 'application/json' } });
}

/** 302 without a body; no Referer leaks the query (it carries the OAuth code) onwards. */
export function redirectResponse(location: string): Response {
  return new Response(null, { status: 302, headers: { ...COMMON, location, 'referrer-policy': 'no-referrer' } });
}

/**
 * What a webhook caller is told: accepted or refused, and nothing else. Callers are anonymous
 * (anyone can post to the URL), so no merchant id, ERP status or count goes back; the status
 * code still tells Clover whether to retry (5xx) and the log keeps the details.
 */
export function webhookAccepted(): Response {
  return textResponse(200, 'accepted');
}

export function webhookRefused(status: number, headers: Record<string, string> = {}): Response {
  return textResponse(status, 'refused', headers);
}

export function methodNotAllowed(allow: string): Response {
  return textResponse(405, 'method not allowed', { allow });
}
