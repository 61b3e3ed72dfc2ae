// HTTP outcome -> Failure, per clover-api.md §3.5 and §10. Returns null for a 2xx that the
// caller must read (200 is "the device processed it", not "paid").
import { errorInfo, isRecord } from './http/response';
import type { HttpOutcome } from './http/transport';
import type { Failure, ResultMeta } from './results';

export function metaOf(out: Extract<HttpOutcome, { kind: 'response' }>): ResultMeta {
  const info = errorInfo(out.json);
  const meta: ResultMeta = { httpStatus: out.status };
  if (info.message) meta.message = info.message;
  const code = info.code ?? info.type;
  if (code) meta.code = code;
  return meta;
}

export function classifyFailure(out: HttpOutcome): Failure | null {
  if (out.kind === 'transport-error') {
    return {
      kind: 'unknown',
      cause: out.cause === 'timeout' ? 'client-timeout' : 'network',
      errorCode: out.errorCode,
      message: out.cause === 'timeout' ? 'no answer before the client deadline' : `connection failed (${out.errorCode})`,
    };
  }
  const meta = metaOf(out);
  const s = out.status;
  if (isRecord(out.json) && out.json.type === 'RESOURCE_CONFLICT') return { ...meta, kind: 'busy' };
  if (s === 209) return { ...meta, kind: 'cancelled' };
  if (s >= 200 && s < 300) return null;
  if (s === 401) return { ...meta, kind: 'unauthorized' };
  // Throttled even after backoff, or another request holds the device: nothing was processed.
  if (s === 429 || s === 503 || s === 409) return { ...meta, kind: 'busy' };
  if (s === 504 || s === 408) return { ...meta, kind: 'timeout' };
  if (s >= 400 && s < 500) return { ...meta, kind: 'invalid' };
  if (s === 501) return { ...meta, kind: 'invalid' };
  // 500, 502 and anything unexpected: the outcome is indeterminate.
  return { ...meta, kind: 'unknown', cause: 'server-error' };
}
