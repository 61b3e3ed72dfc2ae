import { describe, expect, it } from 'vitest';
import { checkRedirect, parseAllowedHosts, type RedirectPolicy } from '../../src/dispatcher/redirect-policy';

const policy: RedirectPolicy = { hosts: parseAllowedHosts('example.com, odoo.store.example:8443'), allowLoopback: true };
const allowed = (url: string, p: RedirectPolicy = policy): boolean => checkRedirect(url, p).ok;

describe('redirect allow-list', () => {
  it('allows exactly the listed hosts over https', () => {
    expect(allowed('https://example.com/clover/oauth/callback?x=1')).toBe(true);
    expect(allowed('https://EXAMPLE.com/cb')).toBe(true); // hosts are case-insensitive
    expect(allowed('https://example.com:443/cb')).toBe(true);
    expect(allowed('https://odoo.store.example:8443/cb')).toBe(true);
  });

  it('rejects look-alike hosts: no suffix, prefix or subdomain matching', () => {
    for (const url of ['https://example.com.attacker.net/cb', 'https://attacker-example.com/cb', 'https://sub.example.com/cb',
      'https://example.com./cb', 'https://example.co/cb', 'https://attacker.net/example.com']) {
      expect(checkRedirect(url, policy)).toEqual({ ok: false, reason: 'redirect_to host not allowed' });
    }
    expect(allowed('https://example.com@attacker.net/cb')).toBe(false); // the host is attacker.net
  });

  it('matches the port too: a host without one means the default port', () => {
    expect(allowed('https://example.com:8443/cb')).toBe(false);
    expect(allowed('https://odoo.store.example/cb')).toBe(false);
    expect(allowed('https://odoo.store.example:9443/cb')).toBe(false);
  });

  it('requires https except on loopback, and never carries credentials', () => {
    expect(checkRedirect('http://example.com/cb', policy)).toEqual({ ok: false, reason: 'redirect_to must be https' });
    expect(checkRedirect('https://user:pw@example.com/cb', policy)).toEqual({ ok: false, reason: 'redirect_to must not carry credentials' });
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.com/x']) expect(allowed(url)).toBe(false);
    expect(checkRedirect('/relative', policy)).toEqual({ ok: false, reason: 'redirect_to is not a URL' });
  });

  it('allows loopback tills on any port (they use PKCE), unless switched off', () => {
    for (const url of ['http://127.0.0.1:53682/callback', 'http://[::1]:5000/cb', 'http://localhost:9/cb', 'https://127.0.0.1/cb']) {
      expect(allowed(url)).toBe(true);
      expect(checkRedirect(url, { ...policy, allowLoopback: false })).toEqual({ ok: false, reason: 'loopback redirects are disabled' });
    }
    for (const url of ['http://127.0.0.2/cb', 'http://localhost.attacker.net/cb', 'http://10.0.0.1/cb', 'http://0.0.0.0/cb']) expect(allowed(url)).toBe(false);
  });

  it('refuses allow-list entries that are not host[:port]', () => {
    expect(parseAllowedHosts('')).toEqual([]);
    expect(parseAllowedHosts(' a.example  b.example:444,')).toEqual([{ hostname: 'a.example', port: '' }, { hostname: 'b.example', port: '444' }]);
    for (const bad of ['https://example.com', 'example.com/cb', 'user@example.com', '*.example.com', 'exa mple:99999']) {
      expect(() => parseAllowedHosts(bad), bad).toThrow();
    }
  });
});
