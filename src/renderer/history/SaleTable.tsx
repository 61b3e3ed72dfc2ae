// Search results: one row per sale, each opened with its own button (Enter/Space or a tap).
// The button shows the sale number, which its name ("Open sale #12") contains: a cashier using
// voice control says what they see (WCAG 2.5.3, Label in Name).
import type { SaleView } from '../../shared/contract/views';
import type { MessageKey } from '../i18n/en';
import { useT } from '../hooks/use-t';

export function SaleTable({ sales, openId, onOpen }: { sales: SaleView[]; openId: number | null; onOpen(id: number): void }) {
  const { t, money, shortDateTime } = useT();
  if (sales.length === 0) return <p className="empty">{t('history.empty')}</p>;
  return (
    <table className="sales-table" aria-label={t('history.results')}>
      <thead>
        <tr>
          <th scope="col">{t('history.colSale')}</th>
          <th scope="col">{t('history.colWhen')}</th>
          <th scope="col" className="num">
            {t('history.colAmount')}
          </th>
          <th scope="col">{t('history.colCard')}</th>
          <th scope="col">{t('history.colState')}</th>
          <th scope="col">{t('history.colDocument')}</th>
        </tr>
      </thead>
      <tbody>
        {sales.map((s) => (
          <tr key={s.id} className={s.id === openId ? 'open' : undefined} aria-current={s.id === openId ? 'true' : undefined}>
            <td>
              <button type="button" className="link-button" onClick={() => onOpen(s.id)} aria-label={t('history.open', { id: s.id })}>
                {t('history.number', { id: s.id })}
              </button>
            </td>
            <td>{shortDateTime(s.createdAt)}</td>
            <td className="num">{money(s.total, s.currency)}</td>
            <td>{s.cardLast4 ? `${s.cardBrand ?? ''} •${s.cardLast4}` : '—'}</td>
            <td>
              <span className={`state state-${s.voided ? 'cancelled' : s.state}`}>{s.voided ? t('detail.voided') : t(`state.${s.state}` as MessageKey)}</span>
              {s.training && <span className="tag">{t('detail.training')}</span>}
            </td>
            <td>{s.target.ref ?? (s.target.kind === 'walk_in' ? t('doc.walkIn') : `#${s.target.id ?? ''}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
