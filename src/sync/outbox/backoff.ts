// Exponential backoff with jitter: attempt n waits base*2^(n-1), capped, then a random
// 50-100% of that ("equal jitter"), so tills coming back online do not retry in lockstep.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.round(exp / 2 + (exp / 2) * random());
}
