// The main action. "Pay on terminal" submits the sale form (Enter in the amount field does
// the same); when it cannot, the reason is right under it, in words.
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import type { PayBlock } from './pay-readiness';

export function PayPanel({ block }: { block: PayBlock | null }) {
  const { t } = useT();
  return (
    <div className="pay-panel">
      <ShortcutButton
        id="pay-button"
        type="submit"
        form="sale-form"
        variant="primary"
        size="big"
        shortcut="Enter"
        disabled={block !== null}
        aria-describedby={block ? 'pay-blocked' : undefined}
      >
        {t('sale.pay')}
      </ShortcutButton>
      <p id="pay-blocked" className="hint" role="status">
        {block ? t(block.key, block.vars) : ''}
      </p>
    </div>
  );
}
