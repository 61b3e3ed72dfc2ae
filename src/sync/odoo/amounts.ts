// Odoo speaks decimal floats; the ledger speaks integer minor units. Convert only here.
// Two decimals, as money.ts assumes for every currency the counter takes.

export function toOdooAmount(minor: number): number {
  return minor / 100;
}

export function fromOdooAmount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`not an Odoo amount: ${String(value)}`);
  return Math.round(value * 100);
}

/** YYYY-MM-DD in the till's local time: the accounting date of a payment taken at `ms`. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
