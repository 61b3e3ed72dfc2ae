// Which of the merchant's Clover payments are this counter's (issue 12, several counters on one
// merchant). Clover returns, on every payment, the device it was taken on (`device.id`, Platform
// v3) and the externalPaymentId the counter gave it; the device is what Clover fills reliably for
// every terminal payment, so a counter's own are those on its terminals (its default one and any
// it took a sale on) or carrying one of its attempt ids. Keyed (Ecommerce) charges have no device:
// a counter knows its own by their ids in its ledger.
import type { CloverPayment } from '../clover';
import type { Till } from './create-till';

export const deviceIdOf = (p: CloverPayment): string | null => {
  const device = (p as { device?: { id?: unknown } }).device;
  return typeof device?.id === 'string' ? device.id : null;
};

/** Device ids of this counter's terminals: its default one and those its sales since `since` used. */
export function ownDeviceIds(till: Till, since: number): Set<string> {
  const settings = till.settings();
  const serials = new Set<string>(till.ledger.sales.list({ since, limit: 100_000 }).map((s) => s.terminalSerial));
  const fallback = settings.defaultTerminal ?? settings.terminals[0]?.serial;
  if (fallback) serials.add(fallback);
  return new Set(settings.terminals.filter((t) => serials.has(t.serial) && t.deviceId).map((t) => t.deviceId!));
}

/** The terminal's name for a device id, from the merchant's devices this till synced. */
export function terminalNameOf(till: Till, deviceId: string | null): string | null {
  if (!deviceId) return null;
  const t = till.settings().terminals.find((x) => x.deviceId === deviceId);
  return t ? `${t.name} (${t.serial})` : null;
}

export function isOwnPayment(till: Till, p: CloverPayment, ownDevices: Set<string>): boolean {
  if (till.ledger.payments.byCloverPaymentId(p.id)) return true;
  if (p.externalPaymentId && till.ledger.sales.byExternalPaymentId(p.externalPaymentId)) return true;
  const device = deviceIdOf(p);
  return device !== null && ownDevices.has(device);
}
