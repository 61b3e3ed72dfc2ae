// 429 handling: Clover did not process a throttled request, so repeating it is safe for every
// call, money included (same Idempotency-Key). Wait `retry-after` (or 1 s, then doubling),
// with a bounded number of attempts; the last 429 is returned for the caller to classify.
import type { HttpOutcome } from './transport';

export interface BackoffOptions {
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function retryOn429(send: () => Promise<HttpOutcome>, options: BackoffOptions = {}): Promise<HttpOutcome> {
  const maxRetries = options.maxRetries ?? 4;
  const base = options.baseDelayMs ?? 1_000;
  const max = options.maxDelayMs ?? 16_000;
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    const outcome = await send();
    if (outcome.kind !== 'response' || outcome.status !== 429 || attempt >= maxRetries) return outcome;
    const hinted = retryAfterMs(outcome.headers['retry-after']);
    await wait(Math.min(max, hinted ?? base * 2 ** attempt));
  }
}

/** `retry-after` as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
