// Argument parsers for commander: a bad value is a one-line usage error (exit 2).
import { InvalidArgumentError } from 'commander';
import { MoneyError, parseMajor } from '../shared/money';

export function amountArg(text: string): number {
  try {
    const minor = parseMajor(text);
    if (minor <= 0) throw new MoneyError('the amount must be greater than zero');
    return minor;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function idArg(text: string): number {
  if (!/^\d{1,12}$/.test(text) || Number(text) < 1) throw new InvalidArgumentError(`not a sale id: "${text}"`);
  return Number(text);
}

export function dateArg(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00`))) throw new InvalidArgumentError(`not a date: "${text}" (use YYYY-MM-DD)`);
  return text;
}

export function localDay(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** An audit head as printed on an end-of-day report: `<entry>:<first 16 or more hex digits>`. */
export function auditHeadArg(text: string): { seq: number; hash: string } {
  const m = /^(\d{1,12}):([0-9a-fA-F]{16,64})$/.exec(text);
  if (!m || Number(m[1]) < 1) throw new InvalidArgumentError(`not an audit head: "${text}" (use <entry>:<hash> as printed on the end-of-day report)`);
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
}
