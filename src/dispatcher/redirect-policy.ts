// Which URLs the dispatcher may send a browser (and an OAuth code) to. Exact host and port
// only: no suffix or wildcard matching, so `example.com.attacker.net` never passes for
// `example.com`. Plain http only for loopback, where desktop tills listen; they use PKCE, so
// a code intercepted on the way is useless without the till's verifier.

export interface AllowedHost {
  hostname: string; // as the WHATWG URL parser normalises it (lower case, punycode, [v6])
  port: string; // '' = the scheme's default port (443)
}

export interface RedirectPolicy {
  hosts: readonly AllowedHost[];
  allowLoopback: boolean;
}

export type RedirectCheck = { ok: true; url: URL } | { ok: false; reason: string };

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname);
}

/** Parses `host[:port]` entries (comma or space separated); throws a readable Error on a bad one. */
export function parseAllowedHosts(list: string): AllowedHost[] {
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      if (/[/@?#\\]/.test(entry) || entry.includes('://')) {
        throw new Error(`"${entry}" is not host[:port] (no scheme, path or credentials)`);
      }
      let url: URL;
      try {
        url = new URL(`https://${entry}`);
      } catch {
        throw new Error(`"${entry}" is not a valid host[:port]`);
      }
      if (url.hostname.includes('*')) throw new Error(`"${entry}": wildcards are not supported`);
      return { hostname: url.hostname, port: url.port };
    });
}

/** Decides whether a browser may be redirected to `target` (an absolute URL). */
export function checkRedirect(target: string, policy: RedirectPolicy): RedirectCheck {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, reason: 'redirect_to is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'redirect_to must be http(s)' };
  if (url.username || url.password) return { ok: false, reason: 'redirect_to must not carry credentials' };
  if (isLoopbackHost(url.hostname)) {
    return policy.allowLoopback ? { ok: true, url } : { ok: false, reason: 'loopback redirects are disabled' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'redirect_to must be https' };
  const allowed = policy.hosts.some((h) => h.hostname === url.hostname && h.port === url.port);
  return allowed ? { ok: true, url } : { ok: false, reason: 'redirect_to host not allowed' };
}
