// The manager PIN that approves non-referenced credits (field-lessons §6). Stored only as
// "saltHex:scryptHex" in settings (scrypt N=16384 r=8 p=1, 32 bytes); compared in constant time.
// The PIN itself is never logged, stored or put into an error message.
import { randomBytes, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { CounterError } from '../../shared/contract/result';
import type { Till } from '../create-till';

const PARAMS: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const PIN_FORMAT = /^\d{4,8}$/;
const STORED_FORMAT = /^([0-9a-f]{32}):([0-9a-f]{64})$/;

function derive(pin: BinaryLike, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(pin, salt, KEY_LENGTH, PARAMS, (err, key) => (err ? reject(err) : resolve(key))));
}

/** "saltHex:scryptHex" for a 4-8 digit PIN. */
export async function hashPin(pin: string): Promise<string> {
  if (typeof pin !== 'string' || !PIN_FORMAT.test(pin)) throw new CounterError('BAD_INPUT', 'A manager PIN is 4 to 8 digits.');
  const salt = randomBytes(SALT_BYTES);
  return `${salt.toString('hex')}:${(await derive(pin, salt)).toString('hex')}`;
}

/** False for a wrong PIN, a malformed PIN or a malformed stored hash; never throws on input. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const m = typeof stored === 'string' ? STORED_FORMAT.exec(stored) : null;
  if (!m || typeof pin !== 'string' || !PIN_FORMAT.test(pin)) return false;
  const expected = Buffer.from(m[2]!, 'hex');
  const actual = await derive(pin, Buffer.from(m[1]!, 'hex'));
  return timingSafeEqual(actual, expected);
}

// A 4-digit PIN falls to guessing without a limit: 5 wrong tries lock approvals for 5 minutes,
// counted in the ledger so that every process on the data folder shares the count.
const MAX_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

/** Throws REFUSED unless `pin` matches the manager PIN in the settings. */
export async function requireManagerPin(till: Till, pin: string): Promise<void> {
  const stored = till.settings().managerPinHash;
  if (!stored) throw new CounterError('REFUSED', 'No manager PIN is set: set a manager PIN first (Settings) to allow credits.');
  const now = till.now();
  const failures = till.ledger.pinFailures;
  const recent = failures.countSince(now - LOCK_MS + 1);
  if (recent >= MAX_FAILURES) throw new CounterError('REFUSED', 'Too many wrong manager PINs: wait 5 minutes and try again.');
  if (await verifyPin(pin, stored)) {
    failures.clear();
    return;
  }
  failures.add(now);
  till.logger.log('warn', 'manager PIN refused', { failures: recent + 1 });
  throw new CounterError('REFUSED', 'Wrong manager PIN.');
}
