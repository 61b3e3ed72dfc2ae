// What a Clover webhook body says, as far as routing needs: the one-shot verification
// challenge, or the merchants it concerns. Firehose format (§8):
//   {"appId":"…","merchants":{"<mId>":[{"objectId":"P:<mId>/<id>","type":"CREATE","ts":…}]}}
// and the single-merchant `{"merchantId":"…"}` shape are both read; nothing else is.

export type WebhookPayload =
  | { kind: 'verification'; code: string }
  | { kind: 'events'; merchantIds: string[] };

export type ParsedWebhook = { ok: true; payload: WebhookPayload } | { ok: false; reason: string };

// One decoder for every call: decode() without { stream: true } starts afresh each time.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseWebhookBody(bytes: Uint8Array): ParsedWebhook {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'body is not a JSON object' };
  }
  const body = value as Record<string, unknown>;
  if (typeof body.verificationCode === 'string') return { ok: true, payload: { kind: 'verification', code: body.verificationCode } };

  const ids = new Set<string>();
  const merchants = body.merchants;
  if (typeof merchants === 'object' && merchants !== null && !Array.isArray(merchants)) {
    for (const id of Object.keys(merchants)) ids.add(id);
  }
  if (typeof body.merchantId === 'string') ids.add(body.merchantId);
  if (ids.size === 0) return { ok: false, reason: 'no merchant id in body (merchants.<id> or merchantId)' };
  return { ok: true, payload: { kind: 'events', merchantIds: [...ids] } };
}
