// Per-source limits for the one unauthenticated thing the dispatcher acts on: Clover's
// webhook verification challenge. Node counts in memory; a Worker uses Cloudflare's rate
// limiting binding when wrangler.jsonc declares one, else the same memory counter (which then
// counts per Workers isolate only).

export interface RateLimiter {
  /** True when one more request from `source` is allowed now (and counts it). */
  allow(source: string): Promise<boolean>;
}

/** Sources counted at most at once; past that, unknown sources are refused until windows end. */
export const DEFAULT_SOURCE_LIMIT = 10_000;

interface Window {
  start: number;
  count: number;
}

/** A fixed window per source: `limit` requests per `windowMs`. Bounded, and refuses when full. */
export function memoryRateLimiter(limit: number, windowMs: number, now: () => number, sources: number = DEFAULT_SOURCE_LIMIT): RateLimiter {
  const windows = new Map<string, Window>();
  return {
    async allow(source) {
      const at = now();
      let window = windows.get(source);
      if (window && at - window.start >= windowMs) {
        window.start = at;
        window.count = 0;
      }
      if (!window) {
        if (windows.size >= sources) {
          for (const [key, w] of windows) if (at - w.start >= windowMs) windows.delete(key);
          // Still full: many sources at once is a flood, and a source not counted is not limited.
          if (windows.size >= sources) return false;
        }
        window = { start: at, count: 0 };
        windows.set(source, window);
      }
      if (window.count >= limit) return false;
      window.count++;
      return true;
    },
  };
}

/** The part of a Workers rate limiting binding (`ratelimits` in wrangler.jsonc) used here. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export function isRateLimitBinding(value: unknown): value is RateLimitBinding {
  return typeof value === 'object' && value !== null && typeof (value as RateLimitBinding).limit === 'function';
}

export function bindingRateLimiter(binding: RateLimitBinding): RateLimiter {
  return { allow: async (source) => (await binding.limit({ key: source })).success };
}
