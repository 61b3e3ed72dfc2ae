// The sale on screen: what the cashier entered, the attempt in flight and its outcome.
// Never holds a card number: keyed entry reads its fields straight from the form.
import { create } from 'zustand';
import type { ApiError, ApiResult } from '../../shared/contract/result';
import type { ErpDocumentView, SaleView } from '../../shared/contract/views';
import { matchesAttempt, mergeSale, type Attempt } from '../sale/attempt';

export type Funding = 'credit' | 'debit';
export type SalePhase = 'entry' | 'waiting' | 'outcome';
export type CancelState = 'idle' | 'sending' | 'sent' | 'failed';

export interface SaleStore {
  phase: SalePhase;
  mode: 'terminal' | 'keyed';
  amountText: string;
  funding: Funding;
  document: ErpDocumentView | null;
  attempt: Attempt | null;
  sale: SaleView | null;
  error: ApiError | null;
  cancel: CancelState;
  cancelMessage: string | null;
  setAmountText(text: string): void;
  setFunding(funding: Funding): void;
  setDocument(document: ErpDocumentView | null): void;
  setMode(mode: 'terminal' | 'keyed'): void;
  begin(attempt: Attempt): void;
  /** A `sale.updated` event or a lookup: applied only to this attempt's sale. */
  observe(sale: SaleView): void;
  finish(result: ApiResult<SaleView>): void;
  setCancel(cancel: CancelState, message?: string | null): void;
  /** Back to an empty entry screen. */
  reset(): void;
  /** After a partial approval: a new entry for what is still due, same document. */
  prepareRemainder(amountText: string): void;
}

const EMPTY = {
  phase: 'entry' as SalePhase,
  amountText: '',
  document: null,
  attempt: null,
  sale: null,
  error: null,
  cancel: 'idle' as CancelState,
  cancelMessage: null,
};

export const useSaleStore = create<SaleStore>()((set) => ({
  ...EMPTY,
  mode: 'terminal',
  funding: 'credit',
  setAmountText: (amountText) => set({ amountText }),
  setFunding: (funding) => set({ funding }),
  setDocument: (document) => set({ document }),
  setMode: (mode) => set({ mode }),
  begin: (attempt) => set({ phase: 'waiting', attempt, sale: null, error: null, cancel: 'idle', cancelMessage: null }),
  observe: (incoming) =>
    set((s) => {
      if (s.phase === 'entry' || !s.attempt) return {};
      if (s.sale) return s.sale.id === incoming.id ? { sale: mergeSale(s.sale, incoming) } : {};
      return matchesAttempt(incoming, s.attempt) ? { sale: incoming } : {};
    }),
  finish: (result) =>
    set((s) => (result.ok ? { phase: 'outcome', sale: mergeSale(s.sale, result.value), error: null } : { phase: 'outcome', error: result.error })),
  setCancel: (cancel, message = null) => set({ cancel, cancelMessage: message }),
  reset: () => set({ ...EMPTY, funding: 'credit', mode: 'terminal' }),
  prepareRemainder: (amountText) => set((s) => ({ ...EMPTY, amountText, document: s.document, funding: s.funding, mode: s.mode })),
}));
