// The surcharge quote for what is on screen, asked of the till (it owns the rates), a moment
// after the cashier stops typing. A stale answer never replaces a newer one.
import { useEffect, useState } from 'react';
import type { SurchargeQuoteView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import type { Funding } from '../stores/sale-store';

export type QuoteState = { amount: number; funding: Funding; quote: SurchargeQuoteView | null; error: string | null } | null;

export function useQuote(amount: number | null, funding: Funding): QuoteState {
  const [state, setState] = useState<QuoteState>(null);
  useEffect(() => {
    if (amount === null) {
      setState(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void counter.sales.quote({ amount, funding }).then((r) => {
        if (live) setState({ amount, funding, quote: r.ok ? r.value : null, error: r.ok ? null : r.error.message });
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [amount, funding]);
  return state && state.amount === amount && state.funding === funding ? state : null;
}
