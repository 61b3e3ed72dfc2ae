// Who may act on a sent sale, refund, void or credit. The process that sent it holds a lease in
// the ledger (owner `host/boot/pid`, until when) while it waits for Clover's answer; every other
// process on the data folder (the app, `counter recover`, a second window) leaves a held row
// alone. A lease whose owner is gone (another boot, a dead pid) or whose time passed is free.
import { readFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import type { Till } from './create-till';

export type LeasedKind = 'sale' | 'refund' | 'void' | 'credit';

const BOOT_ID = bootId();
/** This process, as recorded in lease_owner. */
export const SELF = `${hostname().slice(0, 100)}/${BOOT_ID}/${process.pid}`;

/** Leases renew this often while a request is open, each time for twice as long. */
const RENEW_EVERY_MS = 15_000;
/** Past X-Clover-Timeout the customer can no longer finish; this covers clocks and transport. */
export const ANSWER_MARGIN_MS = 30_000;

function bootId(): string {
  try {
    // Hex written as letters a-p: a run of digits in the owner would look card-like to the
    // ledger's PAN guard, which checks every text column.
    const hex = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '');
    return hex.replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
  } catch {
    // No /proc (macOS, Windows): the boot time in minutes, compared with a tolerance below.
    return `t${Math.round((Date.now() / 1000 - uptime()) / 60)}`;
  }
}

function sameBoot(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a.startsWith('t') || !b.startsWith('t')) return false;
  return Math.abs(Number(a.slice(1)) - Number(b.slice(1))) <= 2;
}

/** Is the process named by `owner` still running? Another machine's process counts as alive. */
export function ownerAlive(owner: string): boolean {
  const [host, boot, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (!host || !boot || !Number.isSafeInteger(pid) || pid <= 0) return false;
  if (host !== hostname().slice(0, 100)) return true; // cannot tell: its lease time decides
  if (!sameBoot(boot, BOOT_ID)) return false; // the machine restarted since
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

const openHere = new WeakMap<Till, Set<string>>();
const local = (till: Till) => {
  let set = openHere.get(till);
  if (!set) openHere.set(till, (set = new Set()));
  return set;
};

/** True while another process (or this one, with its request still open) waits for the answer. */
export function leaseHeld(till: Till, kind: LeasedKind, row: { id: number; leaseOwner: string | null; leaseUntil: number | null }): boolean {
  if (!row.leaseOwner || row.leaseUntil === null || row.leaseUntil <= till.now()) return false;
  if (row.leaseOwner === SELF) return local(till).has(`${kind}:${row.id}`);
  return ownerAlive(row.leaseOwner);
}

/** The lease a request takes when it is sent: the customer has `timeoutSec` to finish. */
export function sendLease(till: Till, timeoutSec: number) {
  const answerBy = till.now() + timeoutSec * 1000 + ANSWER_MARGIN_MS;
  return { owner: SELF, until: answerBy + RENEW_EVERY_MS, answerBy };
}

function repo(till: Till, kind: LeasedKind) {
  const l = till.ledger;
  return kind === 'sale' ? l.sales : kind === 'refund' ? l.refunds : kind === 'void' ? l.voids : l.credits;
}

/**
 * Runs `request` (the network call of a row this process just marked sent, or claimed) while
 * renewing its lease, so that a slow answer is never mistaken for an orphan by another process.
 */
export async function holdingLease<T>(till: Till, kind: LeasedKind, id: number, request: () => Promise<T>): Promise<T> {
  const key = `${kind}:${id}`;
  local(till).add(key);
  const timer = setInterval(() => {
    try {
      repo(till, kind).renewLease(id, SELF, till.now() + 2 * RENEW_EVERY_MS);
    } catch (error) {
      till.logger.log('warn', 'lease renewal failed', { kind, id, error: String(error) });
    }
  }, RENEW_EVERY_MS);
  timer.unref();
  try {
    return await request();
  } finally {
    clearInterval(timer);
    local(till).delete(key);
  }
}

/** Takes over an open row nobody holds; false when another process holds or just took it. */
export function claimOrphan(till: Till, kind: LeasedKind, row: { id: number; leaseOwner: string | null; leaseUntil: number | null }, forMs = 2 * RENEW_EVERY_MS): boolean {
  if (leaseHeld(till, kind, row)) return false;
  return repo(till, kind).claim(row.id, SELF, till.now() + forMs, row.leaseOwner);
}

/** What the cashier sees of a held row: which terminal, and until when at the latest. */
export function inProgress(till: Till, kind: LeasedKind, row: { id: number; leaseOwner: string | null; leaseUntil: number | null; answerBy: number | null; terminalSerial: string }) {
  return leaseHeld(till, kind, row) ? { terminal: row.terminalSerial, until: row.answerBy ?? row.leaseUntil } : null;
}
