// The entry screen: amount and keypad on the left; document, card type, terminal, surcharge
// and Pay on the right (or the keyed-entry form, F8).
import { parseAmount } from '../i18n/format';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { useSaleStore } from '../stores/sale-store';
import { selectedTerminal, useTerminalStore } from '../stores/terminal-store';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';
import { AmountEntry } from './AmountEntry';
import { DocumentLookup } from './DocumentLookup';
import { FundingChoice } from './FundingChoice';
import { KeyedEntryForm } from './KeyedEntryForm';
import { payBlock } from './pay-readiness';
import { PayPanel } from './PayPanel';
import { QuoteSummary } from './QuoteSummary';
import { startTerminalSale } from './sale-actions';
import { TerminalPicker } from './TerminalPicker';
import { useQuote } from './use-quote';

export function SaleEntry() {
  const { t } = useT();
  const amountText = useSaleStore((s) => s.amountText);
  const funding = useSaleStore((s) => s.funding);
  const mode = useSaleStore((s) => s.mode);
  const setMode = useSaleStore((s) => s.setMode);
  const info = useAppStore((s) => s.info);
  const notice = useAppStore((s) => s.notice);
  const terminal = useTerminalStore(selectedTerminal);
  const amount = parseAmount(amountText);
  const quote = useQuote(amount, mode === 'keyed' ? 'credit' : funding);
  const keyedAllowed = info?.settings.clover.keyedEntry === 'app';
  const block = payBlock({ amount, mode, terminal, info, keyedAllowed });
  const toggleKeyed = () => setMode(mode === 'keyed' ? 'terminal' : 'keyed');
  useShortcut('F8', toggleKeyed);

  return (
    <section className="sale-entry" aria-labelledby="sale-heading">
      <h1 id="sale-heading" className="visually-hidden">
        {t('sale.heading')}
      </h1>
      <form
        id="sale-form"
        className="sale-left"
        onSubmit={(e) => {
          e.preventDefault();
          if (mode === 'terminal' && !block) void startTerminalSale();
        }}
      >
        <AmountEntry focusKey={mode} />
      </form>
      <div className="sale-right">
        <StatusLine tone="warn">{notice}</StatusLine>
        <DocumentLookup />
        {mode === 'terminal' ? (
          <>
            <FundingChoice />
            <TerminalPicker />
            <QuoteSummary quote={quote} />
            <PayPanel block={block} />
          </>
        ) : (
          <>
            <QuoteSummary quote={quote} />
            <KeyedEntryForm block={block} />
          </>
        )}
        <ShortcutButton shortcut="F8" variant="plain" onClick={toggleKeyed}>
          {mode === 'keyed' ? t('sale.keyedBack') : t('sale.keyed')}
        </ShortcutButton>
      </div>
    </section>
  );
}
