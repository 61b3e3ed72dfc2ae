// The sale's calls to the till, in the order the cashier's screen needs them. Components
// call these; the stores only record what happened.
import type { CallInput } from '../../shared/contract/calls';
import type { ErpDocumentView, SaleView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { parseAmount } from '../i18n/format';
import { useAppStore } from '../stores/app-store';
import { useSaleStore } from '../stores/sale-store';
import { useTerminalStore } from '../stores/terminal-store';
import { refreshTerminals } from '../hooks/use-bootstrap';
import { matchesAttempt, newAttempt, type Attempt } from './attempt';

type Target = NonNullable<CallInput<'sales.start'>['target']>;

export function targetOf(doc: ErpDocumentView | null): Target | undefined {
  return doc ? { kind: doc.kind, id: doc.id } : undefined;
}

/** The till's sale for an attempt whose id no event has told us yet. */
async function findAttemptSale(attempt: Attempt): Promise<SaleView | null> {
  const r = await counter.sales.list({ since: Math.max(0, attempt.startedAt - 5_000), amount: attempt.amount, limit: 20 });
  if (!r.ok) return null;
  return r.value.filter((s) => matchesAttempt(s, attempt)).sort((a, b) => b.createdAt - a.createdAt)[0] ?? null;
}

async function settle(attempt: Attempt, pending: Promise<Awaited<ReturnType<typeof counter.sales.start>>>): Promise<void> {
  const result = await pending;
  const store = useSaleStore.getState();
  if (store.attempt !== attempt) return; // the screen moved on
  store.finish(result);
  useAppStore.getState().setNotice(null); // "payment in progress" no longer holds
  // An error with money possibly moved and no id yet: find the sale, so the panel can follow it.
  if (!result.ok && !useSaleStore.getState().sale) {
    const sale = await findAttemptSale(attempt);
    if (sale && useSaleStore.getState().attempt === attempt) useSaleStore.getState().observe(sale);
  }
  void refreshTerminals(); // busy / blocked flags changed
}

export async function startTerminalSale(): Promise<void> {
  const s = useSaleStore.getState();
  const amount = parseAmount(s.amountText);
  if (amount === null || s.phase !== 'entry') return;
  const serial = useTerminalStore.getState().selected;
  const attempt = newAttempt('terminal', amount, serial);
  s.begin(attempt); // "waiting for card" from the moment Pay is pressed
  const input: CallInput<'sales.start'> = { amount, funding: s.funding, opId: attempt.opId };
  if (serial) input.terminalSerial = serial;
  const target = targetOf(s.document);
  if (target) input.target = target;
  await settle(attempt, counter.sales.start(input));
}

export interface KeyedCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvv: string;
}

/**
 * Keyed sale. `wipe` runs right after the call is made (the request is already serialised),
 * success or failure, so the card number leaves the form and this function's objects at once.
 */
export async function startKeyedSale(card: KeyedCard, wipe: () => void): Promise<void> {
  const s = useSaleStore.getState();
  const amount = parseAmount(s.amountText);
  if (amount === null || s.phase !== 'entry') {
    wipe();
    return;
  }
  const attempt = newAttempt('keyed', amount, null);
  s.begin(attempt);
  const input: CallInput<'sales.keyed'> = { amount, card: { ...card }, opId: attempt.opId };
  const target = targetOf(s.document);
  if (target) input.target = target;
  const pending = counter.sales.keyed(input);
  input.card = { number: '', expMonth: 0, expYear: 0, cvv: '' };
  card.number = '';
  card.cvv = '';
  wipe();
  await settle(attempt, pending);
}

/** Cancel from the counter. If the till cannot (card already in), tell the cashier to cancel on the device. */
export async function cancelSale(): Promise<void> {
  const s = useSaleStore.getState();
  const attempt = s.attempt;
  if (s.phase !== 'waiting' || !attempt || s.cancel === 'sending' || s.cancel === 'sent') return;
  s.setCancel('sending');
  const still = () => useSaleStore.getState().attempt === attempt && useSaleStore.getState().phase === 'waiting';
  let saleId = s.sale?.id ?? null;
  // The id comes with the first sale.updated event; the list is the fallback.
  for (let i = 0; saleId === null && i < 6 && still(); i++) {
    saleId = useSaleStore.getState().sale?.id ?? (await findAttemptSale(attempt))?.id ?? null;
    if (saleId === null) await new Promise((r) => setTimeout(r, 500));
  }
  if (!still()) return;
  if (saleId === null) {
    useSaleStore.getState().setCancel('failed', null);
    return;
  }
  const r = await counter.sales.cancel({ saleId });
  if (!still()) return;
  if (!r.ok) useSaleStore.getState().setCancel('failed', r.error.message);
  else useSaleStore.getState().setCancel(r.value.requested ? 'sent' : 'failed', r.value.requested ? null : r.value.message);
}

/** "Look up at Clover": the only way out of an unknown outcome (never charge again). */
export async function lookUpSale(saleId: number): Promise<string | null> {
  const r = await counter.recovery.resolve({ saleId });
  if (!r.ok) return r.error.message;
  useSaleStore.getState().observe(r.value);
  void refreshTerminals();
  return null;
}
