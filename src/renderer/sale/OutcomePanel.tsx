// The big, unmistakable state of the payment: a word, a symbol and a colour, and always a
// sentence saying whether money moved. Focus lands on the next sensible action.
import { useRef, useState } from 'react';
import { useFocusOn } from '../hooks/use-focus';
import { useGuarded } from '../hooks/use-guarded';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { useSaleStore } from '../stores/sale-store';
import { useTerminalStore } from '../stores/terminal-store';
import { ShortcutButton } from '../ui/ShortcutButton';
import { ProblemLine } from '../ui/ProblemLine';
import { StatusLine } from '../ui/StatusLine';
import type { OutcomeKind } from './outcome';
import { ReceiptPanel } from './ReceiptPanel';
import { cancelSale, lookUpSale } from './sale-actions';
import { useOutcomeWords } from './use-outcome-words';

const SYMBOL: Record<OutcomeKind, string> = {
  waiting: '◷', cancelling: '◷', approved: '✓', partial: '◐', declined: '✕', cancelled: '⊘', busy: '‖', unknown: '?', forced: '✎', error: '!',
};

export function OutcomePanel() {
  const { t, money, amountInput } = useT();
  const { phase, sale, error, attempt, cancel, cancelMessage } = useSaleStore();
  const notice = useAppStore((s) => s.notice);
  const terminals = useTerminalStore((s) => s.terminals);
  const { outcome, title, moneyLine } = useOutcomeWords();
  const primaryRef = useRef<HTMLButtonElement>(null);
  const [lookUpMessage, setLookUpMessage] = useState<string | null>(null);
  // Re-focus when the call returns too: the actions change even if the outcome's kind does not.
  useFocusOn(primaryRef, `${phase}:${outcome.kind}`);

  const amount = sale?.total ?? attempt?.amount ?? 0;
  const currency = sale?.currency;
  const terminalName = terminals.find((x) => x.serial === (sale?.terminalSerial ?? attempt?.terminalSerial))?.name ?? t('terminal.label');
  const waiting = phase === 'waiting';
  const store = useSaleStore.getState;

  const [lookUp, lookingUp] = useGuarded(async () => {
    if (!sale) return;
    setLookUpMessage(await lookUpSale(sale.id));
  });
  const newSale = () => store().reset();
  const again = () => store().prepareRemainder(amountInput(attempt?.amount ?? 0));
  const collectRemainder = () => sale && store().prepareRemainder(amountInput(sale.remainder));
  useShortcut('Escape', () => void cancelSale(), waiting);

  return (
    <section className="outcome-screen" aria-labelledby="outcome-title">
      {/* Not a live region itself: OutcomeAnnouncer reads each change out, once. */}
      <div className={`outcome outcome-${outcome.kind}`}>
        <p className="outcome-amount">{money(amount, currency)}</p>
        <h1 id="outcome-title" className="outcome-title">
          <span aria-hidden="true" className="outcome-symbol">
            {SYMBOL[outcome.kind]}
          </span>{' '}
          {title}
        </h1>
        <p className={`money-moved money-${outcome.money}`}>{moneyLine}</p>
        {waiting && <p className="outcome-help">{t('outcome.waitingHelp', { terminal: terminalName })}</p>}
        {outcome.kind === 'busy' && <p className="outcome-help">{t('outcome.busyHelp')}</p>}
        {outcome.kind === 'unknown' && <p className="outcome-help">{t('outcome.unknownHelp')}</p>}
        {outcome.kind === 'partial' && sale && <p className="outcome-remainder">{t('outcome.remainder', { amount: money(sale.remainder, sale.currency) })}</p>}
        {sale?.cardLast4 && <p>{t('outcome.card', { brand: sale.cardBrand ?? '', last4: sale.cardLast4 })}</p>}
        {sale?.authCode && <p>{t('outcome.auth', { code: sale.authCode })}</p>}
        {error && !waiting && <p className="outcome-error">{error.message}</p>}
        {sale?.message && <p>{t('outcome.message', { message: sale.message })}</p>}
        {sale?.problem && <ProblemLine problem={sale.problem} />}
        {sale && <p className="outcome-id">{t('outcome.saleNumber', { id: sale.id })}</p>}
      </div>
      <div className="outcome-side">
        <StatusLine tone="warn">{notice}</StatusLine>
        {waiting && (
          <>
            <ShortcutButton ref={primaryRef} shortcut="Escape" variant="danger" size="big" onClick={() => void cancelSale()} disabled={cancel === 'sending' || cancel === 'sent'}>
              {t('outcome.cancel')}
            </ShortcutButton>
            {cancel === 'sent' && <StatusLine tone="info">{t('outcome.cancelSent')}</StatusLine>}
            {cancel === 'failed' && (
              <div className="cancel-on-device" role="alert">
                <p>{t('outcome.cancelOnDevice')}</p>
                {cancelMessage && <p className="hint">{cancelMessage}</p>}
              </div>
            )}
          </>
        )}
        {!waiting && (
          <div className="actions column">
            {outcome.kind === 'partial' && (
              <ShortcutButton ref={primaryRef} shortcut="Enter" variant="primary" size="big" onClick={collectRemainder}>
                {t('outcome.collectRemainder')}
              </ShortcutButton>
            )}
            {outcome.kind === 'unknown' && sale && (
              <ShortcutButton ref={primaryRef} shortcut="Enter" variant="primary" size="big" onClick={lookUp} disabled={lookingUp} aria-busy={lookingUp}>
                {t('outcome.lookUp')}
              </ShortcutButton>
            )}
            {(outcome.kind === 'declined' || outcome.kind === 'cancelled' || outcome.kind === 'busy' || outcome.kind === 'error') && attempt && (
              <ShortcutButton ref={primaryRef} shortcut="Enter" variant="primary" size="big" onClick={again}>
                {t('outcome.tryAgain')}
              </ShortcutButton>
            )}
            <ShortcutButton ref={outcome.kind === 'approved' || outcome.kind === 'forced' || (outcome.kind === 'unknown' && !sale) ? primaryRef : undefined} shortcut="F1" size="big" onClick={newSale}>
              {t('outcome.newSale')}
            </ShortcutButton>
            <StatusLine tone="bad">{lookUpMessage}</StatusLine>
          </div>
        )}
        {sale && outcome.money === 'yes' && <ReceiptPanel saleId={sale.id} sendable={sale.entry === 'terminal'} />}
      </div>
    </section>
  );
}
