// Raw printing to a network thermal printer (TCP, usually port 9100). Reports the real failure
// (refused, unreachable, timed out) so the print queue can show it; "sent" means the printer
// accepted the bytes, not that paper came out.
import { connect } from 'node:net';

export class PrinterError extends Error {
  override readonly name = 'PrinterError';
}

export function parsePrinterUrl(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PrinterError(`not a printer address: "${url}" (use tcp://host:9100)`);
  }
  if (parsed.protocol !== 'tcp:' || !parsed.hostname) throw new PrinterError(`not a printer address: "${url}" (use tcp://host:9100)`);
  const port = parsed.port ? Number(parsed.port) : 9100;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new PrinterError(`bad printer port in "${url}"`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

export async function sendToNetworkPrinter(url: string, bytes: Uint8Array, timeoutMs = 5000): Promise<void> {
  const { host, port } = parsePrinterUrl(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new PrinterError(`printer ${host}:${port}: ${why}`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ECONNREFUSED' ? 'connection refused (printer off or wrong port?)' : e.code ?? e.message));
    socket.once('connect', () => socket.end(Buffer.from(bytes)));
    socket.once('close', (hadError) => {
      if (!hadError) resolve();
    });
  });
}
