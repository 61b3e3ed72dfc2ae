// F2: find a past sale, open it, refund / void / reprint it.
import { useCallback, useEffect, useState } from 'react';
import type { SaleView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { StatusLine } from '../ui/StatusLine';
import { SaleDetail } from './SaleDetail';
import { SaleTable } from './SaleTable';
import { SearchForm } from './SearchForm';
import { EMPTY_SEARCH, toListInput, type SearchFields } from './search-query';

export function HistoryScreen() {
  const { t } = useT();
  const [sales, setSales] = useState<SaleView[] | null>(null);
  const [open, setOpen] = useState<SaleView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [search, searching] = useGuarded(async (fields: SearchFields) => {
    const r = await counter.sales.list(toListInput(fields));
    if (r.ok) {
      setSales(r.value);
      setError(null);
    } else setError(t('history.failed', { message: r.error.message }));
  });
  // The latest sales first: the cashier usually wants one of the last few.
  useEffect(() => search(EMPTY_SEARCH), [search]);

  const openSale = useCallback(async (id: number) => {
    const r = await counter.sales.get({ saleId: id });
    if (r.ok) {
      setOpen(r.value);
      setSales((list) => list && list.map((s) => (s.id === id ? r.value : s)));
    } else setError(r.error.message);
  }, []);

  return (
    <section className="history" aria-labelledby="history-heading">
      <h1 id="history-heading">{t('history.heading')}</h1>
      <SearchForm busy={searching} onSearch={search} />
      <StatusLine tone="bad">{error}</StatusLine>
      <div className="history-body">
        <div className="history-list">{sales && <SaleTable sales={sales} openId={open?.id ?? null} onOpen={(id) => void openSale(id)} />}</div>
        <div className="history-detail">{open ? <SaleDetail key={open.id} sale={open} onChanged={() => void openSale(open.id)} /> : <p className="empty">{t('detail.none')}</p>}</div>
      </div>
    </section>
  );
}

