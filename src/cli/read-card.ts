// Keyed card details come on stdin as JSON, never as arguments (arguments show up in `ps`
// and shell history). The text is parsed and dropped; nothing of it is echoed on error.
import { CliExit, EXIT } from './cli-context';

export async function readCardFromStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<{ number: string; expMonth: number; expYear: number; cvv: string }> {
  if ((stream as { isTTY?: boolean }).isTTY) throw usage('pipe the card JSON into stdin: {"number":"…","expMonth":12,"expYear":2030,"cvv":"123"}');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw usage('the card JSON on stdin is too large');
    chunks.push(chunk as Buffer);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw usage('stdin is not JSON: expected {"number","expMonth","expYear","cvv"}');
  } finally {
    for (const c of chunks) c.fill(0);
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  const number = typeof o.number === 'string' ? o.number : null;
  const month = Number(o.expMonth ?? o.exp_month);
  const year = Number(o.expYear ?? o.exp_year);
  const cvv = typeof o.cvv === 'string' ? o.cvv : typeof o.cvv === 'number' ? String(o.cvv) : null;
  if (!number || !Number.isInteger(month) || !Number.isInteger(year) || !cvv) throw usage('the card JSON needs number (string), expMonth, expYear and cvv');
  return { number, expMonth: month, expYear: year < 100 ? 2000 + year : year, cvv };
}

function usage(message: string): CliExit {
  return new CliExit(EXIT.usage, { code: 'BAD_INPUT', message });
}
