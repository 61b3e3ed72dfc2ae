// Per-till signing keys. Each till signs its own states with a key that only it and the
// dispatcher know, so a key copied off one till signs for that till alone, and removing the
// till's id from TILL_IDS revokes it without touching any other till. The dispatcher keeps
// one master secret (TILL_KEY_SECRET) and derives a till's key from the till's id:
//   till key = b64u(HMAC-SHA256(TILL_KEY_SECRET, "fusion-clover-till-key:v1:<till id>"))
// The input holds ':' and a state MAC's input is base64url text, which never does, so the
// derivation can never be mistaken for a state's MAC.
// A till names itself in its state as `customer: "till:<till id>"` and signs with its key.
import { bytesToBase64url } from '../shared/base64url';
import type { HmacSha256 } from '../shared/signed-state';
import { TILL_ID } from './config';

const DERIVATION_LABEL = 'fusion-clover-till-key:v1:';
/** How a till names itself in the `customer` field of the states it signs. */
export const TILL_CUSTOMER_PREFIX = 'till:';

/** The key of till `tillId` (43 base64url characters, used as the HMAC secret text). */
export async function deriveTillKey(masterSecret: string, tillId: string, hmac: HmacSha256): Promise<string> {
  if (!TILL_ID.test(tillId)) throw new TypeError(`"${tillId.slice(0, 40)}" is not a till id (letters, digits, _ and -, at most 64)`);
  return bytesToBase64url(await hmac(masterSecret, `${DERIVATION_LABEL}${tillId}`));
}

/** The till id a state's `customer` names, or null when it names no till. */
export function tillIdOfCustomer(customer: unknown): string | null {
  if (typeof customer !== 'string' || !customer.startsWith(TILL_CUSTOMER_PREFIX)) return null;
  return customer.slice(TILL_CUSTOMER_PREFIX.length);
}

/**
 * The credential handed to a till: `<till id>.<till key>`. The till signs with the key and
 * sets `customer` to `till:<till id>`.
 */
export function tillCredential(tillId: string, key: string): string {
  return `${tillId}.${key}`;
}

/** Derives each allowed till's key once; the set of tills is fixed by config. */
export class TillKeys {
  private readonly keys = new Map<string, Promise<string>>();

  constructor(
    private readonly masterSecret: string | null,
    private readonly allowed: ReadonlySet<string>,
    private readonly hmac: HmacSha256,
  ) {}

  /** The key of an allowed till, or null for a till that is unknown or revoked. */
  keyFor(tillId: string): Promise<string> | null {
    if (this.masterSecret === null || !this.allowed.has(tillId)) return null;
    let key = this.keys.get(tillId);
    if (!key) {
      key = deriveTillKey(this.masterSecret, tillId, this.hmac);
      this.keys.set(tillId, key);
    }
    return key;
  }
}
