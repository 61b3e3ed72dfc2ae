// `npm run dispatcher -- till-key <till id>`: prints the credential for one till,
// `<till id>.<till key>`, derived from TILL_KEY_SECRET in the environment (till-keys.ts). Give
// it to that till (`counter secret set dispatcher`) and add the id to TILL_IDS.
import { MIN_SECRET_LENGTH, TILL_ID } from './config';
import { nodeHmac } from './node-hmac';
import { deriveTillKey, tillCredential } from './till-keys';

/** The credential line, or a reason it cannot be made. */
export async function tillKeyCommand(args: readonly string[], env: Record<string, string | undefined>): Promise<{ ok: true; line: string } | { ok: false; error: string }> {
  const [tillId, ...rest] = args;
  if (!tillId || rest.length > 0) return { ok: false, error: 'usage: till-key <till id>' };
  if (!TILL_ID.test(tillId)) return { ok: false, error: `"${tillId.slice(0, 40)}" is not a till id (letters, digits, _ and -, at most 64)` };
  const master = env.TILL_KEY_SECRET?.trim() ?? '';
  if (master.length < MIN_SECRET_LENGTH) return { ok: false, error: `TILL_KEY_SECRET must be set (at least ${MIN_SECRET_LENGTH} characters), as on the dispatcher` };
  return { ok: true, line: tillCredential(tillId, await deriveTillKey(master, tillId, nodeHmac)) };
}
