// Ecommerce charges require `x-forwarded-for` (§5.2). A counter has no browser client: Clover's
// guidance for this case (D25) is the public IP if known, else the LAN IP; loopback as a last resort.
import { networkInterfaces } from 'node:os';

export function counterIp(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}
