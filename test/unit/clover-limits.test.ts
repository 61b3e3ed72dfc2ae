import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryAfterMs, retryOn429 } from '../../src/clover/http/backoff';
import { createRateLimiter } from '../../src/clover/http/rate-limiter';
import type { HttpOutcome } from '../../src/clover/http/transport';

describe('clover rate limiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('allows at most 5 requests in flight per token', async () => {
    const limiter = createRateLimiter({ perSecond: 100, concurrent: 5 });
    const releases: Array<() => void> = [];
    let started = 0;
    for (let i = 0; i < 7; i++) void limiter.acquire('tok').then((r) => (started++, releases.push(r)));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(5);
    releases[0]?.();
    releases[0]?.(); // double release is harmless
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(6);
    // Another token is not held up.
    let other = false;
    void limiter.acquire('other').then(() => (other = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(other).toBe(true);
  });

  it('starts at most 16 requests per second per token', async () => {
    const limiter = createRateLimiter({ perSecond: 16, concurrent: 100, windowMs: 1000 });
    const startedAt: number[] = [];
    for (let i = 0; i < 40; i++) void limiter.acquire('tok').then((release) => (startedAt.push(Date.now()), release()));
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt.length).toBe(16);
    await vi.advanceTimersByTimeAsync(1000);
    expect(startedAt.length).toBe(32);
    await vi.advanceTimersByTimeAsync(1000);
    expect(startedAt.length).toBe(40);
    // No 1-second window ever saw more than 16 starts.
    for (const t of startedAt) expect(startedAt.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(16);
  });
});

describe('clover 429 backoff', () => {
  const r429 = (retryAfter?: string): HttpOutcome => ({ kind: 'response', status: 429, headers: retryAfter ? { 'retry-after': retryAfter } : {}, text: '', json: undefined });
  const ok: HttpOutcome = { kind: 'response', status: 200, headers: {}, text: '{}', json: {} };

  it('waits retry-after, else 1 s then doubling, and stops after the bound', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    let calls = 0;
    const out = await retryOn429(async () => (++calls <= 3 ? r429(calls === 1 ? '2' : undefined) : ok), { sleep });
    expect(out).toBe(ok);
    expect(waits).toEqual([2000, 2000, 4000]);

    waits.length = 0;
    calls = 0;
    const last = await retryOn429(async () => (calls++, r429()), { sleep, maxRetries: 3, maxDelayMs: 3000 });
    expect(last).toMatchObject({ status: 429 });
    expect(calls).toBe(4);
    expect(waits).toEqual([1000, 2000, 3000]);
  });

  it('never repeats anything but a 429', async () => {
    let calls = 0;
    const out = await retryOn429(async () => (calls++, { kind: 'response', status: 500, headers: {}, text: '', json: undefined }), { sleep: async () => {} });
    expect(out).toMatchObject({ status: 500 });
    expect(calls).toBe(1);
  });

  it('parses retry-after as seconds or a date', () => {
    expect(retryAfterMs('1')).toBe(1000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
