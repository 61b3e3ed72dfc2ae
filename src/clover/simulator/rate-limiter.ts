// D16: per access token, at most N new requests per second and M in flight on the API host.
// Long-held payments count as in flight, so a till cannot flood the API while it waits.
import { performance } from 'node:perf_hooks';

export interface RateLimit {
  perSecond: number;
  concurrent: number;
}

interface Bucket {
  starts: number[]; // performance.now() of recent accepted requests
  inFlight: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit | false) {}

  /** A release function when the request may proceed, or undefined for a 429. */
  acquire(token: string): (() => void) | undefined {
    if (!this.limit) return () => {};
    const now = performance.now();
    let bucket = this.buckets.get(token);
    if (!bucket) {
      bucket = { starts: [], inFlight: 0 };
      this.buckets.set(token, bucket);
    }
    while (bucket.starts.length > 0 && (bucket.starts[0] ?? 0) <= now - 1000) bucket.starts.shift();
    if (bucket.starts.length >= this.limit.perSecond || bucket.inFlight >= this.limit.concurrent) return undefined;
    bucket.starts.push(now);
    bucket.inFlight++;
    const b = bucket;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      b.inFlight--;
    };
  }

  clear(): void {
    // In-flight counts stay right: their release closures hold the old buckets.
    this.buckets.clear();
  }
}
