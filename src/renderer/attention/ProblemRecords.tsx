// "Approved late and other problems": records the till kept although a check failed — above all
// money Clover took (or gave back) after the till had given up on it. They are already in the
// ledger, synced and on the end-of-day report; a manager checks each and acknowledges it.
import { useRef, useState } from 'react';
import type { OperationView, SaleView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import type { MessageKey } from '../i18n/en';
import { useGuarded } from '../hooks/use-guarded';
import { useT, type T } from '../hooks/use-t';
import { useTerminalStore } from '../stores/terminal-store';
import { ManagerPinField, takeManagerPin } from '../ui/ManagerPinField';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';

type Say = (text: string, tone: 'ok' | 'bad') => void;
type Kind = 'sale' | 'refund' | 'void' | 'credit';

function saleMoneyLine({ t, money }: T, sale: SaleView): string {
  if (sale.moneyMoved === 'yes') return t('outcome.moneyYes', { amount: money(sale.approvedAmount ?? sale.total, sale.currency) });
  return sale.moneyMoved === 'no' ? t('outcome.moneyNo') : t('outcome.moneyUnknown');
}

function opMoneyLine({ t, money }: T, op: OperationView): string {
  if (op.state === 'approved') return t('attention.opMoneyYes', { amount: money(op.amount, op.currency) });
  return op.state === 'declined' ? t('attention.opMoneyNo') : t('attention.opMoneyCheck');
}

/** The manager PIN, then the record leaves this list (the flag stays in the ledger). */
function AcknowledgeForm({ kind, id, record, onDone }: { kind: Kind; id: number; record: string; onDone: Say }) {
  const { t } = useT();
  const pinRef = useRef<HTMLInputElement>(null);
  const [pinTyped, setPinTyped] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [submit, busy] = useGuarded(async () => {
    const managerPin = takeManagerPin(pinRef, setPinTyped);
    if (!managerPin) return setError(t('attention.acknowledgeInvalid'));
    const r = await counter.recovery.acknowledge({ kind, id, managerPin });
    if (!r.ok) return setError(t('attention.failed', { message: r.error.message }));
    onDone(t('attention.acknowledged', { record }), 'ok');
  });
  return (
    <form
      className="acknowledge-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <ManagerPinField inputRef={pinRef} onFilled={setPinTyped} />
      <ShortcutButton type="submit" disabled={busy || !pinTyped} aria-busy={busy} aria-label={t('attention.acknowledgeRecord', { record })}>
        {t('attention.acknowledge')}
      </ShortcutButton>
      <StatusLine tone="bad">{error}</StatusLine>
    </form>
  );
}

function ProblemCard({ kind, id, title, facts, moneyLine, problem, record, onDone }: { kind: Kind; id: number; title: string; facts: string; moneyLine: string; problem: string; record: string; onDone: Say }) {
  const headingId = `problem-${kind}-${id}`;
  return (
    <li className="card-item problem-item" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <p>{facts}</p>
      <p className="money-line">{moneyLine}</p>
      <p className="problem-line">
        <span aria-hidden="true">⚠ </span>
        {problem}
      </p>
      <AcknowledgeForm kind={kind} id={id} record={record} onDone={onDone} />
    </li>
  );
}

export function ProblemRecords({ sales, operations, onAcknowledged }: { sales: SaleView[]; operations: OperationView[]; onAcknowledged: Say }) {
  const tt = useT();
  const { t, money, shortDateTime } = tt;
  const terminals = useTerminalStore((s) => s.terminals);
  const terminalOf = (sale: SaleView) => (sale.entry === 'keyed' ? t('sale.keyed') : (terminals.find((x) => x.serial === sale.terminalSerial)?.name ?? sale.terminalSerial));
  const stateOf = (state: string) => t(`state.${state}` as MessageKey);
  return (
    <>
      <p className="hint">{t('attention.problemsHint')}</p>
      <ul className="card-list">
        {sales.map((s) => {
          const record = t('outcome.saleNumber', { id: s.id });
          return (
            <ProblemCard
              key={`sale-${s.id}`}
              kind="sale"
              id={s.id}
              record={record}
              title={`${record} — ${money(s.total, s.currency)} — ${stateOf(s.state)}`}
              facts={`${shortDateTime(s.createdAt)} · ${terminalOf(s)}`}
              moneyLine={saleMoneyLine(tt, s)}
              problem={s.problem ?? ''}
              onDone={onAcknowledged}
            />
          );
        })}
        {operations.map((op) => {
          const record = t('attention.opNumber', { kind: t(`attention.kind.${op.kind}`), id: op.id });
          return (
            <ProblemCard
              key={`${op.kind}-${op.id}`}
              kind={op.kind}
              id={op.id}
              record={record}
              title={`${record} — ${money(op.amount, op.currency)}`}
              facts={`${shortDateTime(op.createdAt)}${op.saleId ? ` · ${t('outcome.saleNumber', { id: op.saleId })}` : ''}`}
              moneyLine={opMoneyLine(tt, op)}
              problem={op.problem ?? ''}
              onDone={onAcknowledged}
            />
          );
        })}
      </ul>
    </>
  );
}
