// What a failed delivery means for the item and for the queue (odoo-erp.md §11). Pure: the
// worker applies the effects (record the result, pause the queue, hold new claims).
import { LedgerUnavailableError } from '../errors';
import { OdooError, stopReason } from '../odoo/errors';
import { backoffDelay, type BackoffPolicy } from './backoff';
import type { Claim, ItemResult, PauseKind } from './store';

export interface Decision {
  result: ItemResult;
  /** Stop the whole queue, with words for a person. */
  pause?: { reason: string; kind: PauseKind };
  /** Odoo unreachable or overloaded: claim nothing new before this time. */
  holdUntil?: number;
}

export interface DecideContext {
  backoff: BackoffPolicy;
  random: () => number;
  maxServerErrors: number;
  now: number;
  /** 400s seen in a row so far, including this one if it is a 400. */
  consecutive400: number;
}

const OVERLOADED = new Set([429, 502, 503, 504]);

export function decideFailure(claim: Claim, err: unknown, ctx: DecideContext): Decision {
  const { id } = claim.item;
  const token = claim.token;
  if (err instanceof LedgerUnavailableError) return { result: { id, token, outcome: 'release', error: err.message, errorClass: 'retryable' } };
  if (!(err instanceof OdooError)) {
    return { result: { id, token, outcome: 'park', reason: `Internal error while sending: ${String(err).slice(0, 200)}`, error: String(err), errorClass: 'permanent' } };
  }
  switch (err.errorClass) {
    case 'stop': {
      const auth = err.status === 401; // a missing key is reported as 401 too: it resumes once one is stored
      return {
        result: { id, token, outcome: 'release', error: err.message, errorClass: 'stop' },
        pause: { reason: err.kind === 'config' ? err.message : stopReason(err), kind: auth ? 'auth' : 'stop' },
      };
    }
    case 'retryable': {
      if (err.serverError && claim.serverErrors + 1 >= ctx.maxServerErrors) {
        return {
          result: { id, token, outcome: 'park', reason: `Odoo failed with a server error ${claim.serverErrors + 1} times: ${err.message}`, error: err.message, errorClass: 'retryable' },
        };
      }
      const delayMs = Math.max(backoffDelay(claim.item.attempts, ctx.backoff, ctx.random), err.retryAfterMs ?? 0);
      const hold = err.kind === 'network' || err.kind === 'timeout' || OVERLOADED.has(err.status);
      return {
        result: { id, token, outcome: 'retry', error: err.message, errorClass: 'retryable', delayMs, serverError: err.serverError },
        ...(hold ? { holdUntil: ctx.now + delayMs } : {}),
      };
    }
    case 'ambiguous':
      // The next attempt searches by key before writing, so retrying soon is safe.
      return { result: { id, token, outcome: 'retry', error: err.message, errorClass: 'ambiguous', delayMs: backoffDelay(1, ctx.backoff, ctx.random), serverError: false } };
    case 'permanent':
    case 'duplicate':
      return {
        result: { id, token, outcome: 'park', reason: `Odoo refused this record: ${err.message}`, error: err.message, errorClass: err.errorClass },
        ...(err.status === 400 && ctx.consecutive400 >= 2
          ? { pause: { reason: 'Odoo rejected two requests in a row as malformed (400): this app and the Odoo server do not match.', kind: 'stop' as const } }
          : {}),
      };
  }
}
