// One sale whose outcome is not known: look it up at Clover first (never charge again);
// settle it by hand only when Clover cannot tell.
import type { SaleView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import type { MessageKey } from '../i18n/en';
import { isUnresolved } from '../sale/attempt';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { useTerminalStore } from '../stores/terminal-store';
import { ResolveActions } from './ResolveActions';

export function UnresolvedSaleCard({ sale, onResolved, onMessage }: { sale: SaleView; onResolved(): void; onMessage(text: string, tone: 'ok' | 'bad' | 'warn'): void }) {
  const { t, money, shortDateTime } = useT();
  const terminalName = useTerminalStore((s) => s.terminals.find((x) => x.serial === sale.terminalSerial)?.name ?? sale.terminalSerial);
  const [lookUp, looking] = useGuarded(async () => {
    const r = await counter.recovery.resolve({ saleId: sale.id });
    if (!r.ok) return onMessage(t('attention.failed', { message: r.error.message }), 'bad');
    if (isUnresolved(r.value.state)) return onMessage(t('attention.stillUnknown', { id: sale.id }), 'warn');
    onMessage(t('attention.resolved', { id: sale.id, state: t(`state.${r.value.state}` as MessageKey) }), 'ok');
    onResolved();
  });
  return (
    <li className="card-item" aria-labelledby={`unresolved-${sale.id}`}>
      <h3 id={`unresolved-${sale.id}`}>
        {t('outcome.saleNumber', { id: sale.id })} — {money(sale.total, sale.currency)} — <span className={`state state-${sale.state}`}>{t(`state.${sale.state}` as MessageKey)}</span>
      </h3>
      <p>
        {shortDateTime(sale.createdAt)} · {sale.entry === 'keyed' ? t('sale.keyed') : terminalName}
      </p>
      <p className="money-line">{t('outcome.moneyUnknown')}
      </p>
      {sale.message && <p className="hint">{sale.message}</p>}
      <ResolveActions
        lookUp={lookUp}
        looking={looking}
        formId={`sale-${sale.id}`}
        force={(input) => counter.recovery.force({ saleId: sale.id, ...input })}
        doneMessage={t('attention.resolved', { id: sale.id, state: t('state.forced') })}
        onSettled={(text) => {
          onMessage(text, 'ok');
          onResolved();
        }}
      />
    </li>
  );
}
