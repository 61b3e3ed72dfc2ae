// Reads a request body up to a byte limit. A declared Content-Length over the limit is refused
// before a byte is read; without one (chunked) or with one that lies (a Workers or test
// Request can say anything), the stream is counted and cancelled as soon as it passes the limit.
import type { DispatchRequest } from './handler';

export type BodyResult = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; status: 400 | 413; reason: string };

export async function readCappedBody(request: Pick<DispatchRequest, 'headers' | 'body'>, maxBytes: number): Promise<BodyResult> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!/^\d{1,15}$/.test(declared.trim())) return { ok: false, status: 400, reason: 'invalid Content-Length' };
    if (Number(declared) > maxBytes) return tooLarge(maxBytes);
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
    try {
      chunk = await reader.read();
    } catch {
      return { ok: false, status: 400, reason: 'body could not be read' }; // the client went away
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Not awaited: a peer that keeps sending must not hold the answer back.
      reader.cancel().catch(() => {});
      return tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return { ok: true, bytes: chunks[0]! };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { ok: true, bytes };
}

function tooLarge(maxBytes: number): BodyResult {
  return { ok: false, status: 413, reason: `body larger than ${maxBytes} bytes` };
}
