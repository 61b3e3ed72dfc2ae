// One sale whose outcome is not known: look it up at Clover first (never charge again);
// settle it by hand only when Clover cannot tell. While another process or window still waits
// for the terminal's answer, neither is offered (the till would refuse): only Cancel.
import type { SaleView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import type { MessageKey } from '../i18n/en';
import { isUnresolved } from '../sale/attempt';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { useTerminalStore } from '../stores/terminal-store';
import { InProgressLine } from '../ui/InProgressLine';
import { ShortcutButton } from '../ui/ShortcutButton';
import { ResolveActions } from './ResolveActions';

type Say = (text: string, tone: 'ok' | 'bad' | 'warn' | 'info') => void;

/** Cancel at the terminal: the process waiting for the answer records how it ended. */
function CancelInProgress({ sale, onCancelled, onMessage }: { sale: SaleView; onCancelled(): void; onMessage: Say }) {
  const { t } = useT();
  const [cancel, cancelling] = useGuarded(async () => {
    const r = await counter.sales.cancel({ saleId: sale.id });
    if (!r.ok) return onMessage(t('attention.failed', { message: r.error.message }), 'bad');
    onMessage(r.value.message, r.value.requested ? 'info' : 'warn');
    onCancelled();
  });
  return (
    <div className="actions">
      <ShortcutButton variant="danger" onClick={cancel} disabled={cancelling} aria-busy={cancelling} aria-label={t('attention.cancelSale', { id: sale.id })}>
        {t('outcome.cancel')}
      </ShortcutButton>
    </div>
  );
}

export function UnresolvedSaleCard({ sale, onResolved, onMessage }: { sale: SaleView; onResolved(): void; onMessage: Say }) {
  const { t, money, shortDateTime } = useT();
  const terminalName = useTerminalStore((s) => s.terminals.find((x) => x.serial === sale.terminalSerial)?.name ?? sale.terminalSerial);
  const [lookUp, looking] = useGuarded(async () => {
    const r = await counter.recovery.resolve({ saleId: sale.id });
    if (!r.ok) return onMessage(t('attention.failed', { message: r.error.message }), 'bad');
    if (isUnresolved(r.value.state)) return onMessage(t('attention.stillUnknown', { id: sale.id }), 'warn');
    onMessage(t('attention.resolved', { id: sale.id, state: t(`state.${r.value.state}` as MessageKey) }), 'ok');
    onResolved();
  });
  const keyed = sale.entry === 'keyed';
  return (
    <li className="card-item" aria-labelledby={`unresolved-${sale.id}`}>
      <h3 id={`unresolved-${sale.id}`}>
        {t('outcome.saleNumber', { id: sale.id })} — {money(sale.total, sale.currency)} — <span className={`state state-${sale.state}`}>{t(`state.${sale.state}` as MessageKey)}</span>
      </h3>
      <p>
        {shortDateTime(sale.createdAt)} · {keyed ? t('sale.keyed') : terminalName}
      </p>
      <p className="money-line">{t('outcome.moneyUnknown')}</p>
      {sale.inProgress && <InProgressLine progress={sale.inProgress} waitsFor="customer" />}
      {sale.message && <p className="hint">{sale.message}</p>}
      {sale.inProgress ? (
        <>
          <p className="hint">{t(keyed ? 'attention.opInProgressHint' : 'attention.inProgressHint')}</p>
          {!keyed && <CancelInProgress sale={sale} onCancelled={onResolved} onMessage={onMessage} />}
        </>
      ) : (
        <ResolveActions
          lookUp={lookUp}
          looking={looking}
          formId={`sale-${sale.id}`}
          cloverIdKind="payment"
          force={({ cloverId, ...input }) => counter.recovery.force({ saleId: sale.id, ...input, ...(cloverId ? { cloverPaymentId: cloverId } : {}) })}
          doneMessage={t('attention.resolved', { id: sale.id, state: t('state.forced') })}
          onSettled={(text) => {
            onMessage(text, 'ok');
            onResolved();
          }}
        />
      )}
    </li>
  );
}
