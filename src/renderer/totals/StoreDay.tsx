// The store's day, three ways (issue 12): Clover's payments for the whole merchant, Odoo's
// Clover journal (what every counter delivered) and this till's ledger, with each difference
// naming the counter, the payment and what to do. On demand: it asks Clover and Odoo for the day.
import { useState } from 'react';
import type { StoreDayView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';

export function StoreDay({ day }: { day: string }) {
  const { t, money } = useT();
  const [view, setView] = useState<StoreDayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [check, checking] = useGuarded(async () => {
    const r = await counter.totals.store({ date: day });
    setView(r.ok ? r.value : null);
    setError(r.ok ? null : t('totals.failed', { message: r.error.message }));
  });
  const m = (n: number) => money(n, view?.currency ?? 'USD');
  return (
    <section className="store-day" aria-labelledby="store-day-heading">
      <h2 id="store-day-heading">{t('store.heading')}</h2>
      <p className="hint">{t('store.hint')}</p>
      <ShortcutButton className="no-print" onClick={check} disabled={checking} aria-busy={checking}>
        {t('store.check')}
      </ShortcutButton>
      <StatusLine tone="bad">{error}</StatusLine>
      {view && (
        <>
          <table className="totals-table">
            <thead>
              <tr>
                <th scope="col">{t('store.where')}</th>
                <th scope="col" className="num">{t('store.payments')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('store.clover')}</th>
                <td className="num">{view.clover.checked ? `${t('totals.count', { count: view.clover.count })} ${m(view.clover.total)}` : view.clover.message}</td>
              </tr>
              <tr>
                <th scope="row">{t('store.odoo')}</th>
                <td className="num">{view.odoo.checked ? `${t('totals.count', { count: view.odoo.count })} ${m(view.odoo.total)}` : view.odoo.message}</td>
              </tr>
              <tr>
                <th scope="row">{t('store.thisTill')}</th>
                <td className="num">{`${t('totals.count', { count: view.till.count })} ${m(view.till.total)}`}</td>
              </tr>
              {view.counters.map((c) => (
                <tr key={c.terminal}>
                  <th scope="row">{t('store.onTerminal', { terminal: c.terminal })}</th>
                  <td className="num">{`${t('totals.count', { count: c.count })} ${m(c.total)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.clover.checked && view.odoo.checked && view.differences.length === 0 && <StatusLine tone="ok">{t('store.matches')}</StatusLine>}
          {view.differences.length > 0 && (
            <ul className="store-differences">
              {view.differences.map((d, i) => (
                <li key={i}>
                  <strong>{t(`store.kind.${d.kind}`)}</strong>
                  {d.terminal ? ` — ${d.terminal}` : ''}: {d.what}. <em>{d.fix}</em>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
