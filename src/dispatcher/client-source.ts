// Who sent a request, as far as the platform can tell: the key the verification challenge is
// rate-limited by. On Workers, Cloudflare's CF-Connecting-IP (Cloudflare sets it; a client
// cannot). On Node, the socket's peer, or behind our own proxy (TRUST_X_FORWARDED_FOR) the
// last X-Forwarded-For entry, the one that proxy appended (earlier ones are the client's word).
// IPv6 sources count per /64, the block one subscriber usually has.
import type { DispatchRequest } from './handler';

export type SourceOf = (request: DispatchRequest) => string;

export const cloudflareSource: SourceOf = (request) => sourceKey(request.headers.get('cf-connecting-ip'));

export function nodeSource(trustForwardedFor: boolean): SourceOf {
  return (request) => {
    if (trustForwardedFor) {
      const forwarded = request.headers.get('x-forwarded-for');
      const last = forwarded?.split(',').pop()?.trim();
      if (last) return sourceKey(last);
    }
    return sourceKey(request.remoteAddress ?? null);
  };
}

/** An address as a rate-limit key: IPv4 as is, IPv6 as its /64 prefix. */
export function sourceKey(address: string | null | undefined): string {
  const text = address?.trim();
  if (!text) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  if (mapped) return mapped[1]!;
  if (!text.includes(':')) return text.slice(0, 64);
  const groups = expandIpv6(text);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : text.slice(0, 64);
}

/** The eight 16-bit groups of an IPv6 address (zone dropped), or null if it is not one. */
function expandIpv6(text: string): string[] | null {
  const address = text.replace(/^\[|\]$/g, '').split('%')[0]!.toLowerCase();
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const part = (s: string): string[] => (s ? s.split(':') : []);
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}
