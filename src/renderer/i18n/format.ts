// Locale formatting with the platform's Intl: money from integer minor units, dates, ages.
// Pure functions of (value, locale), so they are unit tested in Node.
import { parseMajor } from '../../shared/money';

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, f);
  }
  return f;
}

/** Decimal places of the currency's minor unit (2 for USD/CAD, 0 for JPY). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 1234 USD -> "$12.34" (en-US), "12,34 $ US" (fr-CA). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return moneyFormat(currency, locale).format(minor / 10 ** minorDigits(currency));
}

/** Minor units as the plain text an amount field holds: 1234 -> "12.34" or "12,34". */
export function minorToInput(minor: number, locale: string): string {
  const text = (minor / 100).toFixed(2);
  return locale.startsWith('fr') ? text.replace('.', ',') : text;
}

/**
 * What a cashier typed -> minor units, or null. Accepts "12.34", "12,34", "$12.34", "12 $";
 * no floats on the way (shared parseMajor works on the digits).
 */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f$]|US|CA/g, '').replace(',', '.');
  if (cleaned === '') return null;
  try {
    const minor = parseMajor(cleaned);
    return minor > 0 && minor <= 999_999_999 ? minor : null;
  } catch {
    return null;
  }
}

export function formatDateTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** Compact, for tables: "11/28/26, 11:38 PM" / "2026-11-28 23 h 38". */
export function formatShortDateTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(ms);
}

/** A time of day, for "until 3:41 PM" / "jusqu’à 15 h 41". */
export function formatTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(ms);
}

/** Basis points as a percentage: 300 -> "3 %" / "3%". */
export function formatRate(bps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000);
}

/** An age in the largest sensible unit: "45 sec", "12 min", "3 hr", "2 days". */
export function formatAge(ms: number, locale: string): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const [value, unit] =
    s < 60 ? [s, 'second'] : s < 3600 ? [Math.floor(s / 60), 'minute'] : s < 86_400 ? [Math.floor(s / 3600), 'hour'] : [Math.floor(s / 86_400), 'day'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

/** Local calendar day "YYYY-MM-DD" of an epoch-ms instant (what <input type=date> holds). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "YYYY-MM-DD" -> [start of that local day, start of the next) in epoch ms; null if not a date. */
export function dayBounds(day: string): [number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const start = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(start.getTime())) return null;
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return [start.getTime(), end.getTime()];
}

/** A percentage typed by a person -> basis points: "3" -> 300, "3,5" -> 350, "0" -> 0. */
export function parseRateBps(text: string): number | null {
  const cleaned = text.replace(/[\s%]/g, '').replace(',', '.');
  if (/^0+(\.0+)?$/.test(cleaned)) return 0;
  return parseAmount(cleaned); // percent with two decimals = basis points
}

/** 350 -> "3.5" / "3,5" for an input field. */
export function bpsToInput(bps: number, locale: string): string {
  const text = String(bps / 100);
  return locale.startsWith('fr') ? text.replace('.', ',') : text;
}
