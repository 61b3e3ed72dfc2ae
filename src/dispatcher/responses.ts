// Response helpers. Nothing the dispatcher answers may be cached: states and codes are one-shot.

const COMMON = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, { status, headers: { ...COMMON, 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

export function jsonResponse(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { ...COMMON, 'content-type': 'application/json' } });
}

/** 302 without a body; no Referer leaks the query (it carries the OAuth code) onwards. */
export function redirectResponse(location: string): Response {
  return new Response(null, { status: 302, headers: { ...COMMON, location, 'referrer-policy': 'no-referrer' } });
}

export function methodNotAllowed(allow: string): Response {
  return textResponse(405, 'method not allowed', { allow });
}
