// Amount, surcharge and total, shown before the card is charged (surcharge disclosure).
import { useT } from '../hooks/use-t';
import type { QuoteState } from './use-quote';

export function QuoteSummary({ quote }: { quote: QuoteState }) {
  const { t, money, rate } = useT();
  if (!quote) return <div className="quote placeholder" aria-hidden="true" />;
  if (!quote.quote) return <p className="quote bad">{t('sale.quoteFailed', { message: quote.error ?? '' })}</p>;
  const q = quote.quote;
  return (
    <div className="quote" aria-live="polite">
      <dl>
        <div>
          <dt>{t('sale.quoteBase')}</dt>
          <dd>{money(q.base)}</dd>
        </div>
        {q.surcharge > 0 && (
          <div>
            <dt>{t('sale.quoteSurcharge', { rate: rate(q.rateBps) })}</dt>
            <dd>{money(q.surcharge)}</dd>
          </div>
        )}
        <div className="quote-total">
          <dt>{t('sale.quoteTotal')}</dt>
          <dd>{money(q.total)}</dd>
        </div>
      </dl>
      {q.surcharge === 0 && <p className="quote-note">{q.reason === 'debit' ? t('sale.quoteDebit') : t('sale.quoteNone')}</p>}
    </div>
  );
}
