// Credit or debit, asked before charging because debit is never surcharged. F7 flips it.
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { useSaleStore, type Funding } from '../stores/sale-store';

const OPTIONS: Funding[] = ['credit', 'debit'];

export function FundingChoice() {
  const { t } = useT();
  const funding = useSaleStore((s) => s.funding);
  const setFunding = useSaleStore((s) => s.setFunding);
  useShortcut('F7', () => setFunding(funding === 'credit' ? 'debit' : 'credit'));
  return (
    <fieldset className="segmented" aria-keyshortcuts="F7">
      <legend>{t('sale.funding')}</legend>
      <kbd aria-hidden="true" className="legend-kbd">
        F7
      </kbd>
      {OPTIONS.map((o) => (
        <label key={o} className={funding === o ? 'segment checked' : 'segment'}>
          <input type="radio" name="funding" value={o} checked={funding === o} onChange={() => setFunding(o)} />
          {o === 'credit' ? t('sale.credit') : t('sale.debit')}
        </label>
      ))}
    </fieldset>
  );
}
