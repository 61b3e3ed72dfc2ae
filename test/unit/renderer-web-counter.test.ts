// The browser twin's transport: the token dance, and every failure turned into an ApiResult
// (components never see an exception). fetch is stubbed; no DOM needed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInvoke } from '../../src/renderer/api/web-counter';
import { takeToken, TOKEN_KEY } from '../../src/renderer/api/web-token';
import { matchesShortcut, shortcutLabel, ariaShortcut } from '../../src/renderer/hooks/shortcuts';
import { toListInput, EMPTY_SEARCH } from '../../src/renderer/history/search-query';
import { dayBounds } from '../../src/renderer/i18n/format';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('web token', () => {
  it('takes the token from the address, keeps it, and removes it from the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    expect(takeToken({ href: 'http://127.0.0.1:5/?token=abc&x=1#h', storage, replaceUrl: (u) => replaced.push(u) })).toBe('abc');
    expect(storage.m.get(TOKEN_KEY)).toBe('abc');
    expect(replaced).toEqual(['/?x=1#h']);
    // A reload has no token in the address: the kept one is used.
    expect(takeToken({ href: 'http://127.0.0.1:5/', storage, replaceUrl: (u) => replaced.push(u) })).toBe('abc');
    expect(replaced).toHaveLength(1);
  });
});

describe('web invoke', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts JSON with the token and returns the ApiResult', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: { version: '1' } }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const r = await createInvoke('tok', 'http://b')('app.info', {});
    expect(r).toEqual({ ok: true, value: { version: '1' } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://b/api/call/app.info');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-Counter-Token': 'tok' });
  });

  it('turns 401, other statuses, bad bodies and network errors into errors', async () => {
    const cases: Array<[() => Promise<Response>, string]> = [
      [async () => new Response('', { status: 401 }), 'UNTRUSTED_SENDER'],
      [async () => new Response('oops', { status: 500 }), 'INTERNAL'],
      [async () => new Response('not json', { status: 200 }), 'INTERNAL'],
      [async () => new Response(JSON.stringify({ hello: 1 }), { status: 200 }), 'INTERNAL'],
      [async () => Promise.reject(new TypeError('fetch failed')), 'INTERNAL'],
    ];
    for (const [impl, code] of cases) {
      vi.stubGlobal('fetch', vi.fn(impl));
      const r = await createInvoke('tok')('sales.list', {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe(code);
    }
  });

  it('serialises the input before it awaits, so a keyed card can be wiped at once', async () => {
    let sent = '';
    vi.stubGlobal('fetch', vi.fn(async (_u: string, init: RequestInit) => ((sent = String(init.body)), new Response(JSON.stringify({ ok: true, value: null })))));
    const input = { amount: 100, card: { number: '4242424242424242', expMonth: 1, expYear: 2030, cvv: '123' } };
    const pending = createInvoke('tok')('sales.keyed', input);
    input.card.number = '';
    await pending;
    expect(JSON.parse(sent).card.number).toBe('4242424242424242');
  });
});

describe('shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }> = {}) => ({ key: k, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods });
  it('matches keys with their modifiers exactly', () => {
    expect(matchesShortcut(key('F1'), 'F1')).toBe(true);
    expect(matchesShortcut(key('F1', { shiftKey: true }), 'F1')).toBe(false);
    expect(matchesShortcut(key('p', { ctrlKey: true }), 'Ctrl+P')).toBe(true);
    expect(matchesShortcut(key('p'), 'Ctrl+P')).toBe(false);
    expect(matchesShortcut(key('Escape'), 'Escape')).toBe(true);
  });
  it('labels them for buttons and screen readers', () => {
    expect(shortcutLabel('Escape')).toBe('Esc');
    expect(ariaShortcut('Ctrl+P')).toBe('Control+P');
  });
});

describe('history search', () => {
  it('turns the form into a sales.list query', () => {
    expect(toListInput(EMPTY_SEARCH)).toEqual({ limit: 100 });
    const q = toListInput({ from: '2026-05-01', to: '2026-05-02', amount: '12,34', last4: '4242', document: ' INV/2026/00001 ' });
    expect(q).toMatchObject({ amount: 1234, last4: '4242', document: 'INV/2026/00001', since: dayBounds('2026-05-01')![0], until: dayBounds('2026-05-02')![1] - 1 });
    expect(toListInput({ ...EMPTY_SEARCH, last4: '42', amount: 'x' })).toEqual({ limit: 100 });
  });
});
