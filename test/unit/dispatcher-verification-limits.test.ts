// What the verification challenge is limited by: a fixed window per source, bounded in the
// sources it counts, and the source as the platform gives it (CF-Connecting-IP on Workers;
// the socket, or our proxy's X-Forwarded-For entry, on Node), IPv6 per /64.
import { describe, expect, it } from 'vitest';
import { cloudflareSource, nodeSource, sourceKey } from '../../src/dispatcher/client-source';
import type { DispatchRequest } from '../../src/dispatcher/handler';
import { memoryRateLimiter } from '../../src/dispatcher/rate-limiter';

function request(headers: Record<string, string>, remoteAddress?: string): DispatchRequest {
  return { url: 'http://d.test/clover/webhook', method: 'POST', headers: new Headers(headers), body: null, remoteAddress };
}

describe('memory rate limiter', () => {
  it('allows `limit` per source per window, each source apart', async () => {
    let now = 0;
    const limiter = memoryRateLimiter(2, 60_000, () => now);
    expect([await limiter.allow('a'), await limiter.allow('a'), await limiter.allow('a'), await limiter.allow('b')]).toEqual([true, true, false, true]);
    now = 59_999;
    expect(await limiter.allow('a')).toBe(false);
    now = 60_000;
    expect(await limiter.allow('a')).toBe(true);
  });

  it('counts a bounded number of sources and refuses new ones while all windows are live', async () => {
    let now = 0;
    const limiter = memoryRateLimiter(5, 1000, () => now, 2);
    expect([await limiter.allow('a'), await limiter.allow('b'), await limiter.allow('c')]).toEqual([true, true, false]);
    now = 1000; // a's and b's windows ended: swept
    expect(await limiter.allow('c')).toBe(true);
  });
});

describe('request source', () => {
  it('is CF-Connecting-IP on Workers, whatever X-Forwarded-For says', () => {
    expect(cloudflareSource(request({ 'cf-connecting-ip': '203.0.113.9', 'x-forwarded-for': '1.1.1.1' }))).toBe('203.0.113.9');
    expect(cloudflareSource(request({}))).toBe('unknown');
  });

  it('is the socket on Node unless our proxy is trusted, then the entry that proxy appended', () => {
    const req = request({ 'x-forwarded-for': '6.6.6.6, 198.51.100.7' }, '127.0.0.1');
    expect(nodeSource(false)(req)).toBe('127.0.0.1');
    expect(nodeSource(true)(req)).toBe('198.51.100.7'); // the client's own "6.6.6.6" is not believed
    expect(nodeSource(true)(request({}, '::ffff:192.0.2.4'))).toBe('192.0.2.4');
  });

  it('counts IPv6 per /64', () => {
    expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:DB8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('[2001:db8::1]')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
    expect(sourceKey('not an address')).toBe('not an address');
    expect(sourceKey('')).toBe('unknown');
  });
});
