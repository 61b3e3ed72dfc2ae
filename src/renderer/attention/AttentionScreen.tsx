// F3: everything that waits for a person — sales and operations with an unknown outcome,
// records kept with a problem (approved late) and parked sync items.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OperationView, OutboxItemView, SaleView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { refreshInfo, refreshSync, refreshTerminals } from '../hooks/use-bootstrap';
import { useFocusOn } from '../hooks/use-focus';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine, type Tone } from '../ui/StatusLine';
import { ParkedItems } from './ParkedItems';
import { ProblemRecords } from './ProblemRecords';
import { UnresolvedOperationCard } from './UnresolvedOperationCard';
import { UnresolvedSaleCard } from './UnresolvedSaleCard';

const IN_PROGRESS_POLL_MS = 2_000;

export function AttentionScreen() {
  const { t } = useT();
  const [sales, setSales] = useState<SaleView[] | null>(null);
  const [parked, setParked] = useState<OutboxItemView[] | null>(null);
  const [operations, setOperations] = useState<OperationView[] | null>(null);
  const [problems, setProblems] = useState<{ sales: SaleView[]; operations: OperationView[] } | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: Tone } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOn(headingRef, 'attention');

  const load = useCallback(async () => {
    const [s, o, p, x] = await Promise.all([counter.recovery.list(), counter.recovery.operations(), counter.outbox.list({ state: 'parked' }), counter.recovery.problems()]);
    if (s.ok) setSales(s.value);
    if (o.ok) setOperations(o.value);
    if (p.ok) setParked(p.value);
    if (x.ok) setProblems(x.value);
    const failed = !s.ok ? s.error : !o.ok ? o.error : !p.ok ? p.error : !x.ok ? x.error : null;
    if (failed) setMessage({ text: t('attention.failed', { message: failed.message }), tone: 'bad' });
  }, [t]);
  useEffect(() => void load(), [load]);
  // A record in progress elsewhere ends without an event here (another process records it).
  const inProgress = Boolean(sales?.some((x) => x.inProgress) || operations?.some((x) => x.inProgress));
  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(() => {
      void load();
      void refreshInfo(); // the Needs-attention count
      void refreshTerminals(); // busy and blocked terminals
    }, IN_PROGRESS_POLL_MS);
    return () => clearInterval(timer);
  }, [inProgress, load]);

  const changed = () => {
    void load();
    void refreshInfo();
    void refreshSync();
    void refreshTerminals();
  };
  const say = (text: string, tone: Tone) => setMessage({ text, tone });

  return (
    <section className="attention" aria-labelledby="attention-heading">
      <div className="row spread">
        <h1 id="attention-heading" ref={headingRef} tabIndex={-1}>
          {t('attention.heading')}
        </h1>
        <ShortcutButton onClick={changed}>{t('attention.refresh')}</ShortcutButton>
      </div>
      <StatusLine tone={message?.tone ?? 'info'}>{message?.text}</StatusLine>
      <div className="attention-body">
        <section aria-labelledby="unresolved-heading">
          <h2 id="unresolved-heading">{t('attention.unresolved')}</h2>
          {sales && sales.length === 0 && <p className="empty">{t('attention.noneUnresolved')}</p>}
          {sales && sales.length > 0 && (
            <ul className="card-list">
              {sales.map((s) => (
                <UnresolvedSaleCard key={s.id} sale={s} onResolved={changed} onMessage={say} />
              ))}
            </ul>
          )}
        </section>
        {operations && operations.length > 0 && (
          <section aria-labelledby="operations-heading">
            <h2 id="operations-heading">{t('attention.operations')}</h2>
            <ul className="card-list">
              {operations.map((op) => (
                <UnresolvedOperationCard key={`${op.kind}-${op.id}`} op={op} onResolved={changed} onMessage={say} />
              ))}
            </ul>
          </section>
        )}
        {problems && problems.sales.length + problems.operations.length > 0 && (
          <section aria-labelledby="problems-heading">
            <h2 id="problems-heading">{t('attention.problems')}</h2>
            <ProblemRecords sales={problems.sales} operations={problems.operations} onAcknowledged={(text, tone) => (say(text, tone), changed())} />
          </section>
        )}
        <section aria-labelledby="parked-heading">
          <h2 id="parked-heading">{t('attention.parked')}</h2>
          {parked && <ParkedItems items={parked} onRetried={(text, tone) => (say(text, tone), changed())} />}
        </section>
      </div>
    </section>
  );
}
