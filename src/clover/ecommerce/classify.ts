// Ecommerce answers (§5.3): 402 is a decline, `card_error` is a decline, the error envelope is
// `{"error":{…}}` or a bare `{message}` (D8). Everything else follows the common rules.
import { classifyFailure } from '../classify';
import { errorInfo, isRecord } from '../http/response';
import type { HttpOutcome } from '../http/transport';
import type { MoneyContext, MoneyResult } from '../results';

export type EcomReading<T> = { approved: T } | { declined: T; code?: string } | { pending: string } | null;

export function classifyEcom<T>(out: HttpOutcome, ctx: MoneyContext, read: (json: Record<string, unknown>) => EcomReading<T>): MoneyResult<T> {
  if (out.kind === 'response' && (out.status === 402 || (out.status === 400 && errorInfo(out.json).type === 'card_error'))) {
    const info = errorInfo(out.json);
    return {
      ...ctx,
      kind: 'declined',
      httpStatus: out.status,
      ...(info.message ? { message: info.message } : {}),
      ...(info.code ? { code: info.code } : {}),
      ...(info.declineCode ? { declineCode: info.declineCode } : {}),
    };
  }
  const failure = classifyFailure(out);
  if (failure) return { ...ctx, ...failure };
  if (out.kind !== 'response') throw new Error('unreachable');
  const reading = isRecord(out.json) ? read(out.json) : null;
  if (!reading) return { ...ctx, kind: 'unknown', cause: 'unparseable', httpStatus: out.status, message: 'unreadable response' };
  if ('pending' in reading) return { ...ctx, kind: 'unknown', cause: 'pending', httpStatus: out.status, message: `status ${reading.pending}` };
  if ('approved' in reading) return { ...ctx, kind: 'approved', value: reading.approved, httpStatus: out.status };
  return { ...ctx, kind: 'declined', value: reading.declined, httpStatus: out.status, ...(reading.code ? { code: reading.code } : {}) };
}
