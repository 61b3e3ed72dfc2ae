// The Node server's memory of used states: each nonce until its state expires, bounded, and
// refusing (not forgetting) when full. The KV store is exercised under `wrangler dev`
// (test/integration/dispatcher-workers.test.ts).
import { describe, expect, it } from 'vitest';
import { memoryNonceStore } from '../../src/dispatcher/nonce-store';

describe('memory nonce store', () => {
  it('lets a nonce through once until it expires, then forgets it', async () => {
    const store = memoryNonceStore();
    expect(await store.claim('a', 1000, 10)).toBe('fresh');
    expect(await store.claim('a', 1000, 999)).toBe('replayed');
    expect(await store.claim('b', 1000, 999)).toBe('fresh');
    // Past its expiry the state itself is refused as expired; the slot may be reused.
    expect(await store.claim('a', 5000, 1000)).toBe('fresh');
  });

  it('is bounded: expired nonces are swept when full, and a full store of live ones refuses', async () => {
    const store = memoryNonceStore(3);
    for (const n of ['a', 'b', 'c']) expect(await store.claim(n, 100, 0)).toBe('fresh');
    expect(await store.claim('d', 100, 50)).toBe('full');
    expect(await store.claim('a', 100, 50)).toBe('replayed'); // nothing was forgotten to make room
    expect(store.size()).toBe(3);
    expect(await store.claim('d', 300, 100)).toBe('fresh'); // a, b, c expired at 100: swept
    expect(store.size()).toBe(1);
  });
});
