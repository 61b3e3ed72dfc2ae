// One sale: what happened, in words and amounts, what is still refundable, and its actions.
import type { SaleView } from '../../shared/contract/views';
import type { MessageKey } from '../i18n/en';
import { useT } from '../hooks/use-t';
import { useTerminalStore } from '../stores/terminal-store';
import { ReceiptPanel } from '../sale/ReceiptPanel';
import { InProgressLine } from '../ui/InProgressLine';
import { ProblemLine } from '../ui/ProblemLine';
import { RefundControls } from './RefundControls';

export function SaleDetail({ sale, onChanged }: { sale: SaleView; onChanged(): void }) {
  const { t, money, shortDateTime } = useT();
  const terminalName = useTerminalStore((s) => s.terminals.find((x) => x.serial === sale.terminalSerial)?.name ?? sale.terminalSerial);
  const m = (n: number) => money(n, sale.currency);
  const moneyLine = sale.moneyMoved === 'yes' ? t('outcome.moneyYes', { amount: m(sale.approvedAmount ?? sale.total) }) : sale.moneyMoved === 'no' ? t('outcome.moneyNo') : t('outcome.moneyUnknown');
  const doc = sale.target.ref ?? (sale.target.kind === 'walk_in' ? t('doc.walkIn') : `#${sale.target.id ?? ''}`);
  return (
    <article className="sale-detail" aria-labelledby={`sale-${sale.id}-title`}>
      <h2 id={`sale-${sale.id}-title`}>
        {t('detail.heading', { id: sale.id })} — <span className={`state state-${sale.state}`}>{t(`state.${sale.state}` as MessageKey)}</span>
        {sale.training && <span className="tag">{t('detail.training')}</span>}
      </h2>
      <p className={`money-moved money-${sale.moneyMoved}`}>{moneyLine}</p>
      {sale.inProgress && <InProgressLine progress={sale.inProgress} waitsFor="customer" />}
      {sale.problem && <ProblemLine problem={sale.problem} />}
      {sale.voided && <p className="voided-line">{t('detail.voidedLine')}</p>}
      {!sale.voided && sale.refunded > 0 && <p className="voided-line">{t('detail.refundedLine', { amount: m(sale.refunded) })}</p>}
      <dl className="facts">
        <div>
          <dt>{t('detail.total')}</dt>
          <dd className="num">{m(sale.total)}</dd>
        </div>
        {sale.surcharge > 0 && (
          <div>
            <dt>{t('detail.surcharge')}</dt>
            <dd className="num">{m(sale.surcharge)}</dd>
          </div>
        )}
        <div>
          <dt>{t('detail.refunded')}</dt>
          <dd className="num">{m(sale.refunded)}</dd>
        </div>
        <div>
          <dt>{t('detail.refundable')}</dt>
          <dd className="num">{m(sale.refundable)}</dd>
        </div>
        {sale.voided && (
          <div>
            <dt>{t('detail.voided')}</dt>
            <dd>{t('common.yes')}</dd>
          </div>
        )}
        <div>
          <dt>{t('detail.card')}</dt>
          <dd>{sale.cardLast4 ? t('outcome.card', { brand: sale.cardBrand ?? '', last4: sale.cardLast4 }) : '—'}</dd>
        </div>
        <div>
          <dt>{t('detail.document')}</dt>
          <dd>{doc}</dd>
        </div>
        <div>
          <dt>{t('detail.when')}</dt>
          <dd>{shortDateTime(sale.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('detail.terminal')}</dt>
          <dd>{sale.entry === 'keyed' ? t('sale.keyed') : terminalName}</dd>
        </div>
      </dl>
      {sale.forcedReason && <p>{t('detail.forcedReason', { reason: sale.forcedReason })}</p>}
      {sale.moneyMoved === 'yes' && <RefundControls sale={sale} onChanged={onChanged} />}
      {sale.moneyMoved === 'yes' && <ReceiptPanel saleId={sale.id} sendable={sale.entry === 'terminal'} />}
    </article>
  );
}
