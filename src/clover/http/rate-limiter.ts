// Client-side limiter per token (clover-api.md §6: 16 new requests/s and 5 in flight per
// token). Staying under the limits is cheaper than collecting 429s; the 429 backoff still
// covers clock skew between us and Clover.

export type Release = () => void;

export interface RateLimiter {
  /** Resolves when a request for `key` may start; call the returned function when it ends. */
  acquire(key: string): Promise<Release>;
}

export interface RateLimiterOptions {
  perSecond?: number;
  concurrent?: number;
  /** Sliding window, a little over 1 s so network jitter cannot squeeze 17 into Clover's second. */
  windowMs?: number;
  now?: () => number;
}

interface KeyState {
  starts: number[];
  inFlight: number;
  waiting: Array<(release: Release) => void>;
  timer: ReturnType<typeof setTimeout> | null;
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const perSecond = options.perSecond ?? 16;
  const concurrent = options.concurrent ?? 5;
  const windowMs = options.windowMs ?? 1_100;
  const now = options.now ?? Date.now;
  const states = new Map<string, KeyState>();

  function pump(key: string, state: KeyState): void {
    while (state.waiting.length > 0) {
      const t = now();
      while (state.starts.length > 0 && (state.starts[0] as number) <= t - windowMs) state.starts.shift();
      if (state.inFlight >= concurrent) return; // a release will pump again
      if (state.starts.length >= perSecond) {
        if (!state.timer) {
          const wait = (state.starts[0] as number) + windowMs - t;
          state.timer = setTimeout(() => {
            state.timer = null;
            pump(key, state);
          }, Math.max(1, wait));
        }
        return;
      }
      state.inFlight++;
      state.starts.push(t);
      const resolve = state.waiting.shift() as (release: Release) => void;
      resolve(releaseFor(key, state));
    }
    if (state.inFlight === 0 && !state.timer && state.starts.every((s) => s <= now() - windowMs)) states.delete(key);
  }

  function releaseFor(key: string, state: KeyState): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      state.inFlight--;
      pump(key, state);
    };
  }

  return {
    acquire(key) {
      let state = states.get(key);
      if (!state) {
        state = { starts: [], inFlight: 0, waiting: [], timer: null };
        states.set(key, state);
      }
      const s = state;
      return new Promise<Release>((resolve) => {
        s.waiting.push(resolve);
        pump(key, s);
      });
    },
  };
}
