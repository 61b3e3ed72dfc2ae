// The history search form -> a `sales.list` input. Pure: unit tested.
import type { CallInput } from '../../shared/contract/calls';
import { dayBounds, parseAmount } from '../i18n/format';

export interface SearchFields {
  from: string; // YYYY-MM-DD or ''
  to: string;
  amount: string;
  last4: string;
  document: string;
}

export const EMPTY_SEARCH: SearchFields = { from: '', to: '', amount: '', last4: '', document: '' };

export function toListInput(f: SearchFields): CallInput<'sales.list'> {
  const input: CallInput<'sales.list'> = { limit: 100 };
  const from = dayBounds(f.from);
  const to = dayBounds(f.to);
  if (from) input.since = from[0];
  if (to) input.until = to[1] - 1; // the whole "to" day
  const amount = parseAmount(f.amount);
  if (amount !== null) input.amount = amount;
  const last4 = f.last4.trim();
  if (/^\d{4}$/.test(last4)) input.last4 = last4;
  const doc = f.document.trim();
  if (doc) input.document = doc.slice(0, 64);
  return input;
}
