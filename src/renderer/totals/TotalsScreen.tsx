// F5: end-of-day totals per card brand, checked against Clover, printable as a page.
import { useEffect, useRef, useState } from 'react';
import type { DayTotalsView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { localDay } from '../i18n/format';
import { useFocusOn } from '../hooks/use-focus';
import { useGuarded } from '../hooks/use-guarded';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';
import { LedgerCheck } from './LedgerCheck';
import { StoreDay } from './StoreDay';

function TotalsTable({ totals }: { totals: DayTotalsView }) {
  const { t, money } = useT();
  const m = (n: number) => money(n, totals.currency);
  if (totals.byBrand.length === 0) return <p className="empty">{t('totals.empty')}</p>;
  return (
    <table className="totals-table">
      <thead>
        <tr>
          <th scope="col">{t('totals.brand')}</th>
          <th scope="col" className="num">{t('totals.sales')}</th>
          <th scope="col" className="num">{t('totals.refunds')}</th>
          <th scope="col" className="num">{t('totals.voids')}</th>
          <th scope="col" className="num">{t('totals.surcharge')}</th>
        </tr>
      </thead>
      <tbody>
        {totals.byBrand.map((b) => (
          <tr key={b.brand}>
            <th scope="row">{b.brand}</th>
            <td className="num">{t('totals.count', { count: b.salesCount })} {m(b.sales)}</td>
            <td className="num">{t('totals.count', { count: b.refundsCount })} {m(b.refunds)}</td>
            <td className="num">{t('totals.count', { count: b.voidsCount })} {m(b.voids)}</td>
            <td className="num">{m(b.surcharge)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('totals.net')}</th>
          <td className="num net" colSpan={4}>{m(totals.net)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function TotalsScreen() {
  const { t } = useT();
  const [day, setDay] = useState(() => localDay(Date.now()));
  const [totals, setTotals] = useState<DayTotalsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dayRef = useRef<HTMLInputElement>(null);
  useFocusOn(dayRef, 'totals');
  const [show, loading] = useGuarded(async () => {
    const r = await counter.totals.day({ date: day });
    setTotals(r.ok ? r.value : null);
    setError(r.ok ? null : t('totals.failed', { message: r.error.message }));
  });
  useEffect(() => show(), [show]);
  useShortcut('Ctrl+P', () => window.print());

  const clover = totals?.clover;
  return (
    <section className="totals printable" aria-labelledby="totals-heading">
      <h1 id="totals-heading">
        {t('totals.heading')} — {day}
      </h1>
      <form
        className="row no-print"
        onSubmit={(e) => {
          e.preventDefault();
          show();
        }}
      >
        <label className="field">
          {t('totals.date')}
          <input ref={dayRef} type="date" value={day} onChange={(e) => setDay(e.target.value)} required />
        </label>
        <ShortcutButton type="submit" variant="primary" disabled={loading} aria-busy={loading}>
          {t('totals.show')}
        </ShortcutButton>
        <ShortcutButton shortcut="Ctrl+P" onClick={() => window.print()} disabled={!totals}>
          {t('totals.print')}
        </ShortcutButton>
      </form>
      <StatusLine tone="bad">{error}</StatusLine>
      {totals && <TotalsTable totals={totals} />}
      {clover && (
        <div className="clover-check">
          {clover.checked && clover.differences.length === 0 && <StatusLine tone="ok">{t('totals.cloverOk')}</StatusLine>}
          {!clover.checked && <StatusLine tone="warn">{t('totals.cloverNotChecked', { message: clover.message ?? '' })}</StatusLine>}
          {clover.differences.length > 0 && (
            <>
              <h2>{t('totals.differences')}</h2>
              <ul>
                {clover.differences.map((d, i) => (
                  <li key={i}>
                    {d.saleId !== null ? `#${d.saleId} ` : ''}
                    {d.cloverPaymentId ?? ''} — {d.what}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {totals && <p className="audit-head">{totals.auditHead.seq === 0 ? t('totals.auditEmpty') : t('totals.auditHead', { head: `${totals.auditHead.seq}:${totals.auditHead.hash}` })}</p>}
      <StoreDay day={day} />
      <LedgerCheck />
    </section>
  );
}
